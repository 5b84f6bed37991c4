import Configuration

/// One training run the result chapters need: a model on a dataset with a training seed, and the
/// study variant that changes it (a diffusion-step count, an ablation). Everything else comes from
/// the experiment's configuration, so two chapters that ask for the same request share one run.
public struct RunRequest: Hashable, Sendable, CustomStringConvertible {
    /// The model.
    public var model: ModelID
    /// The dataset.
    public var dataset: DatasetID
    /// The training seed (`train.seed`); the data are the same for every seed.
    public var seed: Int
    /// What makes the run a study variant (nothing for the accuracy tables' runs).
    public var variant: StudyVariant

    /// A request for `model` on `dataset` with `seed`, as the study variant `variant`.
    public init(model: ModelID, dataset: DatasetID, seed: Int, variant: StudyVariant = StudyVariant()) {
        self.model = model
        self.dataset = dataset
        self.seed = seed
        self.variant = variant
    }

    /// The configuration this run trains with: `base` with the seed and the variant applied, and
    /// the per-epoch test evaluation kept only where chapter 08 draws it (`drawsCurves`).
    public func config(base: ExperimentConfig) -> ExperimentConfig {
        var config = base
        config.train.seed = seed
        variant.apply(to: &config)
        if !drawsCurves(base: base) { config.train.evalEveryEpoch = false }
        return config
    }

    /// Whether chapter 08 draws this run's per-epoch test accuracy: it draws the first seed of the
    /// accuracy tables (`paper.seeds`) and of the studies (`paper.study_seeds`). The other seeds'
    /// runs skip the per-epoch evaluation, which trains the same weights (`train.eval_every_epoch`)
    /// and saved about a tenth of the quick paper's CPU time (README, "Profiles").
    public func drawsCurves(base: ExperimentConfig) -> Bool {
        seed == base.paper.seeds.first || seed == base.paper.studySeeds.first
    }

    /// The request in words, for messages.
    public var description: String {
        "\(model.rawValue) on \(dataset) seed \(seed)" + (variant.description.isEmpty ? "" : " (\(variant.description))")
    }
}

/// What a study changes in a run: the number of diffusion steps and their schedule (chapter 06), an
/// ablation (chapter 07) or a longer training (chapter 04's controls). Empty for the runs of the
/// accuracy tables.
public struct StudyVariant: Hashable, Sendable, Codable {
    /// Diffusion steps T of a step-study run (set explicitly, whatever `diffusion.steps` is).
    public var steps: Int?
    /// The noise schedule of a step-study run (set explicitly, whatever `diffusion.schedule` is).
    public var schedule: DiffusionSchedule?
    /// The ablation of an ablation-study run.
    public var ablation: Ablation?
    /// The shared loop's epochs (`train.epochs`) of a control run trained longer than the profile's.
    public var epochs: Int?

    /// A variant with the given step count, schedule, ablation and epochs (none: the plain run).
    public init(steps: Int? = nil, schedule: DiffusionSchedule? = nil, ablation: Ablation? = nil, epochs: Int? = nil) {
        self.steps = steps
        self.schedule = schedule
        self.ablation = ablation
        self.epochs = epochs
    }

    /// Writes the variant into `config`.
    public func apply(to config: inout ExperimentConfig) {
        if let steps { config.diffusion.steps = steps }
        if let schedule { config.diffusion.schedule = schedule }
        ablation?.apply(to: &config)
        if let epochs { config.train.epochs = epochs }
    }

    /// The variant in words (`T = 8`, `diffir`, `no_kl`, `20 epochs`), empty for the plain run.
    public var description: String {
        let parts: [String?] = [steps.map { "T = \($0)" }, schedule?.rawValue, ablation?.rawValue, epochs.map { "\($0) epochs" }]
        return parts.compactMap { $0 }.joined(separator: ", ")
    }
}

/// A variant of LLDif in the ablation study (shared/spec/method.md, "Ablations"). The raw value is
/// the name its results carry (`no_diffusion`).
public enum Ablation: String, CaseIterable, Hashable, Sendable, Codable {
    case full = "lldif"
    case noDiffusion = "no_diffusion"
    case noKL = "no_kl"
    case tau015 = "tau_0.15"
    case noCaption = "no_caption"
    case noDLNet = "no_dlnet"
    case noPriorModulation = "no_prior_modulation"
    case jointL1 = "joint_l1"
    case biasFreeModulation = "bias_free_modulation"
    case diffirTimeInput = "diffir_time_input"
    /// LLDif with E_I and LandmarkNet from scratch: "from scratch" as a reported row, now that
    /// `pretrain.backbone = face` is the default (issue #19).
    case noPretraining = "no_pretraining"

    /// The row label of the ablation table.
    public var label: String {
        switch self {
        case .full: return "LLDif (full)"
        case .noDiffusion: return "without diffusion (c = PNET_S2(E_I(x)) used as the EPD)"
        case .noKL: return "without L_kl (λ_kl = 0)"
        case .tau015: return "τ = 0.15 (DiffIR's temperature)"
        case .noCaption: return "without the caption (PNET_S1 sees the image only)"
        case .noDLNet: return "without DLNet"
        case .noPriorModulation: return "without prior modulation (plain LLformer)"
        case .jointL1: return "DiffIR: + L1(Ẑ_0, Z_S1) in the joint phase"
        case .biasFreeModulation: return "DiffIR: bias-free prior modulation"
        case .diffirTimeInput: return "DiffIR: denoiser step input i/(10T)"
        case .noPretraining: return "without the face pretraining (E_I and LandmarkNet from scratch)"
        }
    }

    /// Writes the variant's settings into `config`.
    public func apply(to config: inout ExperimentConfig) {
        switch self {
        case .full: break
        case .noDiffusion: config.diffusion.steps = 0
        case .noKL: config.diffusion.lambdaKL = 0
        case .tau015: config.diffusion.tau = 0.15
        case .noCaption: config.ablation.caption = false
        case .noDLNet: config.ablation.dlnet = false
        case .noPriorModulation: config.ablation.priorModulation = false
        case .jointL1: config.diffusion.lambdaL1 = 1
        case .biasFreeModulation: config.lldif.model.modulationBias = false
        case .diffirTimeInput: config.diffusion.timeInput = .diffir
        case .noPretraining: config.pretrain.backbone = .none
        }
    }

    /// Whether the paper's ablation table has the variant (the DiffIR-faithful rows and the one
    /// without the face pretraining are the kit's own).
    public var isInPaper: Bool {
        switch self {
        case .jointL1, .biasFreeModulation, .diffirTimeInput, .noPretraining: return false
        case .full, .noDiffusion, .noKL, .tau015, .noCaption, .noDLNet, .noPriorModulation: return true
        }
    }

    /// Whether the variant changes stage 1 too (then both stages retrain; otherwise it shares the
    /// full method's stage-1 run and retrains stage 2 only).
    public var retrainsStage1: Bool {
        switch self {
        case .noCaption, .noDLNet, .noPriorModulation, .biasFreeModulation, .noPretraining: return true
        case .full, .noDiffusion, .noKL, .tau015, .jointL1, .diffirTimeInput: return false
        }
    }
}
