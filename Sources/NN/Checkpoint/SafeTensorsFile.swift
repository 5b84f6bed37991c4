import Foundation

/// A safetensors file read into memory: its header is parsed and checked at once, and each
/// tensor's bytes are read when asked for: F32, I64 and U8 as stored, other dtypes converted to F32.
///
/// The layout (https://github.com/huggingface/safetensors): an 8-byte little-endian header length
/// N, N bytes of JSON mapping each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}`
/// (plus an optional `"__metadata__"` map of strings), then the data, each tensor's bytes
/// little-endian and row-major at `8 + N + begin ..< 8 + N + end`.
/// Checks follow the Python package: data regions must tile the data section exactly. A file whose
/// metadata records a `SafeTensorsChecksum` (run checkpoints, data caches) must also match it.
public struct SafeTensorsFile: Sendable {
    /// One tensor's header entry.
    struct Entry: Sendable {
        var dtype: SafeTensorsDType
        var shape: [Int]
        var begin: Int
        var end: Int
    }

    /// Where the bytes came from (a path or `"<memory>"`), used in error messages.
    public let source: String
    /// The `__metadata__` map, or nil when the file has none.
    public let metadata: [String: String]?
    /// The tensor names in the order their data appears in the file.
    public let names: [String]
    /// True when the file records a checksum of its data (and so matched it: reading checks it).
    public var isChecksummed: Bool { metadata?[SafeTensorsChecksum.metadataKey] != nil }
    private let entries: [String: Entry]
    private let data: [UInt8]

    /// Reads and checks the safetensors file at `url`.
    public init(contentsOf url: URL) throws {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            throw SafeTensorsError(file: url.path, problem: .io("cannot read: \(error.localizedDescription)"))
        }
        try self.init(bytes: [UInt8](bytes), source: url.path)
    }

    /// Parses and checks safetensors `bytes`; `source` names them in errors.
    public init(bytes: [UInt8], source: String = "<memory>") throws {
        func fail(_ problem: SafeTensorsError.Problem) -> SafeTensorsError {
            SafeTensorsError(file: source, problem: problem)
        }
        self.source = source
        guard bytes.count >= 8 else { throw fail(.truncated(expected: 8, actual: bytes.count)) }
        var headerLength: UInt64 = 0
        for index in 0..<8 { headerLength |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        guard headerLength <= 100_000_000 else { throw fail(.headerTooLarge(Int(clamping: headerLength))) }
        let dataStart = 8 + Int(headerLength)
        guard bytes.count >= dataStart else { throw fail(.truncated(expected: dataStart, actual: bytes.count)) }

        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart]))
        } catch {
            throw fail(.invalidHeader("not valid JSON (\(error.localizedDescription))"))
        }
        guard let object = json as? [String: Any] else { throw fail(.invalidHeader("not a JSON object")) }

        var metadata: [String: String]?
        var entries: [String: Entry] = [:]
        for (name, value) in object {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else {
                    throw fail(.invalidHeader("__metadata__ is not an object"))
                }
                var strings: [String: String] = [:]
                for (key, item) in map {
                    guard let string = item as? String else {
                        throw fail(.invalidHeader("__metadata__ value of '\(key)' is not a string"))
                    }
                    strings[key] = string
                }
                metadata = strings
                continue
            }
            entries[name] = try Self.parseEntry(name: name, value: value, fail: fail)
        }

        let ordered = entries.sorted { ($0.value.begin, $0.value.end, $0.key) < ($1.value.begin, $1.value.end, $1.key) }
        var expectedBegin = 0
        for (name, entry) in ordered {
            guard entry.begin == expectedBegin else {
                throw fail(.invalidOffsets(tensor: name, reason: "start at \(entry.begin), expected \(expectedBegin) (gap or overlap)"))
            }
            expectedBegin = entry.end
        }
        let dataLength = bytes.count - dataStart
        guard expectedBegin == dataLength else {
            if expectedBegin > dataLength {
                throw fail(.truncated(expected: dataStart + expectedBegin, actual: bytes.count))
            }
            throw fail(.invalidOffsets(tensor: ordered.last?.key ?? "",
                                       reason: "end at \(expectedBegin) but the data section holds \(dataLength) bytes"))
        }
        if let recorded = metadata?[SafeTensorsChecksum.metadataKey] {
            let actual = SafeTensorsChecksum.hex(of: bytes[dataStart...])
            guard actual == recorded else { throw fail(.checksumMismatch(recorded: recorded, actual: actual)) }
        }
        self.metadata = metadata
        self.entries = entries
        self.names = ordered.map(\.key)
        self.data = Array(bytes[dataStart...])
    }

    private static func parseEntry(name: String, value: Any,
                                   fail: (SafeTensorsError.Problem) -> SafeTensorsError) throws -> Entry {
        guard let fields = value as? [String: Any] else {
            throw fail(.invalidEntry(tensor: name, field: "(entry)", reason: "is not a JSON object"))
        }
        guard let dtypeName = fields["dtype"] as? String else {
            throw fail(.invalidEntry(tensor: name, field: "dtype", reason: "is missing or not a string"))
        }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            throw fail(.unsupportedDType(tensor: name, dtype: dtypeName))
        }
        guard let shape = Self.naturals(fields["shape"]) else {
            throw fail(.invalidEntry(tensor: name, field: "shape", reason: "is missing or not a list of non-negative integers"))
        }
        guard let offsets = Self.naturals(fields["data_offsets"]), offsets.count == 2 else {
            throw fail(.invalidEntry(tensor: name, field: "data_offsets", reason: "is missing or not two non-negative integers"))
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin <= end else {
            throw fail(.invalidOffsets(tensor: name, reason: "begin \(begin) is after end \(end)"))
        }
        var count = 1
        for extent in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw fail(.invalidEntry(tensor: name, field: "shape", reason: "overflows")) }
            count = product
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.byteCount)
        guard !overflow, byteCount == end - begin else {
            throw fail(.invalidOffsets(tensor: name,
                                       reason: "span \(end - begin) bytes but shape \(shape) of \(dtypeName) needs \(byteCount)"))
        }
        return Entry(dtype: dtype, shape: shape, begin: begin, end: end)
    }

    /// A JSON list of non-negative integers, or nil.
    private static func naturals(_ value: Any?) -> [Int]? {
        guard let list = value as? [Any] else { return nil }
        var result: [Int] = []
        for item in list {
            guard let integer = item as? Int, integer >= 0 else { return nil }
            result.append(integer)
        }
        return result
    }

    /// The stored dtype of tensor `name`, or nil if there is no such tensor.
    public func dtype(of name: String) -> SafeTensorsDType? { entries[name]?.dtype }

    /// The shape of tensor `name`, or nil if there is no such tensor.
    public func shape(of name: String) -> [Int]? { entries[name]?.shape }

    /// Tensor `name`: F32, I64 and U8 tensors as stored (what `SafeTensors` writes reads back
    /// equal), every other dtype converted to F32.
    ///
    /// Floating-point dtypes convert by rounding to nearest (exact for F16 and BF16); a finite F64
    /// beyond Float32's range throws. The other integer and bool dtypes convert exactly or throw when
    /// a value's magnitude exceeds 2^24.
    public func tensor(named name: String) throws -> StoredTensor {
        guard let entry = entries[name] else {
            throw SafeTensorsError(file: source, problem: .missingTensor(name))
        }
        let count = (entry.end - entry.begin) / entry.dtype.byteCount
        let elements: StoredTensor.Elements = try data.withUnsafeBytes { raw in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[entry.begin..<entry.end])
            switch entry.dtype {
            case .uint8:
                return .uint8(Array(bytes))
            case .int64:
                return .int64((0..<count).map { Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self)) })
            default:
                var values = [Float](repeating: 0, count: count)
                for index in 0..<count { values[index] = try convert(bytes, index, entry.dtype, name) }
                return .float32(values)
            }
        }
        return StoredTensor(shape: entry.shape, elements: elements)
    }

    /// Every tensor of the file (see `tensor(named:)`).
    public func allTensors() throws -> [String: StoredTensor] {
        var result: [String: StoredTensor] = [:]
        for name in names { result[name] = try tensor(named: name) }
        return result
    }

    private func convert(_ bytes: UnsafeRawBufferPointer, _ index: Int, _ dtype: SafeTensorsDType,
                         _ name: String) throws -> Float {
        func load<T: FixedWidthInteger>(_: T.Type) -> T {
            T(littleEndian: bytes.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.size, as: T.self))
        }
        func exact<T: BinaryInteger>(_ value: T) throws -> Float {
            guard value.magnitude <= 1 << 24 else {
                throw SafeTensorsError(file: source, problem: .notRepresentable(tensor: name, index: index, value: "\(value)"))
            }
            return Float(value)
        }
        switch dtype {
        case .float32: return Float(bitPattern: load(UInt32.self))
        case .float16: return HalfPrecision.float(fromHalfBits: load(UInt16.self))
        case .bfloat16: return HalfPrecision.float(fromBFloat16Bits: load(UInt16.self))
        case .float64:
            let double = Double(bitPattern: load(UInt64.self))
            let single = Float(double)
            if single.isInfinite && double.isFinite {
                throw SafeTensorsError(file: source, problem: .notRepresentable(tensor: name, index: index, value: "\(double)"))
            }
            return single
        case .int64: return try exact(load(Int64.self))
        case .int32: return try exact(load(Int32.self))
        case .int16: return Float(load(Int16.self))
        case .int8: return Float(load(Int8.self))
        case .uint64: return try exact(load(UInt64.self))
        case .uint32: return try exact(load(UInt32.self))
        case .uint16: return Float(load(UInt16.self))
        case .uint8: return Float(load(UInt8.self))
        case .bool: return load(UInt8.self) == 0 ? 0 : 1
        }
    }
}
