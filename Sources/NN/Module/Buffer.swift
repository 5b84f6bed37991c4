import Tensor

/// Persistent, non-trained state of a module (batch-norm running mean and variance): saved in
/// checkpoints and copied by EMA, but never given to an optimiser and never on the tape.
public final class Buffer {
    /// The current value.
    public var value: Tensor {
        didSet { value = value.detached() }
    }

    /// Wraps `value` (its tape history, if any, is dropped).
    public init(_ value: Tensor) {
        self.value = value.detached()
    }

    /// The shape of `value`.
    public var shape: [Int] { value.shape }
}
