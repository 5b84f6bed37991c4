// Chapter 06 — diffusion steps: LLDif's stage 2 retrained for each number of diffusion steps T
// (stage 1 shared), its test accuracy with error bars, and its inference time per image.
import Analysis
import ArgumentParser
import Chapters
import Configuration
import DatasetStore
import FaceData
import Foundation
import LLDif
import Paper
import Plot
import Tensor

struct DiffusionStepsChapter: Chapter {
    static let configuration = CommandConfiguration(
        commandName: "06-diffusion-steps",
        abstract: "Chapter 06: LLDif's accuracy and inference time per image against the number of diffusion steps T.")

    @OptionGroup var options: ChapterOptions

    @Option(help: "Test images timed per T (the first ones of a seeded subset of the test split).")
    var timedImages = 256

    var inputs: [String] { ["timed=\(timedImages)"] }

    func validate() throws {
        guard timedImages >= 1 else { throw ValidationError("--timed-images must be at least 1") }
    }

    func requests(_ plan: ExperimentPlan) -> [RunRequest] { plan.stepRuns }

    func write(_ ctx: inout ChapterRun) throws {
        let plan = ctx.plan
        var measured: [(t: Int, accuracy: SeedAccuracy, ms: Double)] = []
        for t in plan.steps {
            let trained = try plan.studySeeds.map { try ctx.runs.obtain(plan.stepRun(steps: t, seed: $0)) }
            let accuracy = try SeedAccuracy(trained.map { try $0.evaluation() })
            let ms = try inferenceMilliseconds(try trained.requiredFirst("run with T = \(t)").folder)
            measured.append((t, accuracy, ms))
            print(String(format: "06-diffusion-steps: T = %d  accuracy %.3f  %.2f ms per image", t, accuracy.mean, ms))
        }
        let ts = measured.map(\.t)
        let paperT = DiffusionConfig.paperSteps
        let intervals = try measured.map { try $0.accuracy.confidenceInterval(seed: 6) }
        guard let best = measured.max(by: { $0.accuracy.mean < $1.accuracy.mean }),
              let paper = measured.first(where: { $0.t == paperT }),
              let fewest = measured.min(by: { $0.t < $1.t }), let most = measured.max(by: { $0.t < $1.t }) else {
            throw ChapterError.settings("paper.steps must include the paper's T = \(paperT)")
        }
        let gap = try PairedDifference(best.accuracy, paper.accuracy, seed: 7)
        let gapInSE = best.t == paperT ? 0 : gap.difference / max(gap.standardError, 1e-12)

        let dataset = ctx.displayName(plan.studyDataset)
        let seedNote = plan.studySeeds.count > 1 ? "mean over \(plan.studySeeds.count) seeds" : "seed \(plan.studySeeds[0])"
        let x = ts.map(Double.init)
        let figure = Figure(rows: 1, cols: 2, title: "LLDif on \(dataset) against the number of diffusion steps",
                            panelSize: Size(width: 320, height: 230)) {
            Axes(x: .log("diffusion steps T"), y: .linear("test accuracy")) {
                Line(x: x, y: measured.map(\.accuracy.mean), label: "LLDif (\(seedNote))",
                     band: ErrorBand(lower: intervals.map(\.lower), upper: intervals.map(\.upper)), marker: .circle)
            }
            Axes(x: .log("diffusion steps T"), y: .linear("inference time per image (ms)", limits: nil)) {
                Line(x: x, y: measured.map(\.ms), label: "one thread, batches of 64", marker: .square)
            }
        }
        try ctx.add(figure, name: "steps",
                    caption: "Left: test accuracy of LLDif with stage 2 trained and run with T diffusion steps (\(seedNote)); the band is a 95% bootstrap interval over test images. Right: inference time per image (whole model, \(timedImages) test images in batches of 64, one thread) on this machine; absolute times depend on the machine and its load, the trend over T is the result.")
        let rows: [[ResultCell]] = zip(measured, intervals).map { m, interval in
            [.number(Double(m.t), format: .integer), .number(NoiseSchedule(steps: m.t).alphaBar(m.t).squareRoot(), format: .fixed(3)),
             .number(m.accuracy.mean, plusMinus: m.accuracy.summary.standardDeviation, format: .percent(1)),
             .text(String(format: "[%.1f, %.1f]", 100 * interval.lower, 100 * interval.upper)),
             .number(m.ms, format: .fixed(2))]
        }
        ctx.results.table("steps", columns: ["T", "√ᾱ_T", "test accuracy", "95% bootstrap CI (%)", "ms per image"], rows: rows,
                          caption: "LLDif against the number of diffusion steps T on \(dataset) (\(seedNote); ± is the standard deviation over seeds when there are several). √ᾱ_T is how much of the stage-1 prior survives in the noised input Z_T = √ᾱ_T·Z_S1 + √(1−ᾱ_T)·ε that stage 2 trains from; at inference Z_T is pure noise.")
        for m in measured {
            ctx.results.value("accuracy.T\(m.t)", m.accuracy.mean, format: .percent(1))
            ctx.results.value("ms_per_image.T\(m.t)", m.ms, unit: "ms", format: .fixed(2))
            ctx.results.value("signal.T\(m.t)", NoiseSchedule(steps: m.t).alphaBar(m.t).squareRoot(), format: .fixed(3))
        }
        ctx.results.value("paper_T", Double(paperT), format: .integer)
        ctx.results.value("best_T", Double(best.t), format: .integer)
        ctx.results.value("fewest_T", Double(fewest.t), format: .integer)
        ctx.results.value("most_T", Double(most.t), format: .integer)
        ctx.results.value("ms_fewest_T", fewest.ms, unit: "ms", format: .fixed(2))
        ctx.results.value("ms_most_T", most.ms, unit: "ms", format: .fixed(2))
        ctx.results.value("best_minus_paper_T", 100 * gap.difference, unit: "pp", format: .fixed(1))
        ctx.results.value("best_minus_paper_T_standard_error", 100 * gap.standardError, unit: "pp", format: .fixed(1))
        ctx.results.value("paper_T_gap_in_standard_errors", gapInSE, unit: "SE", format: .fixed(2))
        ctx.results.value("best_above_majority", 100 * (best.accuracy.mean - best.accuracy.majorityRate), unit: "pp", format: .fixed(1))
        ctx.dataSource = dataset
        ctx.seeds = plan.studySeeds
    }

    /// Wall milliseconds per image of the run's model on `timedImages` test images (one thread,
    /// after one untimed batch).
    func inferenceMilliseconds(_ folder: RunFolder) throws -> Double {
        let loaded = try TrainingRuns.load(folder)
        let test = loaded.data.test.source
        let timed = try FaceDataset(source: SubsetSource(base: test, counts: [.test: timedImages], seed: 0), split: .test)
        let warm = try FaceDataset(source: SubsetSource(base: test, counts: [.test: min(64, timedImages)], seed: 1), split: .test)
        return try Evaluator.millisecondsPerImage(loaded.model, on: timed, warmUp: warm, imageSize: loaded.imageSize)
    }
}

DiffusionStepsChapter.main()
