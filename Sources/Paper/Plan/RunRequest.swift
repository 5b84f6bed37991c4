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

    /// The variant in words (`T = 8`, `diffir`, `no_kl`, `32 epochs`), empty for the plain run.
    public var description: String {
        let parts: [String?] = [steps.map { "T = \($0)" }, schedule?.rawValue, ablation?.rawValue, epochs.map { "\($0) epochs" }]
        return parts.compactMap { $0 }.joined(separator: ", ")
    }
}
