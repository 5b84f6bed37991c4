import Tensor

/// A lookup table of `count` learned vectors of `dimension` values, as `torch.nn.Embedding`
/// (initialised from the standard normal).
public final class Embedding: Module {
    /// `[count, dimension]`.
    public let weight: Variable

    /// A table of `count` vectors of `dimension` values.
    public init(count: Int, dimension: Int, initializer: Initializer = .normal(mean: 0, std: 1),
                using stream: inout RandomStream) {
        weight = Variable(initializer.tensor([count, dimension], using: &stream))
    }

    /// The vectors of `indices` (each in `0..<count`), shaped `indexShape + [dimension]`
    /// (`indexShape` defaults to `[indices.count]`).
    public func callAsFunction(_ indices: [Int], shape indexShape: [Int]? = nil) -> Tensor {
        let count = weight.shape[0]
        for index in indices {
            precondition(index >= 0 && index < count, "Embedding: index \(index) outside 0..<\(count)")
        }
        let shape = indexShape ?? [indices.count]
        precondition(shape.reduce(1, *) == indices.count, "Embedding: \(indices.count) indices for shape \(shape)")
        return weight.value.indexSelect(axis: 0, indices: indices).reshaped(shape + [weight.shape[1]])
    }
}
