import Configuration

/// One phase of a run's training as the run's log records it: the shared loop's epochs
/// (`train`), or one of LLDif's stages (`stage0`, `stage1`, `stage2-warmup`, `stage2`). Each phase
/// costs its own per-image time, so the cost model prices runs phase by phase.
public struct TrainingPhase: Hashable, Sendable {
    /// The phase's name: `train` for the shared loop, else the stage's name in the run's log.
    public var name: String
    /// Epochs the phase trains (0 skips it).
    public var epochs: Int
    /// True when the phase evaluates the held-out split after every epoch.
    public var validatesEveryEpoch: Bool

    /// A phase from its parts.
    public init(name: String, epochs: Int, validatesEveryEpoch: Bool) {
        self.name = name
        self.epochs = epochs
        self.validatesEveryEpoch = validatesEveryEpoch
    }

    /// The phases a run of `model` trains with `config`, in order: LLDif's stage-0 run trains
    /// stage 0, its stage-1 run stage 1, its `lldif` run the stage-2 warm-up and stage 2 (stages 1 and 2 validate
    /// every epoch with `train.eval_every_epoch`, stage 0 and the warm-up never), the face pretraining the shared loop for `pretrain.epochs`, every other
    /// model the shared loop for `train.epochs`.
    public static func phases(of model: ModelID, config: ExperimentConfig) -> [TrainingPhase] {
        let lldif = config.lldif
        switch model {
        case .lldifStage0:
            return [TrainingPhase(name: "stage0", epochs: lldif.stage0.epochs, validatesEveryEpoch: false)]
        case .lldifStage1:
            return [TrainingPhase(name: "stage1", epochs: lldif.stage1.epochs, validatesEveryEpoch: config.train.evalEveryEpoch)]
        case .lldif:
            return [TrainingPhase(name: "stage2-warmup", epochs: lldif.stage2.warmupEpochs, validatesEveryEpoch: false),
                    TrainingPhase(name: "stage2", epochs: lldif.stage2.epochs, validatesEveryEpoch: config.train.evalEveryEpoch)]
        case .facePretrain:
            return [TrainingPhase(name: "train", epochs: config.pretrain.epochs, validatesEveryEpoch: config.train.evalEveryEpoch)]
        default:
            return [TrainingPhase(name: "train", epochs: config.train.epochs, validatesEveryEpoch: config.train.evalEveryEpoch)]
        }
    }

    /// The epochs a run of `model` logs in all (its log numbers epochs across its phases).
    public static func totalEpochs(of model: ModelID, config: ExperimentConfig) -> Int {
        phases(of: model, config: config).map(\.epochs).reduce(0, +)
    }
}
