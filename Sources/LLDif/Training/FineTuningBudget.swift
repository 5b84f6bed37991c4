import Configuration

/// How much a method trains on the expression data (issue #19's matched budgets): its phases, each
/// with its epochs over the training split and the forward passes through a convolutional network
/// that reads the image (a "trunk": ResNet-18, LA-CLIP's E_I, LandmarkNet, DTNet) that each
/// training image takes per epoch. Derived from the configuration and the code's structure, not
/// counted during training. The face pretraining is not part of any method's budget: it is shared.
public struct FineTuningBudget: Sendable, Equatable {
    /// One phase of training.
    public struct Phase: Sendable, Equatable {
        /// What the phase is called in the report.
        public var name: String
        /// Epochs over the training split.
        public var epochs: Int
        /// Trunk passes per training image and epoch.
        public var passesPerImage: Int
    }

    /// The phases, in training order.
    public var phases: [Phase]

    /// Epochs over the training split, all phases together.
    public var epochs: Int { phases.map(\.epochs).reduce(0, +) }

    /// Trunk passes over the whole training, for a training split of `trainCount` images.
    public func imagePasses(trainCount: Int) -> Int {
        phases.map { $0.epochs * $0.passesPerImage * trainCount }.reduce(0, +)
    }

    /// LLDif's stage 0: E_I, and LandmarkNet when it learns there (DLNet on, not pretrained).
    static func stage0Phase(_ config: ExperimentConfig) -> Phase {
        let landmarkNetLearns = config.ablation.dlnet && !LLDifConfig.landmarkNetIsPretrained(config)
        return Phase(name: "stage 0", epochs: config.lldif.stage0.epochs, passesPerImage: landmarkNetLearns ? 2 : 1)
    }

    /// The budget of `model` under `config`, or nil for the face pretraining (no expression data).
    /// - ResNet-18, SCN, RUL: one trunk pass per image.
    /// - EAC: two, the image and its horizontal flip (one while its prior gate is closed: an upper bound).
    /// - POSTER-lite: two, the image stream and the landmark stream.
    /// - E_I + linear head: LLDif's stage 0 (E_I; its `lldif-stage1` run), then one E_I pass per
    ///   image while the head trains.
    /// - LLDif: stage 0 runs E_I, and LandmarkNet when it learns there; stages 1 and 2 run E_I,
    ///   DTNet and (with DLNet) LandmarkNet; stage 2's warm-up runs E_I alone. LLDif's budget and
    ///   `lldif-stage1`'s count the stages they build on (`lldif-stage0` is stage 0 alone).
    public static func of(_ model: ModelID, config: ExperimentConfig) -> FineTuningBudget? {
        let epochs = config.train.epochs
        switch model {
        case .resnet18, .scn, .rul:
            return FineTuningBudget(phases: [Phase(name: "fine-tuning", epochs: epochs, passesPerImage: 1)])
        case .eac, .posterLite:
            return FineTuningBudget(phases: [Phase(name: "fine-tuning", epochs: epochs, passesPerImage: 2)])
        case .lldifStage0:
            return FineTuningBudget(phases: [stage0Phase(config)].filter { $0.epochs > 0 })
        case .lldifStage1, .lldif:
            let lldif = config.lldif, dlnet = config.ablation.dlnet
            var phases = [
                stage0Phase(config),
                Phase(name: "stage 1", epochs: lldif.stage1.epochs, passesPerImage: dlnet ? 3 : 2),
            ]
            if model == .lldif {
                phases.append(Phase(name: "stage 2 warm-up", epochs: lldif.stage2.warmupEpochs, passesPerImage: 1))
                phases.append(Phase(name: "stage 2", epochs: lldif.stage2.epochs, passesPerImage: dlnet ? 3 : 2))
            }
            return FineTuningBudget(phases: phases.filter { $0.epochs > 0 })
        case .encoderLinearHead:
            return FineTuningBudget(phases: [Phase(name: "stage 0 (its lldif-stage1 run)", epochs: config.lldif.stage0.epochs, passesPerImage: 1),
                                             Phase(name: "linear head", epochs: epochs, passesPerImage: 1)].filter { $0.epochs > 0 })
        case .facePretrain:
            return nil
        }
    }
}
