/// A named configuration sized for a purpose and a time budget (shared/spec/artefacts.md):
/// `smoke` for tests and CI, `quick` (the default) for `make paper` on SynFER, `full` for the real
/// datasets at paper scale. A profile is a value of `ExperimentConfig`: quick is the types'
/// defaults, and the others state only what they change.
public enum Profile: String, NamedChoice {
    case smoke, quick, full

    /// The profile's configuration before any override.
    public var config: ExperimentConfig {
        var c = ExperimentConfig()
        c.profile = self
        switch self {
        case .quick:
            break
        case .smoke:
            c.data.imageSize = 32
            c.data.trainCount = 448
            c.data.testCount = 224
            c.data.statsCount = 128
            c.train.epochs = 2
            c.train.warmupEpochs = 0
            c.paper.datasets = [DatasetID(.synRAF, lowLight: true)]
            c.paper.seeds = [0]
            c.paper.studySeeds = [0]
            c.paper.steps = [0, 1, 2, 4]
            c.lldif.stage0.epochs = 2
            c.lldif.stage1.epochs = 4
            c.lldif.stage2.epochs = 4
            c.lldif.stage2.warmupEpochs = 0
            c.lldif.stage2.learningRate = 1e-3
            c.landmarks.faces = 448
            c.pretrain.epochs = 1
            c.smokeAndFullTraining()
        case .full:
            // 96, not RAF-DB's aligned 100: LLDif's (and POSTER-lite's) three scales after a stride-2
            // stem need a multiple of 8, and its window of 4 tiles 48, 24 and 12 (checked by `lldif plan`).
            c.data.imageSize = 96
            c.data.trainCount = 12271
            c.data.testCount = 3068
            c.data.statsCount = 3068
            c.train.epochs = 60
            c.train.warmupEpochs = 3
            c.model.width = 64
            c.paper.seeds = [0, 1, 2, 3, 4]
            c.paper.studySeeds = [0, 1, 2]
            c.lldif.stage0.epochs = 10
            c.lldif.stage1.epochs = 40
            c.lldif.stage2.epochs = 40
            c.lldif.stage2.warmupEpochs = 0
            c.lldif.stage2.learningRate = 1e-3
            c.smokeAndFullTraining()
        }
        return c
    }

    /// The profile's configuration with `overrides` (`key.path=value` each) applied in order and
    /// the result validated; `data.root` is made absolute.
    public func config(overriding overrides: [String]) throws -> ExperimentConfig {
        var config = try self.config.applying(overrides: overrides)
        config.data.makeRootAbsolute()
        try config.validate()
        return config
    }
}

extension ExperimentConfig {
    /// The training settings smoke and full keep from before the quick profile was tuned on the
    /// validation draws (bench/calibration/FINDINGS.md): learning rate 1e-3,
    /// shared erasing 0.25 and no λ ramp for EAC.
    fileprivate mutating func smokeAndFullTraining() {
        train.learningRate = 1e-3
        train.erasing = 0.25
        eac.ramp = 0
    }
}
