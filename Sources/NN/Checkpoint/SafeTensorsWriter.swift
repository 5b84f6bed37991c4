import Foundation

/// Writes tensors in the safetensors format, byte for byte as the Python `safetensors` package
/// (0.4–0.8) writes the same tensors: F32, I64 and U8 (`StoredTensor.Elements`).
///
/// Hand-written: no maintained Swift implementation of the format is available here. Python's
/// layout: tensors ordered by dtype (I64, then F32, then U8: the reverse of the order of Rust's
/// `Dtype` enum), then by name (byte-wise); the header lists them in that order after
/// `__metadata__`, as compact JSON the way serde_json prints it, padded with spaces to a multiple
/// of 8 bytes. Python orders a metadata map of several keys by a random hash; this writer sorts the
/// keys, so byte identity with Python holds for metadata of at most one key.
public enum SafeTensors {
    /// The complete file bytes for `tensors` and optional `metadata` (nil omits `__metadata__`).
    /// `file` names the destination in errors.
    ///
    /// `metadataOfData`, when given, is called with the data section once it is laid out, and the
    /// entries it returns join the metadata (a checksum of the data, say). The data is laid out
    /// first and the header put in front of it in place, and each tensor is released once copied
    /// (pass `tensors` with `consume` to free them as the file grows), so a large file is not
    /// held twice. `checksummed` records the data section's `SafeTensorsChecksum` in the metadata,
    /// which `SafeTensorsFile` then checks on every read.
    public static func encode(_ tensors: consuming [String: StoredTensor], metadata: [String: String]? = nil,
                              file: String = "<memory>", checksummed: Bool = false,
                              metadataOfData: ((ArraySlice<UInt8>) -> [String: String])? = nil) throws -> [UInt8] {
        let names = tensors.keys.sorted { a, b in
            let (rankA, rankB) = (order(of: tensors[a]!.elements), order(of: tensors[b]!.elements))
            return rankA != rankB ? rankA < rankB : Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
        }
        var fields: [String] = []
        var offset = 0
        for name in names {
            let tensor = tensors[name]!
            guard !name.isEmpty, name != "__metadata__" else {
                throw SafeTensorsError(file: file, problem: .invalidName(name))
            }
            guard tensor.shape.allSatisfy({ $0 >= 0 }), tensor.shape.reduce(1, *) == tensor.count else {
                throw SafeTensorsError(file: file, problem: .shapeMismatch(tensor: name, shape: tensor.shape,
                                                                           valueCount: tensor.count))
            }
            let end = offset + tensor.dtype.byteCount * tensor.count
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append("\(jsonString(name)):{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }

        var bytes: [UInt8] = []
        let headerEstimate = fields.reduce(64) { $0 + $1.utf8.count + 1 }
            + (metadata ?? [:]).reduce(256) { $0 + $1.key.utf8.count + $1.value.utf8.count + 8 }
        bytes.reserveCapacity(8 + headerEstimate + offset)
        for name in names {
            append(tensors[name]!.elements, to: &bytes)
            tensors[name] = nil
        }

        var metadata = metadata
        if let metadataOfData {
            metadata = (metadata ?? [:]).merging(metadataOfData(bytes[...])) { $1 }
        }
        if checksummed {
            metadata = (metadata ?? [:]).merging([SafeTensorsChecksum.metadataKey: SafeTensorsChecksum.hex(of: bytes[...])]) { $1 }
        }
        if let metadata {
            let keys = metadata.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            let pairs = keys.map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            fields.insert("\"__metadata__\":{\(pairs.joined(separator: ","))}", at: 0)
        }
        var header = Array(("{" + fields.joined(separator: ",") + "}").utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        var prefix: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { prefix += $0 }
        bytes.insert(contentsOf: prefix + header, at: 0)
        return bytes
    }

    /// Where tensors of these elements' dtype come in the file, as Python orders them (lower first).
    private static func order(of elements: StoredTensor.Elements) -> Int {
        switch elements {
        case .int64: return 0
        case .float32: return 1
        case .uint8: return 2
        }
    }

    /// Appends `elements` little-endian.
    private static func append(_ elements: StoredTensor.Elements, to bytes: inout [UInt8]) {
        switch elements {
        case let .uint8(values):
            bytes += values
        case let .float32(values):
            #if _endian(little)
            values.withUnsafeBytes { bytes += $0 }
            #else
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
            #endif
        case let .int64(values):
            #if _endian(little)
            values.withUnsafeBytes { bytes += $0 }
            #else
            for value in values { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
            #endif
        }
    }

    /// Writes `tensors` and `metadata` to `url` atomically: the bytes go to a temporary file in the
    /// same folder, which is then renamed over `url`, so a reader never sees a partial checkpoint.
    /// `checksummed` records the checksum of the tensors' bytes (see `encode`).
    public static func write(_ tensors: [String: StoredTensor], metadata: [String: String]? = nil,
                             checksummed: Bool = false, to url: URL) throws {
        let bytes = try encode(tensors, metadata: metadata, file: url.path, checksummed: checksummed)
        do {
            try AtomicFile.write(bytes, to: url)
        } catch let error as AtomicFile.WriteError {
            throw SafeTensorsError(file: url.path, problem: .io(error.reason))
        }
    }

    /// `string` as a JSON string literal, escaped exactly as serde_json escapes it.
    static func jsonString(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
