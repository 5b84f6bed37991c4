import Foundation
import NN
import Tensor
import Testing

/// Checkpoints carry a checksum of their tensors, checked on every read; atomic writes that fail
/// leave no temporary file.
@Suite struct CheckpointIntegrityTests {
    private let tensors = ["model.w": StoredTensor(shape: [4, 4], values: (0..<16).map { Float($0) / 3 }),
                           "optimizer.step": StoredTensor(shape: [1], int64: [7])]

    /// Writes the tensors checksummed into a fresh folder; returns the file.
    private func written() throws -> URL {
        let folder = try FixtureFiles.temporaryFolder()
        let url = folder.appendingPathComponent("checkpoint.safetensors")
        try SafeTensors.write(tensors, metadata: ["epoch": "3"], checksummed: true, to: url)
        return url
    }

    @Test func aChecksummedFileReadsBackAndRecordsItsChecksum() throws {
        let url = try written()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let file = try SafeTensorsFile(contentsOf: url)
        #expect(file.isChecksummed)
        #expect(file.metadata?["checksum"]?.count == 16)
        #expect(try file.allTensors() == tensors)
    }

    @Test func bytesOverwrittenInsideATensorAreDetectedAndNameTheFile() throws {
        let url = try written()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[bytes.count - 5] ^= 0x40  // inside model.w's data: same length, same layout
        try Data(bytes).write(to: url)
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(contentsOf: url) }
        guard case .checksumMismatch? = error?.problem else {
            Issue.record("expected a checksum mismatch, got \(String(describing: error))")
            return
        }
        #expect(error?.file == url.path)
        #expect(error?.description.hasPrefix("\(url.path): checksum ") == true)
        #expect(error?.description.hasSuffix("the tensors' bytes changed after the file was written") == true)
    }

    @Test func aTruncatedFileIsAnErrorNamingTheFile() throws {
        let url = try written()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count - 10).write(to: url)
        #expect(throws: SafeTensorsError(file: url.path, problem: .truncated(expected: bytes.count, actual: bytes.count - 10))) {
            try SafeTensorsFile(contentsOf: url)
        }
    }

    @Test func aFileWithoutAChecksumStillReads() throws {
        let bytes = try SafeTensors.encode(tensors, metadata: ["epoch": "3"])
        let file = try SafeTensorsFile(bytes: bytes)
        #expect(!file.isChecksummed)
        #expect(try file.allTensors() == tensors)
    }

    @Test func aFailedAtomicWriteLeavesNoTemporaryFileAndKeepsTheOldContents() throws {
        let url = try written()
        let folder = url.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try Data(contentsOf: url)
        struct DiskFull: Error {}
        // Half the bytes reach the temporary file, then the disk is full.
        #expect(throws: AtomicFile.WriteError.self) {
            try AtomicFile.write([UInt8](repeating: 1, count: 4096), to: url) { bytes, path in
                try AtomicFile.writeAll(UnsafeRawBufferPointer(rebasing: bytes[..<2048]), to: path)
                #expect(FileManager.default.fileExists(atPath: path))
                throw DiskFull()
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["checkpoint.safetensors"])
        #expect(try Data(contentsOf: url) == before)
        // The writer's own failures name the file and the operating system's reason.
        let missing = folder.appendingPathComponent("no-such-folder/checkpoint.safetensors")
        let error = #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write([1, 2, 3], to: missing) }
        #expect(error?.reason == "cannot create: No such file or directory")
        #expect(error?.file.hasPrefix(folder.appendingPathComponent("no-such-folder/.checkpoint.safetensors.").path) == true)
    }

    @Test func aTrainingCheckpointWithAlteredWeightsIsNotLoaded() throws {
        let folder = try FixtureFiles.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("checkpoint.safetensors")
        var stream = RandomStream(seed: 1)
        func linear() -> Linear { Linear(inputs: 3, outputs: 2, using: &stream) }
        let model = linear()
        try TrainingCheckpoint.save(to: url, model: model, metadata: ["epoch": "1"])
        #expect(try TrainingCheckpoint.load(from: url, model: linear()) == ["epoch": "1"])
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[bytes.count - 1] ^= 0x01
        try Data(bytes).write(to: url)
        #expect(throws: SafeTensorsError.self) { try TrainingCheckpoint.load(from: url, model: linear()) }
        #expect(throws: SafeTensorsError.self) { try linear().load(from: url) }
    }
}
