import Tensor

/// A two-layer perceptron over the last axis, as the feed-forward block of a transformer:
/// `fc2(dropout(activation(fc1(x))))` followed by dropout.
public final class MLP: Module {
    /// Input → hidden.
    public let fc1: Linear
    /// Hidden → output.
    public let fc2: Linear
    /// Dropout after the activation and after `fc2`.
    public let dropout: Dropout
    /// The hidden nonlinearity.
    public let activation: Activation

    /// An MLP `inputs → hidden → outputs` (outputs default to inputs).
    public init(inputs: Int, hidden: Int, outputs: Int? = nil, activation: Activation = .gelu,
                dropout: Float = 0, using stream: inout RandomStream) {
        fc1 = Linear(inputs: inputs, outputs: hidden, using: &stream)
        fc2 = Linear(inputs: hidden, outputs: outputs ?? inputs, using: &stream)
        self.dropout = Dropout(probability: dropout)
        self.activation = activation
    }

    /// Applies the MLP to `x [..., inputs]`; `stream` draws the dropout masks.
    public func callAsFunction(_ x: Tensor, using stream: inout RandomStream) -> Tensor {
        dropout(fc2(dropout(activation(fc1(x)), using: &stream)), using: &stream)
    }

    /// Applies the MLP when dropout is inactive (probability 0 or evaluation mode).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(!dropout.isActive, "MLP: dropout is active in training mode; pass a random stream")
        return fc2(activation(fc1(x)))
    }
}
