import Foundation

/// Writes Float32 tensors in the safetensors format, byte for byte as the Python `safetensors`
/// package (0.4–0.8) writes the same F32 tensors.
///
/// Hand-written: no maintained Swift implementation of the format is available here. Python's
/// layout: tensors ordered by name (byte-wise; all are F32 so dtype does not reorder them), the
/// header JSON compact as serde_json prints it, padded with spaces to a multiple of 8 bytes.
/// Python orders a metadata map of several keys by a random hash; this writer sorts the keys,
/// so byte identity with Python holds for metadata of at most one key.
public enum SafeTensors {
    /// The complete file bytes for `tensors` and optional `metadata` (nil omits `__metadata__`).
    /// `file` names the destination in errors.
    public static func encode(_ tensors: [String: StoredTensor], metadata: [String: String]? = nil,
                              file: String = "<memory>") throws -> [UInt8] {
        let names = tensors.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var header = "{"
        var fields: [String] = []
        if let metadata {
            let keys = metadata.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            let pairs = keys.map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            fields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for name in names {
            let tensor = tensors[name]!
            guard !name.isEmpty, name != "__metadata__" else {
                throw SafeTensorsError(file: file, problem: .invalidName(name))
            }
            guard tensor.shape.allSatisfy({ $0 >= 0 }), tensor.shape.reduce(1, *) == tensor.values.count else {
                throw SafeTensorsError(file: file, problem: .shapeMismatch(tensor: name, shape: tensor.shape,
                                                                           valueCount: tensor.values.count))
            }
            let end = offset + 4 * tensor.values.count
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append("\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        header += fields.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        headerBytes += [UInt8](repeating: 0x20, count: (8 - headerBytes.count % 8) % 8)

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { bytes += $0 }
        bytes += headerBytes
        for name in names {
            for value in tensors[name]!.values {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
            }
        }
        return bytes
    }

    /// Writes `tensors` and `metadata` to `url` atomically: the bytes go to a temporary file in the
    /// same folder, which is then renamed over `url`, so a reader never sees a partial checkpoint.
    public static func write(_ tensors: [String: StoredTensor], metadata: [String: String]? = nil,
                             to url: URL) throws {
        let bytes = try encode(tensors, metadata: metadata, file: url.path)
        try writeAtomically(Data(bytes), to: url)
    }

    /// Writes `data` to a temporary sibling of `url`, then renames it over `url`.
    static func writeAtomically(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw SafeTensorsError(file: url.path, problem: .io("cannot write \(temporary.path): \(error.localizedDescription)"))
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw SafeTensorsError(file: url.path, problem: .io("cannot rename temporary file into place: \(reason)"))
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
