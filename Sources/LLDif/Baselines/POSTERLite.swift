import FaceData
import NN
import Tensor

/// POSTER-lite: POSTER's two-stream idea (Zheng et al., 2022) at the kit's scale, built from the
/// LLformer's parts without the prior and without diffusion. A LandmarkNet gives landmark feature
/// maps at three scales; the plain LLformer (DTNet unmodulated) cross-attends from them to its
/// image features with DLNet's window attention at each scale, and the fusion transformer
/// classifies the concatenated scales.
///
/// POSTER's landmark stream is a frozen, separately trained detector. Here LandmarkNet learns from
/// the training split's landmark annotations in the same run (heatmap loss, as in LLDif's stage 0)
/// and DLNet reads its features as constants, so the landmark stream is trained on landmarks
/// alone, as a detector would be. Without landmark annotations the stream learns from the class
/// loss instead. Loss: CE + λ_lm · MSE(heatmaps). (LLDif's stage 0 scales the heatmap MSE by 100;
/// here it shares one clipped gradient with the class loss, and a 100-fold term would claim the
/// whole clipping budget, so λ_lm defaults to 1.)
public final class POSTERLite: Module, TrainableClassifier {
    /// The landmark stream.
    public let landmarkNet: LandmarkNet
    /// The image stream, DLNet cross-attention and fusion (prior modulation off).
    public let llformer: LLformer
    /// The sizes.
    public let config: LLDifConfig
    /// Weight of the landmark heatmap loss (mean squared error of heatmaps that peak at 1).
    public let landmarkWeight: Float

    /// A POSTER-lite of the sizes of `config` (`priorModulation` is turned off, DLNet on).
    public init(config: LLDifConfig, landmarkWeight: Float = 1, using stream: inout RandomStream) throws {
        var config = config
        config.priorModulation = false
        config.usesDLNet = true
        try config.validate()
        self.config = config
        self.landmarkWeight = landmarkWeight
        landmarkNet = LandmarkNet(config: config, using: &stream)
        llformer = LLformer(config: config, using: &stream)
    }

    /// The model for a run's context: `model.width` is DTNet's C, the landmarks those of the data,
    /// `poster.landmark_weight` the heatmap loss's weight.
    public convenience init(_ context: ModelContext) throws {
        // Without landmarks in the data the heatmap loss would silently never apply, and the landmark
        // stream would be an untrained convolution: refuse, naming the cause.
        if context.config.poster.landmarkWeight > 0 && context.landmarkCount == 0 {
            throw TrainingError.invalid("poster-lite trains its landmark stream on the data's landmarks, and this data has none (set poster.landmark_weight=0 to train without them)")
        }
        var config = try LLDifConfig(context: context)
        // POSTER-lite feeds its parts the image as it is: no standardisation, none of LLDif's prior path.
        config.standardisesInput = false
        var stream = RandomStream(seed: context.seed).split("init")
        do {
            try self.init(config: config, landmarkWeight: Float(context.config.poster.landmarkWeight),
                          using: &stream)
        } catch let error as ModelError {
            throw TrainingError.invalid("poster-lite: \(error.description)")
        }
    }

    /// Logits and the fusion's class token for images, landmark features from LandmarkNet.
    public func classify(_ input: ModelInput) -> ClassifierOutput {
        let output = llformer(input.images, prior: nil, landmarkFeatures: landmarkNet.features(input.images))
        return ClassifierOutput(logits: output.logits, features: output.features)
    }

    /// Side of the heatmaps the landmark loss compares: that of LandmarkNet's finest feature map
    /// (the input's side over the stem's stride), so no map is upsampled past it. At a stride-2
    /// stem this is a quarter of the full-size heatmaps' pixels, and full-size heatmaps took about
    /// a fifth of a training step.
    public var heatmapSide: Int { config.levelSides[0] }

    /// λ_lm times the mean squared error between LandmarkNet's heatmaps from `maps` and Gaussian
    /// heatmaps at `landmarks` (`[N, K, 2]` in input pixels, rescaled to `heatmapSide`).
    public func heatmapLoss(maps: [Tensor], landmarks: Tensor, count: Int) -> Tensor {
        let scale = Float(heatmapSide) / Float(config.imageSize)
        let target = landmarkNet.targetHeatmaps(landmarks: landmarks.scalars.map { $0 * scale }, count: count, side: heatmapSide)
        return Loss.mse(landmarkNet.heatmaps(from: maps, side: heatmapSide), target) * landmarkWeight
    }

    /// Cross entropy, plus LandmarkNet's heatmap loss when the batch has this model's landmarks.
    public func trainingStep(_ input: ModelInput, context: StepContext) -> StepOutput {
        let maps = landmarkNet.features(input.images)
        var landmarkLoss: Tensor?
        if let landmarks = input.landmarks, landmarks.shape[1] == config.landmarks {
            landmarkLoss = heatmapLoss(maps: maps, landmarks: landmarks, count: input.count)
        }
        let queries = landmarkLoss == nil ? maps : maps.map { $0.detached() }
        let output = llformer(input.images, prior: nil, landmarkFeatures: queries)
        let classification = Loss.crossEntropy(logits: output.logits, labels: input.labels)
        return StepOutput(loss: landmarkLoss.map { classification + $0 } ?? classification, logits: output.logits)
    }
}
