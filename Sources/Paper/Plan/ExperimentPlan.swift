import Configuration
import FaceData
import Foundation
import LLDif

/// Which runs the result chapters (04–08) need, from the `paper.*` settings, so that every chapter,
/// `lldif plan` and `make runs` agree on one design:
/// - 04: every model on every low-light dataset and training seed, the stage-1 oracle, and ResNet-18
///   in normal light as the reference row; and, unless `paper.controls` is false, the controls
///   (E_I + linear head, ResNet-18 trained as long as LLDif and from scratch) on the same datasets
///   and seeds;
/// - 05: SCN, LLDif and ResNet-18 on the study dataset, per study seed (ResNet-18's runs are chapter
///   04's when the study dataset and seeds are among its own);
/// - 06: LLDif with each step count of `paper.steps` on the fixed-terminal schedule, and DiffIR's
///   literal schedule at T = 1, per study seed;
/// - 07: LLDif, its no-diffusion variant and each ablation of `paper.ablations`, per study seed.
public struct ExperimentPlan: Sendable {
    /// The configuration the plan was made from; every request starts from it.
    public let config: ExperimentConfig
    /// The low-light datasets of the accuracy tables (with real data, those found under `data.root`).
    public let datasets: [DatasetID]
    /// The dataset of the t-SNE, step and ablation studies.
    public let studyDataset: DatasetID

    /// The plan `config` describes, on the data `data.source` names; with `data.source=real` only
    /// the datasets whose folder is under `data.root` are kept, and none found is an error naming
    /// the folders looked for.
    public init(config: ExperimentConfig) throws {
        self.config = config
        let source = config.data.source
        var datasets = config.paper.datasets.map { $0.on(source) }
        var studyDataset = config.paper.studyDataset.on(source)
        if source == .real {
            let found = try config.data.realFlavoursFound(among: datasets.map(\.flavour))
            datasets = datasets.filter { found.contains($0.flavour) }
            if !datasets.contains(studyDataset), let first = datasets.first { studyDataset = first }
        }
        self.datasets = datasets
        self.studyDataset = studyDataset
    }

    /// The training seeds of the accuracy tables.
    public var seeds: [Int] { config.paper.seeds }
    /// The training seeds of the studies.
    public var studySeeds: [Int] { config.paper.studySeeds }
    /// The diffusion step counts T of the step study.
    public var steps: [Int] { config.paper.steps }

    /// Every model of the accuracy tables, baselines first, LLDif last.
    public var models: [ModelID] { config.paper.baselines + [.lldif] }

    /// Chapter 04's runs.
    public var accuracyRuns: [RunRequest] {
        seeds.flatMap { seed in
            datasets.flatMap { dataset in
                [RunRequest(model: .lldifStage1, dataset: dataset, seed: seed)]
                    + models.map { RunRequest(model: $0, dataset: dataset, seed: seed) }
                    + [RunRequest(model: .resnet18, dataset: dataset.normalLight, seed: seed)]
            }
        }
    }

    /// The epochs LLDif trains in all (stage 0, stage 1, stage 2's warm-up and stage 2), from its budget.
    public var lldifEpochs: Int { FineTuningBudget.of(.lldif, config: config)?.epochs ?? 0 }

    /// Whether the baselines fine-tune for as many epochs as LLDif trains in all (`train.epochs` ==
    /// `lldifEpochs`), as the quick profile has them since session 22.
    public var budgetsMatched: Bool { config.train.epochs == lldifEpochs }

    /// Chapter 04's controls on `dataset` with `seed`, with LLDif and ResNet-18 as trained for the
    /// accuracy tables beside them: "E_I + linear head" (LLDif without the LLformer and the
    /// diffusion), ResNet-18 trained for as many epochs as LLDif trains in all (only when the
    /// baselines' `train.epochs` differs from that: with budgets matched it is the table's
    /// ResNet-18), and ResNet-18 from scratch (what the face pretraining gives the plain baseline).
    public func controlRuns(dataset: DatasetID, seed: Int) -> ControlRuns {
        ControlRuns(lldif: RunRequest(model: .lldif, dataset: dataset, seed: seed),
                    encoderLinearHead: RunRequest(model: .encoderLinearHead, dataset: dataset, seed: seed),
                    resnet18: RunRequest(model: .resnet18, dataset: dataset, seed: seed),
                    longResNet18: budgetsMatched ? nil
                        : RunRequest(model: .resnet18, dataset: dataset, seed: seed, variant: StudyVariant(epochs: lldifEpochs)),
                    scratchResNet18: RunRequest(model: .resnet18, dataset: dataset, seed: seed,
                                                variant: StudyVariant(ablation: .noPretraining)))
    }

    /// Every run of chapter 04's controls, on every dataset and seed of the accuracy tables; none
    /// when `paper.controls` is false.
    public var controlRuns: [RunRequest] {
        guard config.paper.controls else { return [] }
        return datasets.flatMap { dataset in seeds.flatMap { controlRuns(dataset: dataset, seed: $0).all } }
    }

    /// The models whose features chapter 05 compares: SCN and LLDif (claim C6), ResNet-18 beside them.
    public var featureModels: [ModelID] { [.scn, .lldif, .resnet18] }

    /// Chapter 05's run of `model` with `seed`.
    public func featureRun(_ model: ModelID, seed: Int) -> RunRequest {
        RunRequest(model: model, dataset: studyDataset, seed: seed)
    }

    /// Chapter 05's runs.
    public var featureRuns: [RunRequest] {
        studySeeds.flatMap { seed in featureModels.map { featureRun($0, seed: seed) } }
    }

    /// The step count of the step study's DiffIR-literal row: the one T at which DiffIR's schedule
    /// and the fixed-terminal one differ most (ᾱ_1 = 0.90 against 0.0026).
    public static let literalScheduleSteps = 1

    /// Chapter 06's run for `t` steps on `schedule` and `seed`: stage 2 retrained with T = t (stage 1
    /// shared). The fixed-terminal runs at T = 4 and T = 0 are the ablation study's full and
    /// no-diffusion runs.
    public func stepRun(steps t: Int, schedule: DiffusionSchedule = .fixedTerminal, seed: Int) -> RunRequest {
        RunRequest(model: .lldif, dataset: studyDataset, seed: seed, variant: StudyVariant(steps: t, schedule: schedule))
    }

    /// Every run of the step study: the fixed-terminal curve and the DiffIR-literal row.
    public var stepRuns: [RunRequest] {
        studySeeds.flatMap { seed in
            steps.map { stepRun(steps: $0, seed: seed) }
                + [stepRun(steps: Self.literalScheduleSteps, schedule: .diffir, seed: seed)]
        }
    }

    /// Chapter 07's run of `ablation` with `seed`.
    public func ablationRun(_ ablation: Ablation, seed: Int) -> RunRequest {
        RunRequest(model: .lldif, dataset: studyDataset, seed: seed, variant: StudyVariant(ablation: ablation))
    }

    /// The variants of the ablation study, in table order: LLDif, its no-diffusion variant and
    /// the ablations of `paper.ablations`.
    public var ablations: [Ablation] {
        Ablation.allCases.filter { !Ablation.optional.contains($0) || config.paper.ablations.contains($0) }
    }

    /// Every run of the ablation study.
    public var ablationRuns: [RunRequest] { studySeeds.flatMap { seed in ablations.map { ablationRun($0, seed: seed) } } }

    /// The requests of each result chapter, by chapter name.
    public var chapters: [(chapter: String, requests: [RunRequest])] {
        [("04-accuracy", accuracyRuns + controlRuns), ("05-tsne", featureRuns), ("06-diffusion-steps", stepRuns),
         ("07-ablation", ablationRuns)]
    }
}

/// Chapter 04's control runs for one training seed (`ExperimentPlan.controlRuns(seed:)`).
public struct ControlRuns: Sendable {
    /// LLDif as in the accuracy tables.
    public var lldif: RunRequest
    /// E_I + linear head.
    public var encoderLinearHead: RunRequest
    /// ResNet-18 as in the accuracy tables.
    public var resnet18: RunRequest
    /// ResNet-18 trained for as many epochs as LLDif; nil when the table's ResNet-18 already does
    /// (`ExperimentPlan.budgetsMatched`).
    public var longResNet18: RunRequest?
    /// ResNet-18 from scratch.
    public var scratchResNet18: RunRequest

    /// The runs in table order.
    public var all: [RunRequest] { [lldif, encoderLinearHead, resnet18, longResNet18, scratchResNet18].compactMap { $0 } }
}
