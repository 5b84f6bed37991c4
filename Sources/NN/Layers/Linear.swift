import Tensor

/// A fully connected layer `y = x·Wᵀ + b` over the last axis, with PyTorch's layout
/// (`weight [outputs, inputs]`, `bias [outputs]`) and default initialisation.
public final class Linear: Module {
    /// `[outputs, inputs]`.
    public let weight: Variable
    /// `[outputs]`, or nil for a layer without bias.
    public let bias: Variable?

    /// A layer from `inputs` to `outputs` features. By default the weight and bias are uniform on
    /// `±1/√inputs`, as `torch.nn.Linear`.
    public init(inputs: Int, outputs: Int, bias: Bool = true, weightInit: Initializer = .pytorchDefault,
                biasInit: Initializer? = nil, using stream: inout RandomStream) {
        weight = Variable(weightInit.tensor([outputs, inputs], using: &stream))
        self.bias = bias
            ? Variable((biasInit ?? Initializer.pytorchDefaultBias(fanIn: inputs)).tensor([outputs], using: &stream))
            : nil
    }

    /// Applies the layer to `x [..., inputs]`, giving `[..., outputs]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.linear(weight: weight.value, bias: bias?.value)
    }
}
