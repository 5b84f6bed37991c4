/// Reading LLDif's sizes, stage options and ablation switches from a run's settings. Every key has
/// a default here, so a profile lists only what it changes; `lldif config` shows the profile's values.
///
/// Keys: `model.width` (C); `lldif.model.*` (`stem_stride`, `window`, `fusion_grid`, `fusion_width`,
/// `fusion_depth`, `clip_width`, `denoiser_layers`, `standardise_input`, `clip_batch_norm`, `clip_residual`); `lldif.stage0.*`, `lldif.stage1.*`,
/// `lldif.stage2.*` (`epochs`, `learning_rate`), `lldif.stage1.caption_dropout`, `lldif.stage2.warmup_epochs`; `diffusion.steps`,
/// `diffusion.lambda_kl`, `diffusion.tau`; the ablations `ablation.prior_modulation`,
/// `ablation.dlnet`, `ablation.caption`, `ablation.diffusion` (true by default).
extension LLDifConfig {
    /// The configuration of a run: classes, channels and input size from its data, the rest from settings.
    public init(context: ModelContext) throws {
        let s = context.settings
        self.init()
        imageChannels = context.channels
        imageSize = context.imageSize
        classes = context.classes
        if context.landmarkCount > 0 { landmarks = context.landmarkCount }
        width = try s.int("model.width", default: width)
        stemStride = try s.int("lldif.model.stem_stride", default: stemStride)
        windowSize = try s.int("lldif.model.window", default: windowSize)
        fusionGrid = try s.int("lldif.model.fusion_grid", default: fusionGrid)
        fusionWidth = try s.int("lldif.model.fusion_width", default: fusionWidth)
        fusionDepth = try s.int("lldif.model.fusion_depth", default: fusionDepth)
        clipWidth = try s.int("lldif.model.clip_width", default: clipWidth)
        denoiserLayers = try s.int("lldif.model.denoiser_layers", default: denoiserLayers)
        standardisesInput = try s.bool("lldif.model.standardise_input", default: true)
        clipBatchNorm = try s.bool("lldif.model.clip_batch_norm", default: true)
        clipResidual = try s.bool("lldif.model.clip_residual", default: true)
        diffusionSteps = try s.int("diffusion.steps", default: diffusionSteps)
        priorModulation = try s.bool("ablation.prior_modulation", default: true)
        usesDLNet = try s.bool("ablation.dlnet", default: true)
        usesCaption = try s.bool("ablation.caption", default: true)
        usesDiffusion = try s.bool("ablation.diffusion", default: true)
        try validate()
    }
}

extension LLDifTrainingOptions {
    /// The stage options of a run; batch size, weight decay, warm-up, clipping and seed come from
    /// the shared `train.*` settings in `shared`.
    public init(settings s: Hyperparameters, shared: TrainingOptions) throws {
        self.init()
        // Stages 1 and 2 warm up for one epoch when the shared settings do, but never for all their epochs.
        func stage(_ name: String, epochs: Int, learningRate: Float) throws -> StageOptions {
            let epochs = try s.int("lldif.\(name).epochs", default: epochs)
            return StageOptions(epochs: epochs, learningRate: try s.float("lldif.\(name).learning_rate", default: learningRate),
                                weightDecay: shared.weightDecay,
                                warmupEpochs: name == "stage0" ? 0 : max(0, min(shared.warmupEpochs, 1, epochs - 1)),
                                clipNorm: shared.clipNorm)
        }
        stage0 = try stage("stage0", epochs: max(1, shared.epochs / 3), learningRate: 3e-3)
        stage1 = try stage("stage1", epochs: shared.epochs, learningRate: 3e-3)
        stage2 = try stage("stage2", epochs: shared.epochs, learningRate: 1e-3)
        captionDropout = try s.float("lldif.stage1.caption_dropout", default: 0)
        stage2WarmupEpochs = try s.int("lldif.stage2.warmup_epochs", default: 0)
        lambdaKL = try s.float("diffusion.lambda_kl", default: 1)
        tau = try s.float("diffusion.tau", default: 1)
        seed = shared.seed
        for (key, value) in [("lldif.stage0.epochs", stage0.epochs), ("lldif.stage1.epochs", stage1.epochs),
                             ("lldif.stage2.epochs", stage2.epochs), ("lldif.stage2.warmup_epochs", stage2WarmupEpochs)] where value < 0 {
            throw ModelError.invalidConfig(field: key, reason: "must not be negative, got \(value)")
        }
        if !(captionDropout >= 0 && captionDropout <= 1) {
            throw ModelError.invalidConfig(field: "lldif.stage1.caption_dropout", reason: "must lie in [0, 1], got \(captionDropout)")
        }
        if !(tau > 0) { throw ModelError.invalidConfig(field: "diffusion.tau", reason: "must be positive, got \(tau)") }
    }
}
