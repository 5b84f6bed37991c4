import NN
import Tensor

/// A 3×3 convolution, then batch norm when `batchNorm` (without bias in the convolution then, as
/// the norm's shift replaces it); the unit LA-CLIP's image encoder is built of.
public final class ConvUnit: Module {
    /// The convolution.
    public let conv: Conv2d
    /// Batch norm after it, or nil.
    public let norm: BatchNorm2d?

    /// A unit from `inputs` to `outputs` channels with a `kernel`-sided kernel and `stride`.
    public init(_ inputs: Int, _ outputs: Int, kernel: Int = 3, stride: Int, batchNorm: Bool, using stream: inout RandomStream) {
        conv = Conv2d(inChannels: inputs, outChannels: outputs, kernelSize: kernel, stride: stride, padding: kernel / 2,
                      bias: !batchNorm, using: &stream)
        norm = batchNorm ? BatchNorm2d(channels: outputs) : nil
    }

    /// Applies the convolution and the norm.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let y = conv(x)
        return norm.map { $0(y) } ?? y
    }
}

/// A residual block of two conv units, `relu(second(relu(first(x))) + shortcut(x))`, the shortcut a
/// 1×1 unit when the block changes stride or width (He et al. 2016).
public final class ResidualUnit: Module {
    /// The first conv unit (carries the stride).
    public let first: ConvUnit
    /// The second conv unit.
    public let second: ConvUnit
    /// The 1×1 projection of the shortcut, or nil for the identity.
    public let shortcut: ConvUnit?

    /// A block from `inputs` to `outputs` channels with `stride`.
    public init(_ inputs: Int, _ outputs: Int, stride: Int, batchNorm: Bool, using stream: inout RandomStream) {
        first = ConvUnit(inputs, outputs, stride: stride, batchNorm: batchNorm, using: &stream)
        second = ConvUnit(outputs, outputs, stride: 1, batchNorm: batchNorm, using: &stream)
        shortcut = stride != 1 || inputs != outputs
            ? ConvUnit(inputs, outputs, kernel: 1, stride: stride, batchNorm: batchNorm, using: &stream) : nil
    }

    /// Applies the block.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        (second(first(x).relu()) + (shortcut.map { $0(x) } ?? x)).relu()
    }
}

/// LA-CLIP's image encoder E_I: convolutions at C, 2C, 4C channels, global average pooling, and a
/// linear projection to the embedding width. Plain (`residual` false): three strided 3×3 conv units
/// with ReLU. Residual: a strided 3×3 stem unit to C channels, then three residual blocks at C, 2C,
/// 4C (the last two strided), ResNet's recipe at a third of ResNet-18's depth. Or
/// (`lldif.model.image_encoder = resnet18`) the baselines' width-scaled ResNet-18 trunk, 8C pooled
/// features, so that E_I can start from the same face pretraining as the baselines, as the paper's
/// starts from CLIP's pretrained encoder.
///
/// Why the options: trained from scratch on dark faces, the plain encoder without batch norm learns
/// nothing of the expression in the quick budget (its embeddings name the class no better than
/// chance); the paper starts from a pretrained CLIP, whose encoder has normalisation and residual
/// connections throughout. See bench/lldif/FINDINGS.md.
public final class ImageEncoder: Module {
    /// The plain encoder's conv units, or the residual encoder's stem unit alone.
    public let units: [ConvUnit]
    /// The residual encoder's blocks (empty for the plain encoder).
    public let blocks: [ResidualUnit]
    /// The baselines' ResNet-18 trunk when E_I is built on it (`lldif.model.image_encoder =
    /// resnet18`; then `units` and `blocks` are empty), which can start from the face pretraining.
    public let trunk: ResNet18Backbone?
    /// Pooled features (4C, or the trunk's 8C) → embedding.
    public let projection: Linear
    /// Whether images are standardised (`ImageStandardisation`) first.
    public let standardisesInput: Bool

    /// An encoder of `channels`-channel images into `embedding` values, with first width `width`.
    /// With `resnet18StemStride`, the encoder is the ResNet-18 trunk of base width `width` and that
    /// stem stride instead (`batchNorm` and `residual` do not apply: it has both), standardising
    /// its input when `standardisesInput`.
    public init(channels: Int, width: Int, embedding: Int, standardisesInput: Bool = false, batchNorm: Bool = false,
                residual: Bool = false, resnet18StemStride: Int? = nil, using stream: inout RandomStream) {
        self.standardisesInput = standardisesInput
        if let stride = resnet18StemStride {
            let trunk = ResNet18Backbone(channels: channels, width: width, stemStride: stride, using: &stream)
            trunk.standardisesInput = standardisesInput
            self.trunk = trunk
            units = []
            blocks = []
            projection = Linear(inputs: trunk.featureSize, outputs: embedding, using: &stream)
            return
        }
        trunk = nil
        let widths = [width, 2 * width, 4 * width]
        if residual {
            units = [ConvUnit(channels, width, stride: 2, batchNorm: batchNorm, using: &stream)]
            var input = width
            blocks = zip(widths, [1, 2, 2]).map { out, stride in
                defer { input = out }
                return ResidualUnit(input, out, stride: stride, batchNorm: batchNorm, using: &stream)
            }
        } else {
            var input = channels
            units = widths.map { out in
                defer { input = out }
                return ConvUnit(input, out, stride: 2, batchNorm: batchNorm, using: &stream)
            }
            blocks = []
        }
        projection = Linear(inputs: 4 * width, outputs: embedding, using: &stream)
    }

    /// LA-CLIP's E_I for the sizes of `config` (`lldif.model.image_encoder`, `clip_width`,
    /// `clip_batch_norm`, `clip_residual`, `model.width`, `model.stem_stride`).
    public convenience init(config: LLDifConfig, using stream: inout RandomStream) {
        self.init(channels: config.imageChannels, width: config.width, embedding: config.clipWidth,
                  standardisesInput: config.standardisesInput, batchNorm: config.clipBatchNorm, residual: config.clipResidual,
                  resnet18StemStride: config.imageEncoder == .resnet18 ? config.stemStride : nil, using: &stream)
    }

    /// The embeddings `[N, embedding]` of images `x [N, channels, S, S]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        if let trunk { return projection(trunk.features(x)) }
        var h = standardisesInput ? ImageStandardisation.apply(x) : x
        for unit in units { h = unit(h).relu() }
        for block in blocks { h = block(h) }
        return projection(h.mean(axes: [2, 3]))
    }
}
