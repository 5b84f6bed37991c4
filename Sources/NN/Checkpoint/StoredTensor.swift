/// A tensor as a safetensors file stores it: its shape and its elements in one of the dtypes the
/// writer writes (F32 for parameters, I64 for counts such as `num_batches_tracked`, U8 for bytes
/// such as 8-bit images).
public struct StoredTensor: Equatable, Sendable {
    /// Row-major elements in the dtype they are stored as.
    public enum Elements: Equatable, Sendable {
        /// F32.
        case float32([Float])
        /// I64.
        case int64([Int64])
        /// U8.
        case uint8([UInt8])
    }

    /// The extent of each axis; `[]` for a scalar.
    public var shape: [Int]
    /// The elements; `shape.reduce(1, *)` of them (writers check it and throw
    /// `SafeTensorsError.Problem.shapeMismatch`).
    public var elements: Elements

    /// A F32 tensor of `values`.
    public init(shape: [Int], values: [Float]) {
        self.init(shape: shape, elements: .float32(values))
    }

    /// An I64 tensor of `values`.
    public init(shape: [Int], int64 values: [Int64]) {
        self.init(shape: shape, elements: .int64(values))
    }

    /// A U8 tensor of `values`.
    public init(shape: [Int], uint8 values: [UInt8]) {
        self.init(shape: shape, elements: .uint8(values))
    }

    /// A tensor of `elements`.
    public init(shape: [Int], elements: Elements) {
        self.shape = shape
        self.elements = elements
    }

    /// The dtype the elements are stored as.
    public var dtype: SafeTensorsDType {
        switch elements {
        case .float32: return .float32
        case .int64: return .int64
        case .uint8: return .uint8
        }
    }

    /// The number of elements.
    public var count: Int {
        switch elements {
        case let .float32(values): return values.count
        case let .int64(values): return values.count
        case let .uint8(values): return values.count
        }
    }

    /// The elements as Float32: F32 ones as stored; integers converted (exact up to 2^24 in
    /// magnitude, rounded to nearest beyond). Converting builds a new array: read it once, not
    /// once per element.
    public var values: [Float] {
        switch elements {
        case let .float32(values): return values
        case let .int64(values): return values.map(Float.init)
        case let .uint8(values): return values.map(Float.init)
        }
    }
}
