import Paper

/// Which runs the result chapters (04–08) need, read from the `paper.*` settings of the profile, so
/// a chapter, `make runs` and the training record all agree on one design:
/// - `paper.datasets`: the low-light datasets of the accuracy tables (comma-separated);
/// - `paper.baselines`: the baseline models, in table order;
/// - `seeds`: the training seeds of the accuracy tables;
/// - `paper.study_dataset`, `paper.study_seeds`: where the t-SNE, diffusion-step and ablation
///   studies run, and with which seeds;
/// - `paper.steps`: the diffusion step counts T of the step study.
public struct ExperimentPlan: Sendable {
    /// The low-light datasets of the accuracy tables, e.g. `ll-syn-raf`.
    public var datasets: [String]
    /// The baseline models, in table order.
    public var baselines: [String]
    /// Training seeds of the accuracy tables.
    public var seeds: [Int]
    /// The dataset of the t-SNE, step and ablation studies.
    public var studyDataset: String
    /// Training seeds of the studies.
    public var studySeeds: [Int]
    /// The diffusion step counts T of the step study.
    public var steps: [Int]

    /// The LLDif model (stage 2) and its stage-1 run, whose accuracy is an oracle.
    public static let lldif = "lldif", stage1 = "lldif-stage1"

    /// The plan the settings describe; with `data.source=real` only the datasets found under
    /// `data.root` are kept.
    public init(settings: Settings) throws {
        func list(_ key: String) throws -> [String] {
            try settings.string(key).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        do {
            datasets = try list("paper.datasets")
            baselines = try list("paper.baselines")
            seeds = try settings.ints("seeds")
            studyDataset = try settings.string("paper.study_dataset")
            studySeeds = try settings.ints("paper.study_seeds")
            steps = try settings.ints("paper.steps")
        } catch let error as SettingsError { throw ChapterError.settings(error.description) }
        guard !datasets.isEmpty, datasets.allSatisfy({ $0.hasPrefix("ll-") }) else {
            throw ChapterError.settings("paper.datasets must list low-light datasets (ll-...), got \(datasets)")
        }
        guard !seeds.isEmpty, !studySeeds.isEmpty else { throw ChapterError.settings("seeds and paper.study_seeds must not be empty") }
        guard steps.contains(4), steps.allSatisfy({ $0 >= 1 }) else {
            throw ChapterError.settings("paper.steps must be positive and include T = 4 (the paper's default), got \(steps)")
        }
        if try settings.string("data.source") == "real" {
            let found = try ChapterDataset.selected(by: settings).map { "ll-" + ($0.isSynthetic ? $0.name : Self.synFERName[$0.name] ?? $0.name) }
            datasets = datasets.filter(found.contains)
            guard !datasets.isEmpty else { throw ChapterError.data("none of paper.datasets is under data.root") }
            if !datasets.contains(studyDataset) { studyDataset = datasets[0] }
        }
    }

    /// The SynFER flavour that stands for each real dataset in run requests.
    static let synFERName = ["raf-db": "syn-raf", "ferplus": "syn-ferplus", "kdef": "syn-kdef"]

    /// The normal-light counterpart of a low-light dataset name (`ll-syn-raf` → `syn-raf`).
    public static func normalLight(_ dataset: String) -> String { String(dataset.dropFirst(3)) }

    /// Every model of the accuracy tables, baselines first, LLDif last.
    public var models: [String] { baselines + [Self.lldif] }

    /// Chapter 04: every model on every low-light dataset and seed, the stage-1 oracle, and
    /// ResNet-18 in normal light as the reference row.
    public var accuracyRuns: [RunRequest] {
        seeds.flatMap { seed in
            datasets.flatMap { dataset in
                [RunRequest(model: Self.stage1, dataset: dataset, seed: seed)]
                    + models.map { RunRequest(model: $0, dataset: dataset, seed: seed) }
                    + [RunRequest(model: "resnet18", dataset: Self.normalLight(dataset), seed: seed)]
            }
        }
    }

    /// Chapter 05: SCN and LLDif on the study dataset with the first study seed.
    public var featureRuns: [RunRequest] {
        ["scn", Self.lldif].map { RunRequest(model: $0, dataset: studyDataset, seed: studySeeds[0]) }
    }

    /// Chapter 06: LLDif retrained in stage 2 for each T (stage 1 shared), per study seed.
    public func stepRun(steps t: Int, seed: Int) -> RunRequest {
        RunRequest(model: Self.lldif, dataset: studyDataset, seed: seed, variant: t == 4 ? [] : ["diffusion.steps=\(t)"])
    }

    /// Every run of the step study.
    public var stepRuns: [RunRequest] { studySeeds.flatMap { seed in steps.map { stepRun(steps: $0, seed: seed) } } }

    /// Chapter 07: LLDif and each ablation of method.md, per study seed.
    public func ablationRun(_ ablation: Ablation, seed: Int) -> RunRequest {
        RunRequest(model: Self.lldif, dataset: studyDataset, seed: seed, variant: ablation.settings)
    }

    /// Every run of the ablation study.
    public var ablationRuns: [RunRequest] { studySeeds.flatMap { seed in Ablation.all.map { ablationRun($0, seed: seed) } } }

    /// Every run of chapters 04–07 once, in an order that suits parallel training: stage-1 runs
    /// first (stage-2 runs wait for theirs), then the baselines, then stage 2.
    public var allRuns: [RunRequest] {
        var seen = Set<RunRequest>(), ordered: [RunRequest] = []
        for request in accuracyRuns + featureRuns + stepRuns + ablationRuns where seen.insert(request).inserted {
            ordered.append(request)
        }
        let stage1 = Ablation.all.filter(\.retrainsStage1).map(\.settings)
        let extraStage1 = studySeeds.flatMap { seed in
            stage1.map { RunRequest(model: Self.stage1, dataset: studyDataset, seed: seed, variant: $0) }
        }
        func rank(_ r: RunRequest) -> Int { r.model == Self.stage1 ? 0 : r.model == Self.lldif ? 2 : 1 }
        return (ordered + extraStage1.filter { seen.insert($0).inserted }).enumerated()
            .sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }
}

/// A variant of LLDif in the ablation study (shared/spec/method.md, "Ablations"), as settings.
public struct Ablation: Sendable, Hashable {
    /// A short name, used in result keys (`no_diffusion`).
    public var name: String
    /// The row label of the ablation table.
    public var label: String
    /// The settings that make the variant (empty for LLDif itself).
    public var settings: [String]
    /// Whether the variant changes stage 1 too (then it needs its own stage-1 run).
    public var retrainsStage1: Bool

    /// LLDif and every ablation the kit runs, LLDif first.
    public static let all: [Ablation] = [
        Ablation(name: "lldif", label: "LLDif (full)", settings: [], retrainsStage1: false),
        Ablation(name: "no_diffusion", label: "without diffusion (c = PNET_S2(E_I(x)) used as the EPD)",
                 settings: ["ablation.diffusion=false"], retrainsStage1: false),
        Ablation(name: "no_kl", label: "without L_kl (λ_kl = 0)", settings: ["diffusion.lambda_kl=0"], retrainsStage1: false),
        Ablation(name: "tau_0.15", label: "τ = 0.15 (DiffIR's temperature)", settings: ["diffusion.tau=0.15"], retrainsStage1: false),
        Ablation(name: "no_caption", label: "without the caption (PNET_S1 sees the image only)",
                 settings: ["ablation.caption=false"], retrainsStage1: true),
        Ablation(name: "no_dlnet", label: "without DLNet", settings: ["ablation.dlnet=false"], retrainsStage1: true),
        Ablation(name: "no_prior_modulation", label: "without prior modulation (plain LLformer)",
                 settings: ["ablation.prior_modulation=false"], retrainsStage1: true),
    ]
}
