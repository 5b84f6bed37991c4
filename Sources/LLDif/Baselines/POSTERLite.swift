import Configuration
import FaceData
import NN
import Tensor

/// POSTER-lite: POSTER's two streams and their cross-fusion (Zheng et al., 2022) at the kit's
/// scale. The image stream is the first three stages of the baselines' width-scaled ResNet-18
/// (standing in for POSTER's IR-50), feature maps at C, 2C and 4C channels. The landmark stream is
/// a LandmarkNet (standing in for POSTER's MobileFaceNet detector) with maps of the same sizes. At
/// each scale DLNet's window cross-attention lets the landmark features query the image features,
/// and the fusion transformer classifies the concatenated scales, as in LLDif's LLformer without
/// the prior and without diffusion.
///
/// With `pretrain.backbone = face`, as in POSTER, both streams start from the face pretraining:
/// the image stream from its ResNet-18 trunk, the landmark stream from its landmark detector, which
/// then stays frozen (POSTER never trains its detector). From scratch (`none`), LandmarkNet learns
/// from the training split's landmark annotations in the same run and DLNet reads its features as
/// constants, so that stream learns landmarks alone, as a detector would. Loss: CE, plus
/// λ_lm · MSE(heatmaps) when the landmark stream trains (λ_lm = `poster.landmark_weight`; the heatmap
/// term shares one clipped gradient with the class loss, so it is not scaled by 100 as in LLDif's
/// stage 0).
public final class POSTERLite: Module, TrainableClassifier {
    /// The landmark stream.
    public let landmarkNet: LandmarkNet
    /// The image stream: ResNet-18's stages 1–3.
    public let imageStream: ResNet18Backbone
    /// One DLNet per scale: landmark features query image features.
    public let dlnets: [DLNet]
    /// The fusion transformer and head.
    public let fusion: Fusion
    /// The sizes.
    public let config: LLDifConfig
    /// Weight of the landmark heatmap loss (mean squared error of heatmaps that peak at 1).
    public let landmarkWeight: Float

    /// A POSTER-lite of the sizes of `config`; with `config.landmarkNetIsPretrained` LandmarkNet is
    /// frozen, its weights to be loaded from the face pretraining.
    public init(config: LLDifConfig, landmarkWeight: Float = 1, using stream: inout RandomStream) throws {
        try config.validate()
        self.config = config
        self.landmarkWeight = landmarkWeight
        landmarkNet = LandmarkNet(config: config, using: &stream)
        imageStream = ResNet18Backbone(channels: config.imageChannels, width: config.width, stemStride: config.stemStride,
                                       stages: 3, using: &stream)
        imageStream.standardisesInput = config.standardisesInput
        let widths = config.levelWidths
        dlnets = (0..<3).map { DLNet(channels: widths[$0], heads: config.fusionHeads, window: config.window(atLevel: $0), using: &stream) }
        fusion = Fusion(scaleChannels: widths.map { 2 * $0 }, grid: config.fusionGrid, width: config.fusionWidth,
                        heads: config.fusionHeads, depth: config.fusionDepth, classes: config.classes, using: &stream)
        if config.landmarkNetIsPretrained { landmarkNet.freeze() }
    }

    /// The model for a run's context: `model.width` is C and `model.stem_stride` the stem's stride
    /// (the ResNet-18 trunk's), the landmarks those of the data, `poster.landmark_weight` the
    /// heatmap loss's weight, `pretrain.backbone` whether the streams start from the face pretraining.
    public convenience init(_ context: ModelContext) throws {
        let config: LLDifConfig
        do { config = try POSTERLite.sizes(context) } catch let error as ModelError {
            throw TrainingError.invalid("poster-lite: \(error.description)")
        }
        // Without landmarks in the data the heatmap loss would silently never apply, and a landmark
        // stream trained in the run would be an untrained convolution: refuse, naming the cause.
        if !config.landmarkNetIsPretrained && context.config.poster.landmarkWeight > 0 && context.landmarkCount == 0 {
            throw TrainingError.invalid("poster-lite trains its landmark stream on the data's landmarks, and this data has none (set pretrain.backbone=face to start from the pretrained detector, or poster.landmark_weight=0 to train without landmarks)")
        }
        var stream = RandomStream(seed: context.seed).split("init")
        try self.init(config: config, landmarkWeight: Float(context.config.poster.landmarkWeight), using: &stream)
    }

    /// POSTER-lite's sizes: LLDif's parts (`model.width`, `model.stem_stride`, `lldif.model` window
    /// and fusion) with DLNet on and no prior modulation.
    static func sizes(_ settings: ExperimentConfig, channels: Int, imageSize: Int, classes: Int, landmarks: Int) throws -> LLDifConfig {
        var config = LLDifConfig(settings: settings, imageChannels: channels, imageSize: imageSize, classes: classes,
                                 landmarks: landmarks)
        config.priorModulation = false
        config.usesDLNet = true
        try config.validate()
        return config
    }

    /// The sizes of a run's POSTER-lite (the data's landmarks, or SynFER's 31 when it has none).
    static func sizes(_ context: ModelContext) throws -> LLDifConfig {
        try sizes(context.config, channels: context.channels, imageSize: context.imageSize, classes: context.classes,
                  landmarks: context.landmarkCount > 0 ? context.landmarkCount : Landmarks.count)
    }

    /// Checks, before any data is read, that a configuration's sizes build POSTER-lite (the input
    /// side against `model.stem_stride`, `lldif.model.window` and `lldif.model.fusion_grid`), so
    /// `lldif plan` stops on a profile that could not train, naming the settings.
    @Sendable public static func checkSizes(_ settings: ExperimentConfig) throws {
        do {
            _ = try sizes(settings, channels: 3, imageSize: settings.data.imageSize, classes: 7, landmarks: Landmarks.count)
        } catch let error as ModelError {
            throw TrainingError.invalid("poster-lite: data.image_size \(settings.data.imageSize) with model.stem_stride \(settings.model.stemStride) and lldif.model.window \(settings.lldif.model.window): \(error.description)")
        }
    }

    /// Logits and the fusion's class token for images, given the landmark stream's maps.
    func classify(_ images: Tensor, landmarkMaps: [Tensor]) -> ClassifierOutput {
        let scales = LLformer.crossAttended(imageStream.stageMaps(images), landmarkFeatures: landmarkMaps, dlnets: dlnets)
        let features = fusion.features(scales)
        return ClassifierOutput(logits: fusion.head(features), features: features)
    }

    /// Logits and the fusion's class token for images.
    public func classify(_ input: ModelInput) -> ClassifierOutput {
        classify(input.images, landmarkMaps: landmarkNet.features(input.images))
    }

    /// Side of the heatmaps the landmark loss compares: that of LandmarkNet's finest feature map
    /// (the input's side over the stem's stride), so no map is upsampled past it.
    public var heatmapSide: Int { config.levelSides[0] }

    /// Cross entropy, plus LandmarkNet's weighted heatmap loss when the landmark stream trains and
    /// the batch has this model's landmarks. DLNet reads the landmark features as constants
    /// whenever LandmarkNet learns landmarks or is frozen.
    public func trainingStep(_ input: ModelInput, context: StepContext) -> StepOutput {
        if config.landmarkNetIsPretrained {
            let maps = Tensor.withoutGradients { landmarkNet.features(input.images) }
            let output = classify(input.images, landmarkMaps: maps)
            return StepOutput(loss: Loss.crossEntropy(logits: output.logits, labels: input.labels), logits: output.logits)
        }
        let maps = landmarkNet.features(input.images)
        var landmarkLoss: Tensor?
        if let landmarks = input.landmarks, landmarks.shape[1] == config.landmarks {
            landmarkLoss = landmarkNet.heatmapError(maps: maps, landmarks: landmarks, imageSize: config.imageSize, side: heatmapSide)
                * landmarkWeight
        }
        let output = classify(input.images, landmarkMaps: landmarkLoss == nil ? maps : maps.map { $0.detached() })
        let classification = Loss.crossEntropy(logits: output.logits, labels: input.labels)
        return StepOutput(loss: landmarkLoss.map { classification + $0 } ?? classification, logits: output.logits)
    }
}

extension POSTERLite: FacePretrainableTrunk {
    /// The image stream.
    public var pretrainableTrunk: ResNet18Backbone? { imageStream }
    /// The landmark stream, when it starts from the pretraining.
    public var pretrainableLandmarkNet: LandmarkNet? { config.landmarkNetIsPretrained ? landmarkNet : nil }
}
