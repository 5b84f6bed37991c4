import Configuration
import NN
import Tensor

/// The network the face pretraining trains: the width-scaled ResNet-18 trunk with an identity
/// head and, when `pretrain.landmark_weight` > 0, a landmark head that regresses the 31 landmarks
/// (in units of the image side) from the pooled features, as a 300W-style landmark pretraining
/// would. Beside it, a LandmarkNet of POSTER-lite's sizes learns landmark heatmaps from the same
/// faces: the landmark detector POSTER-lite's landmark stream starts from, as POSTER's starts from
/// a detector pretrained on a landmark set. Its loss is `CE(identity) + landmark_weight ·
/// MSE(landmarks) + MSE(heatmaps)`; the two networks share no parameter, and the trunk and the
/// LandmarkNet are handed on.
public final class FacePretrainingNetwork: Module, TrainableClassifier {
    /// The trunk the methods start from.
    public let backbone: ResNet18Backbone
    /// Pooled features → identity logits.
    public let head: Linear
    /// Pooled features → 2K landmark coordinates, when the landmark term is on.
    public let landmarkHead: Linear?
    /// Weight of the landmark term.
    public let landmarkWeight: Float
    /// The landmark detector (nil when the corpus has no landmarks).
    public let landmarkNet: LandmarkNet?
    /// The sizes of the landmark detector (`model.width`, `model.stem_stride`).
    let landmarkConfig: LLDifConfig

    /// The network for a run's context (`classes` identities; `model.*` sizes the trunk).
    public init(_ context: ModelContext, landmarks: Int) {
        var stream = RandomStream(seed: context.seed).split("init")
        let model = context.config.model
        backbone = ResNet18Backbone(channels: context.channels, width: model.width, stemStride: model.stemStride, using: &stream)
        backbone.standardisesInput = model.standardiseInput
        head = Linear(inputs: backbone.featureSize, outputs: context.classes, using: &stream)
        landmarkWeight = Float(context.config.pretrain.landmarkWeight)
        landmarkHead = landmarkWeight > 0 && landmarks > 0
            ? Linear(inputs: backbone.featureSize, outputs: 2 * landmarks, using: &stream) : nil
        landmarkConfig = LLDifConfig(settings: context.config, imageChannels: context.channels, imageSize: context.imageSize,
                                     classes: context.classes, landmarks: max(landmarks, 1))
        landmarkNet = landmarks > 0 ? LandmarkNet(config: landmarkConfig, using: &stream) : nil
    }

    /// Identity logits and the pooled features.
    public func classify(_ input: ModelInput) -> ClassifierOutput {
        let features = backbone.features(input.images)
        return ClassifierOutput(logits: head(features), features: features)
    }

    /// Identity cross entropy, plus the weighted landmark regression when the batch has landmarks.
    public func trainingStep(_ input: ModelInput, context: StepContext) -> StepOutput {
        let features = backbone.features(input.images)
        let logits = head(features)
        var loss = Loss.crossEntropy(logits: logits, labels: input.labels)
        if let landmarkHead, let landmarks = input.landmarks {
            let n = input.count, side = Float(input.images.shape[3])
            let target = landmarks.reshaped([n, landmarks.shape[1] * 2]) * (1 / side)
            loss = loss + Loss.mse(landmarkHead(features), target) * landmarkWeight
        }
        if let landmarkNet, let landmarks = input.landmarks {
            loss = loss + landmarkNet.heatmapError(maps: landmarkNet.features(input.images), landmarks: landmarks,
                                                   imageSize: landmarkConfig.imageSize, side: landmarkConfig.levelSides[0])
        }
        return StepOutput(loss: loss, logits: logits)
    }
}
