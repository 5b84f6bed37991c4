import NN
import Tensor

/// A 3×3 convolution without bias followed by batch norm: the unit every ResNet layer is made of.
final class ConvNorm: Module {
    let conv: Conv2d
    let norm: BatchNorm2d

    init(_ inputs: Int, _ outputs: Int, kernel: Int, stride: Int, using stream: inout RandomStream) {
        conv = Conv2d(inChannels: inputs, outChannels: outputs, kernelSize: (kernel, kernel), stride: (stride, stride),
                      padding: (kernel / 2, kernel / 2), bias: false,
                      weightInit: .kaimingNormal(gain: Initializer.Gain.relu, mode: .fanOut), using: &stream)
        norm = BatchNorm2d(channels: outputs)
    }

    /// `norm(conv(x))`, then ReLU when `relu` (fused into the norm: the same bits as `.relu()`).
    func callAsFunction(_ x: Tensor, relu: Bool = false) -> Tensor { norm(conv(x), relu: relu) }
}

/// ResNet's basic block: two 3×3 conv-norm layers with a residual connection, the shortcut a 1×1
/// conv-norm when the block changes stride or width (He et al. 2016, option B).
final class BasicBlock: Module {
    let first: ConvNorm
    let second: ConvNorm
    let shortcut: ConvNorm?

    init(_ inputs: Int, _ outputs: Int, stride: Int, using stream: inout RandomStream) {
        first = ConvNorm(inputs, outputs, kernel: 3, stride: stride, using: &stream)
        second = ConvNorm(outputs, outputs, kernel: 3, stride: 1, using: &stream)
        shortcut = stride != 1 || inputs != outputs ? ConvNorm(inputs, outputs, kernel: 1, stride: stride, using: &stream) : nil
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        let residual = second(first(x, relu: true))
        return Tensor.reluOfSum(residual, shortcut.map { $0(x) } ?? x)
    }
}

/// ResNet-18 scaled for small inputs: a 3×3 stem (no max-pool), four stages of two basic blocks
/// with widths C, 2C, 4C, 8C (stages 2–4 halve the resolution), global average pooling. The
/// 8C-dimensional pooled vector is the penultimate feature every baseline builds on. Built with
/// fewer stages (POSTER-lite's image stream keeps the first three), it is the same network cut
/// short, so it loads the same pretrained weights.
///
/// The stem's stride is 1 by default; a stride-2 stem (`model.stem_stride=2`) reads the full input
/// and runs the sixteen residual convolutions at half its side, which costs what a half-size input
/// costs while keeping the detail of the full one (bench/calibration/FINDINGS.md).
public final class ResNet18Backbone: Module {
    let stem: ConvNorm
    let blocks: [BasicBlock]
    /// The base width C.
    public let width: Int
    /// Whether images are standardised (`ImageStandardisation`) before the stem (`model.standardise_input`).
    public var standardisesInput = false

    /// A backbone for `channels`-channel images with base width `width`, a stem of stride
    /// `stemStride` and the first `stages` of ResNet-18's four stages.
    public init(channels: Int, width: Int, stemStride: Int = 1, stages: Int = 4, using stream: inout RandomStream) {
        precondition(width > 0 && channels > 0 && stemStride > 0,
                     "ResNet18Backbone: width \(width), channels \(channels) and stem stride \(stemStride) must be positive")
        precondition((1...4).contains(stages), "ResNet18Backbone: \(stages) stages; ResNet-18 has 1 to 4")
        stem = ConvNorm(channels, width, kernel: 3, stride: stemStride, using: &stream)
        var blocks: [BasicBlock] = []
        var inputs = width
        for stage in 0..<stages {
            let outputs = width << stage
            blocks.append(BasicBlock(inputs, outputs, stride: stage == 0 ? 1 : 2, using: &stream))
            blocks.append(BasicBlock(outputs, outputs, stride: 1, using: &stream))
            inputs = outputs
        }
        self.blocks = blocks
        self.width = width
    }

    /// The number of stages (4 for the whole ResNet-18).
    public var stageCount: Int { blocks.count / 2 }

    /// Length of the pooled feature (8C for the whole ResNet-18: the last stage's width).
    public var featureSize: Int { width << (stageCount - 1) }

    /// The feature map of each stage for images `[N, channels, H, W]`: `[N, C·2ⁱ, s/2ⁱ, s/2ⁱ]`,
    /// s the side after the stem.
    public func stageMaps(_ images: Tensor) -> [Tensor] {
        var h = stem(standardisesInput ? ImageStandardisation.apply(images) : images, relu: true)
        var maps: [Tensor] = []
        for (index, block) in blocks.enumerated() {
            h = block(h)
            if index % 2 == 1 { maps.append(h) }
        }
        return maps
    }

    /// The last stage's feature map (`[N, 8C, H/8, W/8]` for the whole ResNet-18) of images `[N, channels, H, W]`.
    public func featureMap(_ images: Tensor) -> Tensor {
        let x = standardisesInput ? ImageStandardisation.apply(images) : images
        return blocks.reduce(stem(x, relu: true)) { x, block in block(x) }
    }

    /// Global average pooling of a feature map: `[N, 8C, h, w]` → `[N, 8C]`.
    public static func pooled(_ map: Tensor) -> Tensor { map.mean(axes: [2, 3]) }

    /// The pooled penultimate features `[N, 8C]`.
    public func features(_ images: Tensor) -> Tensor { ResNet18Backbone.pooled(featureMap(images)) }
}

/// The plain baseline: width-scaled ResNet-18 with a linear head, trained with cross entropy.
public final class ResNet18Classifier: Module, TrainableClassifier {
    /// The convolutional trunk.
    public let backbone: ResNet18Backbone
    /// The linear classifier on the pooled features.
    public let head: Linear

    /// A classifier of `classes` classes for `channels`-channel images, base width `width`.
    public init(channels: Int, classes: Int, width: Int, stemStride: Int = 1, using stream: inout RandomStream) {
        backbone = ResNet18Backbone(channels: channels, width: width, stemStride: stemStride, using: &stream)
        head = Linear(inputs: backbone.featureSize, outputs: classes, using: &stream)
    }

    /// The model for a run's context (`model.width` is C, `model.stem_stride` the stem's stride).
    public convenience init(_ context: ModelContext) {
        var stream = RandomStream(seed: context.seed).split("init")
        self.init(channels: context.channels, classes: context.classes, width: context.config.model.width,
                  stemStride: context.config.model.stemStride, using: &stream)
        backbone.standardisesInput = context.config.model.standardiseInput
    }

    /// Logits of the linear head and the pooled features.
    public func classify(_ input: ModelInput) -> ClassifierOutput {
        let features = backbone.features(input.images)
        return ClassifierOutput(logits: head(features), features: features)
    }
}
