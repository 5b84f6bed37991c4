// Chapter 07 — ablation: LLDif against each of its component ablations (shared/spec/method.md), and
// how closely the stage-2 EPD approximates the stage-1 EPD.
import ArgumentParser
import Chapters
import Configuration
import FaceData
import Foundation
import LLDif
import Paper

struct AblationChapter: Chapter {
    static let configuration = CommandConfiguration(
        commandName: "07-ablation",
        abstract: "Chapter 07: LLDif's component ablations, and the agreement of the stage-2 EPD with the stage-1 EPD.")

    @OptionGroup var options: ChapterOptions

    func requests(_ plan: ExperimentPlan) -> [RunRequest] { plan.ablationRuns }

    func write(_ ctx: inout ChapterRun) throws {
        let plan = ctx.plan
        var accuracy: [Ablation: SeedAccuracy] = [:]
        for ablation in Ablation.allCases {
            accuracy[ablation] = try SeedAccuracy(plan.studySeeds.map { try ctx.runs.obtain(plan.ablationRun(ablation, seed: $0)).evaluation() })
        }
        let full = try accuracy.required(.full, "the full LLDif run")
        let noDiffusion = try accuracy.required(.noDiffusion, "the no-diffusion run")
        let dataset = ctx.displayName(plan.studyDataset)
        let seedNote = plan.studySeeds.count > 1 ? "mean ± standard deviation over \(plan.studySeeds.count) seeds" : "seed \(plan.studySeeds[0])"
        var rows: [[ResultCell]] = []
        for ablation in Ablation.allCases {
            let a = try accuracy.required(ablation, "the \(ablation.rawValue) run")
            let delta = ablation == .full ? nil : try PairedDifference(a, full, seed: 8)
            rows.append([.text(ablation.label), .number(a.mean, plusMinus: a.summary.standardDeviation, format: .percent(1)),
                         delta.map { .number(100 * $0.difference, format: .fixed(1)) } ?? .text("–"),
                         delta.map { .text(String(format: "[%.1f, %.1f]", 100 * $0.interval.lower, 100 * $0.interval.upper)) } ?? .text("–")])
            ctx.results.value("accuracy.\(ablation.rawValue)", a.mean, format: .percent(1))
        }
        ctx.results.table("ablation", columns: ["Variant", "test accuracy", "Δ vs LLDif (pp)", "95% paired bootstrap CI"], rows: rows,
                          caption: "LLDif and its ablations on \(dataset) (\(seedNote)). Variants that change stage 1 (caption, DLNet, prior modulation) retrain both stages; the others retrain stage 2 only. The interval resamples test images.")
        ctx.results.value("lldif_minus_no_diffusion", 100 * (full.mean - noDiffusion.mean), unit: "pp", format: .fixed(1))
        ctx.results.value("compared_above_majority", 100 * (max(full.mean, noDiffusion.mean) - full.majorityRate),
                          unit: "pp", format: .fixed(1))
        ctx.results.value("majority", full.majorityRate, format: .percent(1))

        let agreement = try epdAgreement(try ctx.runs.obtain(plan.ablationRun(.full, seed: plan.studySeeds[0])))
        ctx.results.value("epd_own_cosine", agreement.ownCosine, format: .fixed(3))
        ctx.results.value("epd_other_class_cosine", agreement.otherClassCosine, format: .fixed(3))
        ctx.results.value("epd_cosine_margin", agreement.cosineMargin, format: .fixed(3))
        ctx.results.value("epd_kl", agreement.kl, format: .fixed(3))
        ctx.dataSource = dataset
        ctx.seeds = plan.studySeeds
    }

    /// Stage-1 and stage-2 EPDs of the LLDif run's test images, compared (the KL at τ = 1, the
    /// paper's form of L_kl, whatever τ the run trained with).
    func epdAgreement(_ run: TrainedRun) throws -> EPDAgreement {
        let loaded = try TrainingRuns.load(run.folder)
        guard let model = loaded.model as? LLDifModel else {
            throw ChapterError.data("run \(run.folder.spec.name) is not an LLDif model")
        }
        let loader = try BatchLoader(dataset: loaded.data.test, config: Evaluator.evaluationConfig(imageSize: loaded.imageSize))
        let pairs = try model.priorPairs(loader, seed: model.inferenceSeed)
        return try EPDAgreement(targets: pairs.stage1, estimates: pairs.stage2, dimension: pairs.dimension, labels: pairs.labels, tau: 1)
    }
}

AblationChapter.main()
