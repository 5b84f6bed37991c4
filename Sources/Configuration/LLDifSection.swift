/// `lldif.*`: LLDif's sizes and its three training stages (shared/spec/method.md). Batch size,
/// weight decay, clipping, augmentation and seed come from `train.*`.
public struct LLDifSection: Codable, Equatable, Sendable {
    /// Stage 0: LA-CLIP and LandmarkNet. 24 epochs since session 19's study (validation draw, five
    /// new seeds, three datasets, rule fixed first; bench/pretraining/FINDINGS.md): against 12, LLDif
    /// gained 3.0, 10.5 and 5.9 points on ll-syn-ferplus, ll-syn-kdef and ll-syn-raf, every paired
    /// interval above 0.
    public var stage0 = StageConfig(epochs: 24, learningRate: 3e-3)
    /// Stage 1: PNET_S1 and the LLformer with the privileged caption.
    public var stage1 = Stage1Config()
    /// Stage 2: PNET_S2, the denoiser and the LLformer.
    public var stage2 = Stage2Config()
    /// The sizes and switches of the model's parts.
    public var model = LLDifArchitecture()

    /// The quick profile's values.
    public init() {}

    func validate() throws {
        try stage0.validate("lldif.stage0")
        try stage1.stage.validate("lldif.stage1")
        try ConfigCheck.probability(stage1.captionDropout, "lldif.stage1.caption_dropout")
        try stage2.stage.validate("lldif.stage2")
        try ConfigCheck.that(stage2.warmupEpochs >= 0, "lldif.stage2.warmup_epochs", stage2.warmupEpochs, "a non-negative integer")
        try model.validate()
    }
}

/// One LLDif stage's epochs and peak learning rate.
public struct StageConfig: Codable, Equatable, Sendable {
    /// Passes over the training split (0 skips the stage).
    public var epochs: Int
    /// AdamW's peak learning rate.
    public var learningRate: Double

    /// A stage of `epochs` epochs at peak rate `learningRate`.
    public init(epochs: Int, learningRate: Double) {
        self.epochs = epochs
        self.learningRate = learningRate
    }

    enum CodingKeys: String, CodingKey {
        case epochs
        case learningRate = "learning_rate"
    }

    func validate(_ key: String) throws {
        try ConfigCheck.that(epochs >= 0, key + ".epochs", epochs, "a non-negative integer")
        try ConfigCheck.positive(learningRate, key + ".learning_rate")
    }
}

/// Stage 1's epochs, learning rate and caption dropout.
public struct Stage1Config: Codable, Equatable, Sendable {
    /// Passes over the training split.
    public var epochs = 2
    /// AdamW's peak learning rate.
    public var learningRate = 3e-3
    /// The share of samples whose caption is replaced by their label-free caption (0 is the
    /// paper's stage 1; bench/lldif/FINDINGS.md measured 0.5 without benefit).
    public var captionDropout = 0.0

    /// The quick profile's values.
    public init() {}

    /// The epochs and learning rate.
    public var stage: StageConfig { StageConfig(epochs: epochs, learningRate: learningRate) }

    enum CodingKeys: String, CodingKey {
        case epochs
        case learningRate = "learning_rate", captionDropout = "caption_dropout"
    }
}

/// Stage 2's epochs, learning rate and DiffIR-style warm-up.
public struct Stage2Config: Codable, Equatable, Sendable {
    /// Passes over the training split in the joint phase.
    public var epochs = 5
    /// AdamW's peak learning rate.
    public var learningRate = 3e-3
    /// Warm-up epochs that train PNET_S2 and the denoiser alone on `L_kl + L1(Ẑ_0, Z_S1)`.
    public var warmupEpochs = 1

    /// The quick profile's values.
    public init() {}

    /// The epochs and learning rate of the joint phase.
    public var stage: StageConfig { StageConfig(epochs: epochs, learningRate: learningRate) }

    enum CodingKeys: String, CodingKey {
        case epochs
        case learningRate = "learning_rate", warmupEpochs = "warmup_epochs"
    }
}

/// `lldif.model.*`: the sizes and switches of LLDif's parts that are settings (the width C is `model.width`).
public struct LLDifArchitecture: Codable, Equatable, Sendable {
    /// Side of DLNet's square attention windows (clamped to each scale's side).
    public var window = 4
    /// Side of each scale's token grid in the fusion transformer.
    public var fusionGrid = 2
    /// Token width of the fusion transformer.
    public var fusionWidth = 32
    /// Depth of the fusion transformer.
    public var fusionDepth = 2
    /// Embedding width of LA-CLIP's image and text encoders.
    public var clipWidth = 32
    /// Linear layers of the denoiser MLP.
    public var denoiserLayers = 3
    /// Batch norm after each convolution of LA-CLIP's image encoder E_I.
    public var clipBatchNorm = true
    /// E_I is residual (a stem and three residual blocks) rather than three plain strided convolutions.
    public var clipResidual = true
    /// E_I's convolutional trunk: the width-scaled ResNet-18 of the baselines, which starts from the
    /// face pretraining when `pretrain.backbone = face` (the default, measured on the validation
    /// draw: bench/pretraining/FINDINGS.md), or the small encoder (`clip_residual`, `clip_batch_norm`).
    public var imageEncoder = LLDifImageEncoder.resnet18
    /// The prior modulation `x ⊙ W1·Z + W2·Z` has biases (W1's starting at 1); false is DiffIR's
    /// bias-free modulation, which the transformer cannot ignore by zeroing the weights on Z.
    public var modulationBias = true

    /// The defaults of every profile.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case window
        case fusionGrid = "fusion_grid", fusionWidth = "fusion_width"
        case fusionDepth = "fusion_depth", clipWidth = "clip_width", denoiserLayers = "denoiser_layers"
        case clipBatchNorm = "clip_batch_norm", clipResidual = "clip_residual"
        case modulationBias = "modulation_bias", imageEncoder = "image_encoder"
    }

    func validate() throws {
        for (value, key) in [(window, "window"), (fusionGrid, "fusion_grid"), (fusionWidth, "fusion_width"),
                             (fusionDepth, "fusion_depth"), (clipWidth, "clip_width")] {
            try ConfigCheck.that(value > 0, "lldif.model." + key, value, "a positive integer")
        }
        try ConfigCheck.that(denoiserLayers >= 2, "lldif.model.denoiser_layers", denoiserLayers, "at least 2")
    }
}

/// `diffusion.*`: the EPD diffusion of stage 2.
public struct DiffusionConfig: Codable, Equatable, Sendable {
    /// The paper's number of diffusion steps (DiffIR's `timesteps: 4`): the default of `steps` and
    /// the T that the step study's claim is about.
    public static let paperSteps = 4

    /// Diffusion steps T; 0 is no diffusion (c = PNET_S2(E_I(x)) is used as the EPD, the
    /// "without diffusion" ablation).
    public var steps = DiffusionConfig.paperSteps
    /// How the noise schedule depends on T (see `DiffusionSchedule`).
    public var schedule = DiffusionSchedule.fixedTerminal
    /// λ_kl, the weight of L_kl in stage 2 (0 is the "without L_kl" ablation).
    public var lambdaKL = 1.0
    /// τ of L_kl (1 as the paper, 0.15 as DiffIR).
    public var tau = 1.0
    /// Weight of `L1(Ẑ_0, Z_S1)` in stage 2's joint phase (0: the paper's `L_ce + λ_kl · L_kl`;
    /// DiffIR's joint phase optimises this term with weight 1).
    public var lambdaL1 = 0.0
    /// The step input of the denoiser (see `DenoiserTimeInput`).
    public var timeInput = DenoiserTimeInput.stepFraction

    /// The defaults of every profile.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case steps, tau, schedule
        case lambdaKL = "lambda_kl", lambdaL1 = "lambda_l1", timeInput = "time_input"
    }

    func validate() throws {
        try ConfigCheck.that(steps >= 0, "diffusion.steps", steps, "a non-negative integer (0: no diffusion)")
        try ConfigCheck.nonNegative(lambdaKL, "diffusion.lambda_kl")
        try ConfigCheck.positive(tau, "diffusion.tau")
        try ConfigCheck.nonNegative(lambdaL1, "diffusion.lambda_l1")
    }
}

/// The trunk of LLDif's image encoder E_I.
public enum LLDifImageEncoder: String, NamedChoice {
    /// A stride-2 stem and three blocks at C, 2C, 4C (`lldif.model.clip_residual`, `clip_batch_norm`).
    case small
    /// The baselines' width-scaled ResNet-18 trunk (`model.width`, `model.stem_stride`).
    case resnet18
}

/// How the EPD diffusion's noise schedule depends on the number of steps T. Both use DiffIR's
/// shape `β_t = (linspace(√0.1, √β_end, T))²`; they differ in β_end.
public enum DiffusionSchedule: String, NamedChoice {
    /// β_end chosen so that ᾱ_T, the prior's share in the training input, is DiffIR's value at
    /// T = 4 (0.0026) for every T: T changes only the number of reverse steps. At T = 4 it is
    /// DiffIR's schedule.
    case fixedTerminal = "fixed-terminal"
    /// DiffIR's code literally: β_end = 0.99 for every T, so ᾱ_T also changes with T (0.90 at T = 1:
    /// stage 2 then trains on an input that still holds most of the prior and infers from pure noise).
    case diffir
}

/// The step input the denoiser reads beside c and Z_t.
public enum DenoiserTimeInput: String, NamedChoice {
    /// t/T for the reverse steps t = T … 1 (the kit's default).
    case stepFraction = "step-fraction"
    /// DiffIR's `i / (10·T)` for the reverse steps i = T−1 … 0.
    case diffir
}

/// `ablation.*`: LLDif's ablations as switches (all on: the full method). Without diffusion is
/// `diffusion.steps = 0`.
public struct AblationSwitches: Codable, Equatable, Sendable {
    /// Modulate DTNet by the prior Z (false: the plain LLformer).
    public var priorModulation = true
    /// Use DLNet's landmark cross-attention.
    public var dlnet = true
    /// PNET_S1 sees the caption (false: the image embedding only).
    public var caption = true

    /// The full method.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case dlnet, caption
        case priorModulation = "prior_modulation"
    }
}
