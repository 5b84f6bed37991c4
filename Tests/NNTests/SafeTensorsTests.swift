import Foundation
import Testing
import NN

/// Row-major values offset + scale * i, as `ramp` in make_fixture.py computes them (in Double, then rounded).
private func ramp(_ count: Int, scale: Double, offset: Double) -> [Float] {
    (0..<count).map { Float(offset + scale * Double($0)) }
}

/// The F32 tensors of f32_only.safetensors, built in Swift the way make_fixture.py builds them.
private let pythonF32Tensors: [String: StoredTensor] = [
    "layer.2.weight": StoredTensor(shape: [3, 2], values: ramp(6, scale: -0.5, offset: 4.0)),
    "layer.10.weight": StoredTensor(shape: [2, 2, 2], values: ramp(8, scale: 1.0 / 3.0, offset: 0.0)),
    "a.bias": StoredTensor(shape: [2], values: [Float(Double.pi), Float(2.718281828459045)]),
    "Z": StoredTensor(shape: [], values: [-0.0]),
    "b": StoredTensor(shape: [0], values: []),
]

@Suite("SafeTensors")
struct SafeTensorsTests {
    @Test("reads every dtype and the metadata of a file written by Python")
    func readsPythonMixedDTypes() throws {
        let file = try SafeTensorsFile(contentsOf: FixtureFiles.url("mixed_dtypes.safetensors"))
        #expect(file.metadata == ["format": "pt", "note": "mixed dtypes fixture", "quote": "a \"b\" \\ c/d\n"])
        #expect(Set(file.names) == ["encoder.weight", "encoder.bias", "scale", "half", "double", "steps", "empty"])
        #expect(file.dtype(of: "half") == .float16)
        #expect(file.dtype(of: "steps") == .int64)

        let weight = try file.tensor(named: "encoder.weight")
        #expect(weight.shape == [2, 3, 4])
        #expect(weight.values == ramp(24, scale: 0.25, offset: -1.5))
        #expect(try file.tensor(named: "encoder.bias").values.map(\.bitPattern)
                    == [Float(1e-30), Float(-3.4e38), 7].map(\.bitPattern))
        #expect(try file.tensor(named: "scale") == StoredTensor(shape: [], values: [2.5]))
        #expect(try file.tensor(named: "half").values == [0.5, -2, 65504, 0x1p-14, 0x1p-24, 0])
        #expect(try file.tensor(named: "steps").values == [0, -7, 16_777_216])
        #expect(try file.tensor(named: "empty") == StoredTensor(shape: [0, 3], values: []))

        // F64 1e300 has no Float32 value: refused, naming the tensor and the element.
        let error = #expect(throws: SafeTensorsError.self) { try file.tensor(named: "double") }
        #expect(error?.problem == .notRepresentable(tensor: "double", index: 2, value: "1e+300"))
        #expect(error?.description.contains("mixed_dtypes.safetensors") == true)
    }

    @Test("reads bfloat16 bit patterns exactly")
    func readsBFloat16() throws {
        let file = try SafeTensorsFile(contentsOf: FixtureFiles.url("bf16.safetensors"))
        let values = try file.tensor(named: "brain").values
        #expect(values.map(\.bitPattern) == [0x3F80_0000, 0xC049_0000, 0x7F7F_0000, 0x0001_0000])
        #expect(values[1] == -3.140625)
        #expect(file.metadata == nil)
    }

    @Test("writes the bytes Python writes for the same F32 tensors")
    func writesPythonBytes() throws {
        let expected = try FixtureFiles.bytes("f32_only.safetensors")
        #expect(try SafeTensors.encode(pythonF32Tensors, metadata: ["format": "pt"]) == expected)
        let read = try SafeTensorsFile(bytes: expected).allTensors()
        #expect(read.mapValues { $0.values.map(\.bitPattern) } == pythonF32Tensors.mapValues { $0.values.map(\.bitPattern) })
        #expect(read.mapValues(\.shape) == pythonF32Tensors.mapValues(\.shape))
    }

    @Test("writes the bytes Python writes for I64, F32 and U8 tensors, and reads them back as written")
    func writesEveryWritableDType() throws {
        let tensors: [String: StoredTensor] = [
            "a.weight": StoredTensor(shape: [2, 2], values: ramp(4, scale: 0.75, offset: -1.0)),
            "b.num_batches_tracked": StoredTensor(shape: [], int64: [3]),
            "a.steps": StoredTensor(shape: [4], int64: [0, -1, 16_777_217, -(1 << 62) + 5]),
            "c.image": StoredTensor(shape: [2, 3], uint8: [0, 1, 127, 128, 254, 255]),
            "a.image": StoredTensor(shape: [0, 2], uint8: []),
            "z": StoredTensor(shape: [1], values: [0.5]),
        ]
        let expected = try FixtureFiles.bytes("writable_dtypes.safetensors")
        #expect(try SafeTensors.encode(tensors, metadata: ["format": "pt"]) == expected)
        let file = try SafeTensorsFile(bytes: expected)
        #expect(file.names == ["a.steps", "b.num_batches_tracked", "a.weight", "z", "a.image", "c.image"])
        #expect(try file.allTensors() == tensors)
        #expect(try file.tensor(named: "c.image").values == [0, 1, 127, 128, 254, 255])
    }

    @Test("metadata computed from the data section is written into the header")
    func metadataOfData() throws {
        let tensors = ["w": StoredTensor(shape: [2], values: [1, 2]), "b": StoredTensor(shape: [3], uint8: [7, 8, 9])]
        var seen: [UInt8] = []
        let bytes = try SafeTensors.encode(tensors, metadata: ["a": "1"]) { data in
            seen = Array(data)
            return ["size": "\(data.count)"]
        }
        #expect(seen == Array(bytes.suffix(11)))
        let file = try SafeTensorsFile(bytes: bytes)
        #expect(file.metadata == ["a": "1", "size": "11"])
        #expect(try file.allTensors() == tensors)
    }

    @Test("escapes names in the header as Python does")
    func escapesNames() throws {
        let name = "caf\u{E9}\t\u{01}\u{7F}/\"\\"
        let bytes = try SafeTensors.encode([name: StoredTensor(shape: [1], values: [1])])
        #expect(bytes == (try FixtureFiles.bytes("escaped_name.safetensors")))
        #expect(try SafeTensorsFile(bytes: bytes).names == [name])
    }

    @Test("a file written to disk reads back bit-identical, leaving no temporary file")
    func roundTripOnDisk() throws {
        let folder = try FixtureFiles.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("state.safetensors")
        let tensors = ["w": StoredTensor(shape: [2, 2], values: [.nan, -.infinity, .leastNonzeroMagnitude, -0.0])]
        try SafeTensors.write(tensors, metadata: ["step": "3", "a": "b"], to: url)
        try SafeTensors.write(tensors, metadata: ["step": "4"], to: url)
        let file = try SafeTensorsFile(contentsOf: url)
        #expect(file.metadata == ["step": "4"])
        #expect(try file.tensor(named: "w").values.map(\.bitPattern) == tensors["w"]!.values.map(\.bitPattern))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["state.safetensors"])
    }

    @Test("refuses truncated and corrupt files with the file and the problem named")
    func refusesCorruptFiles() throws {
        let good = try FixtureFiles.bytes("f32_only.safetensors")
        func problem(_ bytes: [UInt8]) -> SafeTensorsError.Problem? {
            let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(bytes: bytes, source: "bad.safetensors") }
            #expect(error?.file == "bad.safetensors")
            return error?.problem
        }
        #expect(problem(Array(good.prefix(5))) == .truncated(expected: 8, actual: 5))
        #expect(problem(Array(good.prefix(100))) == .truncated(expected: 352, actual: 100))
        #expect(problem(Array(good.dropLast())) == .truncated(expected: 420, actual: 419))
        #expect(problem([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) == .headerTooLarge(Int.max))
        #expect(problem(good + [0]) == .invalidOffsets(tensor: "layer.2.weight",
                                                         reason: "end at 68 but the data section holds 69 bytes"))

        var garbled = good
        garbled[8] = UInt8(ascii: "[")
        if case .invalidHeader = problem(garbled) {} else { Issue.record("expected an invalid header") }

        var shape = good
        let header = String(decoding: good[8..<352], as: UTF8.self)
            .replacingOccurrences(of: "\"shape\":[3,2]", with: "\"shape\":[3,3]")
        shape.replaceSubrange(8..<352, with: Array(header.utf8))
        #expect(problem(shape) == .invalidOffsets(tensor: "layer.2.weight",
                                                   reason: "span 24 bytes but shape [3, 3] of F32 needs 36"))

        var dtype = good
        let f8 = String(decoding: good[8..<352], as: UTF8.self)
            .replacingOccurrences(of: "{\"dtype\":\"F32\",\"shape\":[]", with: "{\"dtype\":\"F8\" ,\"shape\":[]")
        dtype.replaceSubrange(8..<352, with: Array(f8.utf8))
        #expect(problem(dtype) == .unsupportedDType(tensor: "Z", dtype: "F8"))

        let missing = #expect(throws: SafeTensorsError.self) {
            try SafeTensorsFile(contentsOf: URL(fileURLWithPath: "/nonexistent/x.safetensors"))
        }
        #expect(missing?.description.hasPrefix("/nonexistent/x.safetensors: cannot read") == true)
    }

    @Test("refuses to write a tensor whose values do not fill its shape")
    func refusesBadShapes() {
        let error = #expect(throws: SafeTensorsError.self) {
            try SafeTensors.encode(["w": StoredTensor(shape: [2, 3], values: [1, 2])], file: "out.safetensors")
        }
        #expect(error?.description == "out.safetensors: tensor 'w': shape [2, 3] needs 6 values, got 2")
    }
}
