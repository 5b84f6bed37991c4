// Chapter 07 — ablation: LLDif against each of its component ablations (shared/spec/method.md) over
// every study seed, and whether the stage-2 EPD carries the class and is brought towards the
// stage-1 EPD by the diffusion (claims C4 and C5).
import Analysis
import ArgumentParser
import Chapters
import Configuration
import DatasetStore
import FaceData
import Foundation
import LLDif
import Paper

struct AblationChapter: Chapter {
    static let configuration = CommandConfiguration(
        commandName: "07-ablation",
        abstract: "Chapter 07: LLDif's component ablations, and the agreement of the stage-2 EPD with the stage-1 EPD.")

    @OptionGroup var options: ChapterOptions

    @Option(help: "Training images whose stage-1 EPDs make the class centroids (a seeded subset of the training split; 0: all).")
    var centroidImages = 1000

    var inputs: [String] { ["centroid-images=\(centroidImages)"] }

    func validate() throws {
        guard centroidImages >= 0 else { throw ValidationError("--centroid-images must be 0 (all) or more") }
    }

    func requests(_ plan: ExperimentPlan) -> [RunRequest] { plan.ablationRuns }

    func write(_ ctx: inout ChapterRun) throws {
        let plan = ctx.plan
        var accuracy: [Ablation: SeedAccuracy] = [:]
        for ablation in plan.ablations {
            accuracy[ablation] = try SeedAccuracy(runs: plan.studySeeds.map { try ctx.runs.obtain(plan.ablationRun(ablation, seed: $0)) })
        }
        let full = try accuracy.required(.full, "the full LLDif run")
        let noDiffusion = try accuracy.required(.noDiffusion, "the no-diffusion run")
        let dataset = ctx.displayName(plan.studyDataset)
        let seedNote = plan.studySeeds.count > 1 ? "mean ± standard deviation over \(plan.studySeeds.count) seeds" : "seed \(plan.studySeeds[0])"
        var rows: [[ResultCell]] = []
        for ablation in plan.ablations {
            let a = try accuracy.required(ablation, "the \(ablation.rawValue) run")
            let delta = ablation == .full ? nil : ResultInterval(try PairedDifference(a, full, seed: 8).estimate, scale: 100)
            rows.append([.text(ablation.label), .number(a.mean, plusMinus: a.summary.standardDeviation, format: .percent(1)),
                         delta.map { ResultCell(.interval($0, format: .fixed(1))) } ?? .text("–")])
            ctx.results.interval("accuracy.\(ablation.rawValue)", ResultInterval(try a.interval(seed: 9)), format: .percent(1))
        }
        ctx.results.table("ablation", columns: ["Variant", "test accuracy", "Δ vs LLDif (pp) [95% CI]"], rows: rows,
                          caption: caption(plan: plan, dataset: dataset, seedNote: seedNote))
        ctx.results.interval("lldif_minus_no_diffusion", ResultInterval(try PairedDifference(full, noDiffusion, seed: 10).estimate, scale: 100),
                             unit: "pp", format: .fixed(1))
        ctx.results.value("compared_above_majority", 100 * (max(full.mean, noDiffusion.mean) - full.majorityRate),
                          unit: "pp", format: .fixed(1))
        ctx.results.value("majority", full.majorityRate, format: .percent(1))
        try recordEPDs(into: &ctx)
        ctx.dataSource = dataset
        ctx.seeds = plan.studySeeds
    }

    /// The ablation table's caption: which variants retrain both stages, and which ablations
    /// `paper.ablations` left out.
    func caption(plan: ExperimentPlan, dataset: String, seedNote: String) -> String {
        let both = plan.ablations.filter(\.retrainsStage1).map(\.rawValue)
        let left = Ablation.optional.filter { !plan.ablations.contains($0) }.map(\.rawValue)
        return "LLDif and its ablations on \(dataset) (\(seedNote)). "
            + (both.isEmpty ? "Every variant shares LLDif's stage 1 and retrains stage 2. "
                : "Variants that change stage 1 (\(both.joined(separator: ", "))) retrain both stages; the others retrain stage 2 only. ")
            + (plan.ablations.contains(where: \.isDiffIRSetting) ? "The rows named DiffIR are settings that make LLDif more like DiffIR's code; the kit's defaults stay unless a validation draw says otherwise (bench/diffusion/FINDINGS.md). " : "")
            + (left.isEmpty ? "" : "Not trained here (`paper.ablations`): \(left.joined(separator: ", ")). ")
            + "The interval is a hierarchical bootstrap over the study seeds and the test images, paired on both."
    }

    /// Claim C5's quantities over every study seed (the full LLDif run of each): the nearest
    /// training-centroid accuracy of Ẑ_0 minus the majority-class rate, and how much closer Ẑ_0 is
    /// to its own Z_S1 than c is; with the seed-mean cosine agreement and KL beside them.
    func recordEPDs(into ctx: inout ChapterRun) throws {
        let plan = ctx.plan
        var hits: [[Double]] = [], majority: [[Double]] = [], gain: [[Double]] = []
        var agreements: [EPDAgreement] = []
        for seed in plan.studySeeds {
            let (evidence, agreement) = try epds(try ctx.runs.obtain(plan.ablationRun(.full, seed: seed)))
            hits.append(evidence.centroidHits)
            majority.append(evidence.majorityHits)
            gain.append(evidence.distanceGain)
            agreements.append(agreement)
        }
        let seeds = plan.studySeeds
        let bootstrap = try HierarchicalBootstrap(seed: 11)
        let centroid = try bootstrap.interval(of: try SeedScores(seeds: seeds, rows: hits), minus: try SeedScores(seeds: seeds, rows: majority),
                                              sharedImages: true)
        let closer = bootstrap.interval(of: try SeedScores(seeds: seeds, rows: gain))
        ctx.results.interval("epd_centroid_accuracy_minus_majority", ResultInterval(centroid, scale: 100), unit: "pp", format: .fixed(1))
        ctx.results.interval("epd_distance_gain_over_c", ResultInterval(closer), format: .fixed(3))
        ctx.results.interval("epd_centroid_accuracy", ResultInterval(bootstrap.interval(of: try SeedScores(seeds: seeds, rows: hits))),
                             format: .percent(1))
        let mean = { (f: (EPDAgreement) -> Double) in agreements.map(f).reduce(0, +) / Double(agreements.count) }
        ctx.results.value("epd_own_cosine", mean(\.ownCosine), format: .fixed(3))
        ctx.results.value("epd_other_class_cosine", mean(\.otherClassCosine), format: .fixed(3))
        ctx.results.value("epd_cosine_margin", mean(\.cosineMargin), format: .fixed(3))
        ctx.results.value("epd_kl", mean(\.kl), format: .fixed(3))
    }

    /// The run's test EPDs scored against the class centroids of its training EPDs, and their
    /// cosine agreement (the KL at τ = 1, the paper's form of L_kl, whatever τ the run trained with).
    func epds(_ run: TrainedRun) throws -> (EPDEvidence, EPDAgreement) {
        let loaded = try TrainingRuns.load(run.folder)
        guard let model = loaded.model as? LLDifModel else {
            throw ChapterError.data("run \(run.folder.spec.name) is not an LLDif model")
        }
        let config = Evaluator.evaluationConfig(imageSize: loaded.imageSize)
        let test = try model.priorPairs(try BatchLoader(dataset: loaded.data.test, config: config), seed: model.inferenceSeed)
        let trainSubset = try FaceDataset(source: SubsetSource(base: loaded.data.train.source, counts: [.train: centroidImages], seed: 0),
                                          split: .train)
        let train = try model.priorPairs(try BatchLoader(dataset: trainSubset, config: config), seed: model.inferenceSeed)
        let evidence = try EPDEvidence(stage1: test.stage1, stage2: test.stage2, condition: test.condition, labels: test.labels,
                                       dimension: test.dimension, trainStage1: train.stage1, trainLabels: train.labels)
        let agreement = try EPDAgreement(targets: test.stage1, estimates: test.stage2, dimension: test.dimension, labels: test.labels, tau: 1)
        return (evidence, agreement)
    }
}

AblationChapter.main()
