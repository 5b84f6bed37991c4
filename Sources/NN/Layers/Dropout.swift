import Tensor

/// Inverted dropout as `torch.nn.Dropout`: in training mode zeroes each value with probability
/// `probability` and scales survivors by `1/(1 − probability)`; the identity in evaluation mode.
/// The mask comes from the caller's stream, so training runs are reproducible.
public final class Dropout: Module {
    /// The drop probability, in `[0, 1)`.
    public let probability: Float

    /// Dropout with drop probability `probability`.
    public init(probability: Float) {
        precondition(probability >= 0 && probability < 1, "Dropout: probability \(probability) is outside [0, 1)")
        self.probability = probability
    }

    /// True when a forward pass would drop values (training mode and probability > 0).
    public var isActive: Bool { isTraining && probability > 0 }

    /// Applies dropout to `x`, drawing the mask from `stream` when active.
    public func callAsFunction(_ x: Tensor, using stream: inout RandomStream) -> Tensor {
        isActive ? x.dropout(probability: probability, using: &stream) : x
    }
}
