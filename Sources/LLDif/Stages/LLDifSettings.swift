import Configuration
import FaceData

/// LLDif's sizes, stage options and ablation switches from a run's typed configuration
/// (`model.width`, `lldif.*`, `diffusion.*`, `ablation.*`; `lldif config` lists them).
extension LLDifConfig {
    /// The configuration of a run: classes, channels, input size and landmarks from its data, the
    /// rest from its settings.
    public init(context: ModelContext) throws {
        self.init(settings: context.config, imageChannels: context.channels, imageSize: context.imageSize,
                  classes: context.classes, landmarks: context.landmarkCount > 0 ? context.landmarkCount : Landmarks.count)
        try validate()
    }

    /// Checks, before any data is read, that a configuration's sizes build LLDif's parts (LLDif and
    /// POSTER-lite build from them): the input side against the stem, windows and fusion grid. So
    /// `lldif plan` stops on a profile that could not train, naming the setting, instead of the
    /// run failing hours later.
    @Sendable public static func checkSizes(_ config: ExperimentConfig) throws {
        let sizes = LLDifConfig(settings: config, imageChannels: 3, imageSize: config.data.imageSize, classes: 7,
                                landmarks: Landmarks.count)
        do { try sizes.validate() } catch let error as ModelError {
            throw TrainingError.invalid("data.image_size \(config.data.imageSize) with model.stem_stride \(config.model.stemStride) and lldif.model.window \(config.lldif.model.window): \(error.description)")
        }
    }
}

extension LLDifTrainingOptions {
    /// The stage options of a run: epochs and learning rates from `lldif.stage*`, λ_kl, τ and λ_L1 from
    /// `diffusion.*`; batch size, weight decay, warm-up, clipping and seed from the shared loop's
    /// options `shared`. Stages 1 and 2 warm up for one epoch when the shared loop does, but never
    /// for all their epochs; stage 0 does not warm up.
    public init(config: ExperimentConfig, shared: TrainingOptions) {
        func stage(_ stage: StageConfig, warmsUp: Bool) -> StageOptions {
            StageOptions(epochs: stage.epochs, learningRate: Float(stage.learningRate), weightDecay: shared.weightDecay,
                         warmupEpochs: warmsUp ? max(0, min(shared.warmupEpochs, 1, stage.epochs - 1)) : 0,
                         clipNorm: shared.clipNorm)
        }
        let lldif = config.lldif
        self.init(stage0: stage(lldif.stage0, warmsUp: false), stage1: stage(lldif.stage1.stage, warmsUp: true),
                  stage2: stage(lldif.stage2.stage, warmsUp: true), captionDropout: Float(lldif.stage1.captionDropout),
                  stage2WarmupEpochs: lldif.stage2.warmupEpochs, lambdaKL: Float(config.diffusion.lambdaKL),
                  tau: Float(config.diffusion.tau), lambdaL1: Float(config.diffusion.lambdaL1), seed: shared.seed,
                  validatesEveryEpoch: shared.evaluateEveryEpoch)
    }
}
