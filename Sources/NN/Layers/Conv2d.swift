import Tensor

/// A 2-D convolution over NCHW input with PyTorch's weight layout `[out, in/groups, kh, kw]`,
/// stride, zero padding, dilation and groups, and PyTorch's default initialisation.
/// `Conv2d.depthwise` builds the depthwise case (one filter per channel).
public final class Conv2d: Module {
    /// `[outChannels, inChannels/groups, kernelHeight, kernelWidth]`.
    public let weight: Variable
    /// `[outChannels]`, or nil.
    public let bias: Variable?
    /// Step between output positions (vertical, horizontal).
    public let stride: (Int, Int)
    /// Zero padding added on each side (vertical, horizontal).
    public let padding: (Int, Int)
    /// Spacing between kernel taps (vertical, horizontal).
    public let dilation: (Int, Int)
    /// Number of channel groups (inChannels for depthwise).
    public let groups: Int

    /// A convolution from `inChannels` to `outChannels` with a `kernelSize` kernel. Both channel
    /// counts must be divisible by `groups`. By default weight and bias are uniform on `±1/√fanIn`
    /// (fanIn = inChannels/groups·kh·kw), as `torch.nn.Conv2d`.
    public init(inChannels: Int, outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
                padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1, bias: Bool = true,
                weightInit: Initializer = .pytorchDefault, biasInit: Initializer? = nil,
                using stream: inout RandomStream) {
        precondition(groups > 0 && inChannels % groups == 0 && outChannels % groups == 0,
                     "Conv2d: channels \(inChannels)→\(outChannels) are not divisible by groups \(groups)")
        let shape = [outChannels, inChannels / groups, kernelSize.0, kernelSize.1]
        weight = Variable(weightInit.tensor(shape, using: &stream))
        let fanIn = Initializer.fans(shape).fanIn
        self.bias = bias
            ? Variable((biasInit ?? Initializer.pytorchDefaultBias(fanIn: fanIn)).tensor([outChannels], using: &stream))
            : nil
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
    }

    /// A square-kernel convolution with equal stride and padding on both axes.
    public convenience init(inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                            groups: Int = 1, bias: Bool = true, using stream: inout RandomStream) {
        self.init(inChannels: inChannels, outChannels: outChannels, kernelSize: (kernelSize, kernelSize),
                  stride: (stride, stride), padding: (padding, padding), groups: groups, bias: bias, using: &stream)
    }

    /// A depthwise convolution: `channels` in and out, one `kernelSize` filter per channel.
    public static func depthwise(channels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                                 bias: Bool = true, using stream: inout RandomStream) -> Conv2d {
        Conv2d(inChannels: channels, outChannels: channels, kernelSize: kernelSize, stride: stride,
               padding: padding, groups: channels, bias: bias, using: &stream)
    }

    /// Applies the convolution to `x [N, inChannels, H, W]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.conv2d(weight: weight.value, bias: bias?.value, stride: stride, padding: padding,
                 dilation: dilation, groups: groups)
    }
}
