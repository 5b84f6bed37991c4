/// A tensor's Float32 values in row-major order with its shape: what a checkpoint stores per name.
public struct StoredTensor: Equatable, Sendable {
    /// The extent of each axis; `[]` for a scalar.
    public var shape: [Int]
    /// The values, row-major; `shape.reduce(1, *)` of them.
    public var values: [Float]

    /// Creates a stored tensor; `values.count` must equal the product of `shape`
    /// (writers check it and throw `SafeTensorsError.Problem.shapeMismatch`).
    public init(shape: [Int], values: [Float]) {
        self.shape = shape
        self.values = values
    }
}
