import NN
import Tensor

/// DGNet: prior-modulated gated feed-forward (Restormer's GDFN with DiffIR's modulation):
/// modulation, 1×1 convolution C → 2·γ·C, depthwise 3×3, split in two halves, `GELU(x1) ⊙ x2`,
/// 1×1 convolution γ·C → C.
public final class DGNet: Module {
    /// `x' = x ⊙ W1·Z + W2·Z`, or nil for the plain block.
    public let modulation: PriorModulation?
    /// 1×1 convolution C → 2·γ·C.
    public let expand: Conv2d
    /// Depthwise 3×3 convolution over the 2·γ·C channels.
    public let depthwise: Conv2d
    /// 1×1 convolution γ·C → C.
    public let contract: Conv2d

    /// A DGNet over `channels` channels with hidden width `expansion · channels`.
    public init(channels: Int, expansion: Int, priorDimension: Int?, modulationBias: Bool = true,
                using stream: inout RandomStream) {
        let hidden = expansion * channels
        modulation = priorDimension.map { PriorModulation(channels: channels, priorDimension: $0, bias: modulationBias, using: &stream) }
        expand = Conv2d(inChannels: channels, outChannels: 2 * hidden, kernelSize: 1, bias: false, using: &stream)
        depthwise = Conv2d.depthwise(channels: 2 * hidden, kernelSize: 3, padding: 1, bias: false, using: &stream)
        contract = Conv2d(inChannels: hidden, outChannels: channels, kernelSize: 1, bias: false, using: &stream)
    }

    /// The gated feed-forward of `x [N, C, H, W]`, modulated by `prior [N, D]` when it has a modulation.
    public func callAsFunction(_ x: Tensor, prior: Tensor?) -> Tensor {
        var input = x
        if let modulation, let prior { input = modulation(x, prior: prior) }
        let halves = depthwise(expand(input)).chunked(2, axis: 1)
        return contract(halves[0].gelu() * halves[1])
    }
}
