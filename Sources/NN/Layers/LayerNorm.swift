import Tensor

/// Layer normalisation over one axis, as `torch.nn.LayerNorm(features)` for the last axis; with
/// `axis: 1` it normalises the channels of NCHW at each pixel (the "LayerNorm2d" of Restormer-style
/// networks) without permuting.
public final class LayerNorm: Module {
    /// Per-feature scale γ, initially 1 (nil when not affine).
    public let weight: Variable?
    /// Per-feature shift β, initially 0 (nil when not affine).
    public let bias: Variable?
    /// The normalised axis (negative counts from the end).
    public let axis: Int
    /// Added to the variance before the square root.
    public let epsilon: Float

    /// Layer norm over `features` values along `axis` (-1: the last axis; 1: channels of NCHW).
    public init(features: Int, axis: Int = -1, epsilon: Float = 1e-5, affine: Bool = true) {
        weight = affine ? Variable(Tensor.ones([features])) : nil
        bias = affine ? Variable(Tensor.zeros([features])) : nil
        self.axis = axis
        self.epsilon = epsilon
    }

    /// Normalises `x` along `axis`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.layerNorm(axis: axis, weight: weight?.value, bias: bias?.value, epsilon: epsilon)
    }
}
