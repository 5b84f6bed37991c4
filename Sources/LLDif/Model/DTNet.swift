import NN
import Tensor

/// A DTNet block: `x = x + DMNet(LN(x), Z)`, then `x = x + DGNet(LN(x), Z)`, the layer norms over
/// the channels at each pixel.
public final class DTNetBlock: Module {
    /// Layer norm before DMNet.
    public let norm1: LayerNorm
    /// Prior-modulated transposed attention.
    public let dmnet: DMNet
    /// Layer norm before DGNet.
    public let norm2: LayerNorm
    /// Prior-modulated gated feed-forward.
    public let dgnet: DGNet

    /// A block over `channels` channels; its prior modulations have biases when `modulationBias`.
    public init(channels: Int, heads: Int, expansion: Int, priorDimension: Int?, modulationBias: Bool = true,
                using stream: inout RandomStream) {
        norm1 = LayerNorm(features: channels, axis: 1)
        dmnet = DMNet(channels: channels, heads: heads, priorDimension: priorDimension, modulationBias: modulationBias, using: &stream)
        norm2 = LayerNorm(features: channels, axis: 1)
        dgnet = DGNet(channels: channels, expansion: expansion, priorDimension: priorDimension, modulationBias: modulationBias,
                      using: &stream)
    }

    /// Applies the block to `x [N, C, H, W]` with `prior [N, D]` (nil when unmodulated).
    public func callAsFunction(_ x: Tensor, prior: Tensor?) -> Tensor {
        let y = x + dmnet(norm1(x), prior: prior)
        return y + dgnet(norm2(y), prior: prior)
    }
}

/// DTNet: the LLformer's multi-scale image branch. A 3×3 stem to C channels (stride
/// `config.stemStride`), then three levels of DTNet blocks at C, 2C and 4C channels, each level half
/// the side of the one before, with a strided 3×3 convolution
/// between levels. It returns the features of all three levels (DLNet's keys and values).
public final class DTNet: Module {
    /// 3×3 convolution from the image to C channels.
    public let stem: Conv2d
    /// The blocks of each level.
    public let levels: [[DTNetBlock]]
    /// Strided 3×3 convolutions halving the side and doubling the channels between levels.
    public let downsamples: [Conv2d]
    /// Whether images are standardised (`ImageStandardisation`) before the stem.
    public let standardisesInput: Bool

    /// A DTNet for the sizes of `config`; blocks are modulated by the prior when
    /// `config.priorModulation` is true.
    public init(config: LLDifConfig, using stream: inout RandomStream) {
        standardisesInput = config.standardisesInput
        let prior = config.priorModulation ? config.priorDimension : nil
        let widths = config.levelWidths
        stem = Conv2d(inChannels: config.imageChannels, outChannels: widths[0], kernelSize: 3, stride: config.stemStride,
                      padding: 1, using: &stream)
        var levels: [[DTNetBlock]] = []
        var downsamples: [Conv2d] = []
        for level in 0..<3 {
            levels.append((0..<config.blocksPerLevel[level]).map { _ in
                DTNetBlock(channels: widths[level], heads: config.headsPerLevel[level],
                           expansion: config.feedForwardExpansion, priorDimension: prior,
                           modulationBias: config.modulationBias, using: &stream)
            })
            if level < 2 {
                downsamples.append(Conv2d(inChannels: widths[level], outChannels: widths[level + 1], kernelSize: 3,
                                          stride: 2, padding: 1, using: &stream))
            }
        }
        self.levels = levels
        self.downsamples = downsamples
    }

    /// The features of the three levels for images `x [N, channels, S, S]` and `prior [N, D]`:
    /// `[N, C, s1, s1]`, `[N, 2C, s2, s2]`, `[N, 4C, s3, s3]` with the sides of `config.levelSides`.
    public func callAsFunction(_ x: Tensor, prior: Tensor?) -> [Tensor] {
        var h = stem(standardisesInput ? ImageStandardisation.apply(x) : x)
        var features: [Tensor] = []
        for (level, blocks) in levels.enumerated() {
            if level > 0 { h = downsamples[level - 1](h) }
            for block in blocks { h = block(h, prior: prior) }
            features.append(h)
        }
        return features
    }
}
