/// `paper.*`: the experimental design of the result chapters (04–08): which low-light datasets,
/// baselines and training seeds the accuracy tables cover, and where, with which seeds and step
/// counts the t-SNE, diffusion-step and ablation studies run.
public struct PaperDesign: Codable, Equatable, Sendable {
    /// Training seeds of the accuracy tables (three, so that an interval can resample seeds).
    public var seeds = [0, 1, 2]
    /// The low-light datasets of the accuracy tables.
    public var datasets = DatasetID.lowLightDatasets
    /// The baselines, in table order.
    public var baselines = ModelID.baselines
    /// The dataset of the t-SNE, step and ablation studies.
    public var studyDataset = DatasetID(.synRAF, lowLight: true)
    /// Training seeds of the studies.
    public var studySeeds = [0, 1, 2]
    /// The diffusion step counts T of the step study (on the fixed-terminal schedule), whatever
    /// `diffusion.steps` is; 0 is LLDif without diffusion.
    public var steps = [0, 1, 2, 3, 4, 6, 8, 16]
    /// The ablations chapter 07 trains beside LLDif and its no-diffusion variant (which it always
    /// trains: claims C4 and C5 read them). All of them by default; an empty list (`paper.ablations=`)
    /// keeps only what the claims need, as `make replication` does on its second seed set.
    public var ablations = Ablation.optional
    /// Whether chapter 04 trains its controls on every dataset and seed of its tables (E_I + linear
    /// head, ResNet-18 as long as LLDif and from scratch). No claim reads them; `make replication`
    /// leaves them out.
    public var controls = true

    /// The quick profile's design.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case seeds, datasets, baselines, steps, ablations, controls
        case studyDataset = "study_dataset", studySeeds = "study_seeds"
    }

    func validate() throws {
        try ConfigCheck.that(!seeds.isEmpty && seeds.allSatisfy { $0 >= 0 }, "paper.seeds", seeds, "non-negative seeds, at least one")
        try ConfigCheck.that(!studySeeds.isEmpty && studySeeds.allSatisfy { $0 >= 0 }, "paper.study_seeds", studySeeds,
                             "non-negative seeds, at least one")
        try ConfigCheck.that(!datasets.isEmpty && datasets.allSatisfy(\.lowLight), "paper.datasets", datasets,
                             "low-light datasets (ll-...), at least one")
        try ConfigCheck.that(Set(datasets).count == datasets.count, "paper.datasets", datasets, "each dataset once")
        try ConfigCheck.that(studyDataset.lowLight, "paper.study_dataset", studyDataset, "a low-light dataset (ll-...)")
        try ConfigCheck.that(baselines.allSatisfy(\.isBaseline) && Set(baselines).count == baselines.count, "paper.baselines",
                             baselines, "baselines, each once (\(ModelID.baselines.map(\.rawValue).joined(separator: ", ")))")
        try ConfigCheck.that(steps.contains(DiffusionConfig.paperSteps) && steps.allSatisfy { $0 >= 0 }
                             && Set(steps).count == steps.count, "paper.steps", steps,
                             "non-negative step counts, each once, that include the paper's T = \(DiffusionConfig.paperSteps)")
        try ConfigCheck.that(ablations.allSatisfy(Ablation.optional.contains) && Set(ablations).count == ablations.count,
                             "paper.ablations", ablations.map(\.rawValue),
                             "ablations, each once, among \(Ablation.optional.map(\.rawValue).joined(separator: ", ")) (LLDif and no_diffusion always run)")
    }
}

/// `analysis.*`: settings of the analyses that read trained runs.
public struct AnalysisConfig: Codable, Equatable, Sendable {
    /// Perplexity of the t-SNE of chapter 05.
    public var tsnePerplexity = 30.0

    /// The defaults of every profile.
    public init() {}

    enum CodingKeys: String, CodingKey { case tsnePerplexity = "tsne_perplexity" }

    func validate() throws { try ConfigCheck.positive(tsnePerplexity, "analysis.tsne_perplexity") }
}
