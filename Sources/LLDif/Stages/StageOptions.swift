/// How one training stage runs: epochs, optimiser and schedule.
public struct StageOptions: Sendable, Equatable, Codable {
    /// Passes over the training split.
    public var epochs: Int
    /// Peak learning rate of AdamW.
    public var learningRate: Float
    /// AdamW's decoupled weight decay.
    public var weightDecay: Float
    /// Epochs of linear warm-up before the cosine decay.
    public var warmupEpochs: Int
    /// Global gradient-norm limit.
    public var clipNorm: Float

    /// Options for `epochs` epochs at peak rate `learningRate`.
    public init(epochs: Int, learningRate: Float, weightDecay: Float, warmupEpochs: Int, clipNorm: Float) {
        self.epochs = epochs
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.warmupEpochs = warmupEpochs
        self.clipNorm = clipNorm
    }
}

/// The options of a whole LLDif training (stages 0, 1, 2) besides the model's sizes, resolved from
/// a run's configuration (`init(config:shared:)`); the settings' defaults live in `ExperimentConfig`.
public struct LLDifTrainingOptions: Sendable, Equatable, Codable {
    /// Stage 0: LA-CLIP and LandmarkNet pre-training.
    public var stage0: StageOptions
    /// Stage 1: PNET_S1 and the LLformer with the privileged caption.
    public var stage1: StageOptions
    /// The share of stage-1 samples whose caption is replaced by their label-free caption (the
    /// attributes only, or "a photo of a face"), so the prior of those samples does not name the
    /// label and the LLformer must read the expression from the image. 0 is the paper's stage 1;
    /// without it the LLformer reads the class from the prior alone and learns no image path, which
    /// stage 2 (whose prior cannot name the label) then lacks. At 0.5 in the quick profile the image
    /// path still did not learn in 6 stage-1 epochs (bench/lldif/FINDINGS.md), so profiles keep 0.
    public var captionDropout: Float
    /// Stage 2: PNET_S2, the denoiser and the LLformer.
    public var stage2: StageOptions
    /// Stage-2 warm-up epochs that train PNET_S2 and the denoiser alone on `L_kl + L1(Ẑ_0, Z_S1)`.
    public var stage2WarmupEpochs: Int
    /// λ_kl, the weight of L_kl in stage 2 (0 is the "without L_kl" ablation).
    public var lambdaKL: Float
    /// τ of L_kl (1 as the paper, 0.15 as DiffIR).
    public var tau: Float
    /// Weight of `L1(Ẑ_0, Z_S1)` in the joint phase of stage 2 (0: the paper's loss; 1: DiffIR's).
    public var lambdaL1: Float
    /// Seed of the training noise and of the inference noise.
    public var seed: UInt64
    /// Whether stages 1 and 2 test the held-out split after every epoch, for the log's curves
    /// (`train.eval_every_epoch`). Training does not read the result, so the weights are the same
    /// either way; off, a run saves the evaluations' share of its time.
    public var validatesEveryEpoch: Bool

    /// Options from their parts.
    public init(stage0: StageOptions, stage1: StageOptions, stage2: StageOptions, captionDropout: Float,
                stage2WarmupEpochs: Int, lambdaKL: Float, tau: Float, lambdaL1: Float = 0, seed: UInt64,
                validatesEveryEpoch: Bool = true) {
        self.stage0 = stage0
        self.stage1 = stage1
        self.stage2 = stage2
        self.captionDropout = captionDropout
        self.stage2WarmupEpochs = stage2WarmupEpochs
        self.lambdaKL = lambdaKL
        self.tau = tau
        self.lambdaL1 = lambdaL1
        self.seed = seed
        self.validatesEveryEpoch = validatesEveryEpoch
    }
}
