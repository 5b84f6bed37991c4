import Tensor

/// Persistent, non-trained state of a module (batch-norm running mean, variance and batch count):
/// saved in checkpoints and copied by EMA, but never given to an optimiser and never on the tape.
public final class Buffer {
    /// The current value.
    public var value: Tensor {
        didSet { value = value.detached() }
    }

    /// The dtype checkpoints store the value as: F32, or I64 for a count (the value is held as
    /// Float32 all the same, so a count is exact up to 2^24).
    public let dtype: SafeTensorsDType

    /// Wraps `value` (its tape history, if any, is dropped), stored in checkpoints as `dtype`
    /// (`.float32` or `.int64`).
    public init(_ value: Tensor, storedAs dtype: SafeTensorsDType = .float32) {
        precondition(dtype == .float32 || dtype == .int64, "Buffer: stored as \(dtype.rawValue); F32 or I64 expected")
        self.value = value.detached()
        self.dtype = dtype
    }

    /// The shape of `value`.
    public var shape: [Int] { value.shape }

    /// The value as a checkpoint stores it.
    public var stored: StoredTensor {
        guard dtype == .int64 else { return value.stored }
        return StoredTensor(shape: shape, int64: value.scalars.map { Int64($0.rounded()) })
    }
}
