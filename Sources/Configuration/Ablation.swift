/// A variant of LLDif in the ablation study (shared/spec/method.md, "Ablations"). The raw value is
/// the name its results carry (`no_diffusion`).
public enum Ablation: String, NamedChoice, Hashable {
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

    /// Whether the variant is one of the settings that make LLDif more like DiffIR's code (its rows
    /// read "DiffIR: …").
    public var isDiffIRSetting: Bool {
        switch self {
        case .jointL1, .biasFreeModulation, .diffirTimeInput: return true
        case .full, .noDiffusion, .noKL, .tau015, .noCaption, .noDLNet, .noPriorModulation, .noPretraining: return false
        }
    }

    /// The variants chapter 07 may leave out (`paper.ablations`): all but LLDif itself and its
    /// no-diffusion variant, which claims C4 and C5 read and the step study shares.
    public static let optional: [Ablation] = allCases.filter { $0 != .full && $0 != .noDiffusion }

    /// Whether the variant changes stage 1 too (then both stages retrain; otherwise it shares the
    /// full method's stage-1 run and retrains stage 2 only).
    public var retrainsStage1: Bool {
        switch self {
        case .noCaption, .noDLNet, .noPriorModulation, .biasFreeModulation, .noPretraining: return true
        case .full, .noDiffusion, .noKL, .tau015, .jointL1, .diffirTimeInput: return false
        }
    }
}
