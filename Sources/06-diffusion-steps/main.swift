// Chapter 06 — diffusion steps: LLDif's stage 2 retrained for each number of diffusion steps T
// (stage 1 shared), its test accuracy with error bars, and its inference time per image.
import Analysis
import ArgumentParser
import Chapters
import FaceData
import Foundation
import LLDif
import Paper
import Plot
import Tensor

struct DiffusionStepsChapter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "06-diffusion-steps",
        abstract: "Chapter 06: LLDif's accuracy and inference time per image against the number of diffusion steps T.")

    @OptionGroup var options: ChapterOptions

    @Option(help: "Test images timed per T (the first ones of a seeded subset of the test split).")
    var timedImages = 256

    func run() throws {
        guard timedImages >= 1 else { throw ValidationError("--timed-images must be at least 1") }
        guard let chapter = try ResultChapter.begin("06-diffusion-steps", revision: 3, options: options, inputs: ["timed=\(timedImages)"], requests: \.stepRuns) else { return }
        var ctx = chapter.context, runs = chapter.runs
        let plan = chapter.plan, hashes = chapter.hashes

        var accuracy: [Int: SeedAccuracy] = [:]
        var milliseconds: [Int: Double] = [:]
        for t in plan.steps {
            let trained = try plan.studySeeds.map { try runs.obtain(plan.stepRun(steps: t, seed: $0)) }
            accuracy[t] = try SeedAccuracy(trained.map { try $0.evaluation() })
            milliseconds[t] = try inferenceMilliseconds(trained[0].folder)
            print(String(format: "06-diffusion-steps: T = %d  accuracy %.3f  %.2f ms per image", t, accuracy[t]!.mean, milliseconds[t]!))
        }
        let ts = plan.steps
        let intervals = try ts.map { try accuracy[$0]!.confidenceInterval(seed: 6) }
        let best = ts.max { accuracy[$0]!.mean < accuracy[$1]!.mean }!
        let gap = try PairedDifference(accuracy[best]!, accuracy[4]!, seed: 7)
        let gapInSE = best == 4 ? 0 : gap.difference / max(gap.standardError, 1e-12)

        let dataset = DisplayNames.dataset(plan.studyDataset, settings: ctx.settings)
        let seedNote = plan.studySeeds.count > 1 ? "mean over \(plan.studySeeds.count) seeds" : "seed \(plan.studySeeds[0])"
        let x = ts.map(Double.init)
        let figure = Figure(rows: 1, cols: 2, title: "LLDif on \(dataset) against the number of diffusion steps",
                            panelSize: Size(width: 320, height: 230)) {
            Axes(x: .log("diffusion steps T"), y: .linear("test accuracy")) {
                Line(x: x, y: ts.map { accuracy[$0]!.mean }, label: "LLDif (\(seedNote))",
                     band: ErrorBand(lower: intervals.map(\.lower), upper: intervals.map(\.upper)), marker: .circle)
            }
            Axes(x: .log("diffusion steps T"), y: .linear("inference time per image (ms)", limits: nil)) {
                Line(x: x, y: ts.map { milliseconds[$0]! }, label: "one thread, batches of 64", marker: .square)
            }
        }
        try ctx.add(figure, name: "steps",
                    caption: "Left: test accuracy of LLDif with stage 2 trained and run with T diffusion steps (\(seedNote)); the band is a 95% bootstrap interval over test images. Right: inference time per image (whole model, \(timedImages) test images in batches of 64, one thread) on this machine; absolute times depend on the machine and its load, the trend over T is the result.")
        let rows: [[ResultCell]] = ts.enumerated().map { i, t in
            [.number(Double(t), format: .integer), .number(NoiseSchedule(steps: t).alphaBar(t).squareRoot(), format: .fixed(3)),
             .number(accuracy[t]!.mean, plusMinus: accuracy[t]!.summary.standardDeviation, format: .percent(1)),
             .text(String(format: "[%.1f, %.1f]", 100 * intervals[i].lower, 100 * intervals[i].upper)),
             .number(milliseconds[t]!, format: .fixed(2))]
        }
        ctx.results.table("steps", columns: ["T", "√ᾱ_T", "test accuracy", "95% bootstrap CI (%)", "ms per image"], rows: rows,
                          caption: "LLDif against the number of diffusion steps T on \(dataset) (\(seedNote); ± is the standard deviation over seeds when there are several). √ᾱ_T is how much of the stage-1 prior survives in the noised input Z_T = √ᾱ_T·Z_S1 + √(1−ᾱ_T)·ε that stage 2 trains from; at inference Z_T is pure noise.")
        for t in ts {
            ctx.results.value("accuracy.T\(t)", accuracy[t]!.mean, format: .percent(1))
            ctx.results.value("ms_per_image.T\(t)", milliseconds[t]!, unit: "ms", format: .fixed(2))
            ctx.results.value("signal.T\(t)", NoiseSchedule(steps: t).alphaBar(t).squareRoot(), format: .fixed(3))
        }
        ctx.results.value("best_T", Double(best), format: .integer)
        ctx.results.value("fewest_T", Double(ts.min()!), format: .integer)
        ctx.results.value("most_T", Double(ts.max()!), format: .integer)
        ctx.results.value("ms_fewest_T", milliseconds[ts.min()!]!, unit: "ms", format: .fixed(2))
        ctx.results.value("ms_most_T", milliseconds[ts.max()!]!, unit: "ms", format: .fixed(2))
        ctx.results.value("best_minus_t4", 100 * gap.difference, unit: "pp", format: .fixed(1))
        ctx.results.value("best_minus_t4_standard_error", 100 * gap.standardError, unit: "pp", format: .fixed(1))
        ctx.results.value("t4_gap_in_standard_errors", gapInSE, unit: "SE", format: .fixed(2))
        ctx.results.value("best_above_majority", 100 * (accuracy[best]!.mean - accuracy[best]!.majorityRate), unit: "pp", format: .fixed(1))
        try ctx.finish(dataSource: dataset, seeds: plan.studySeeds.map(UInt64.init), runHashes: hashes)
    }

    /// Wall milliseconds per image of the run's model on `timedImages` test images, on one thread
    /// (steadier than two on a shared machine), after one untimed batch to warm up.
    func inferenceMilliseconds(_ folder: RunFolder) throws -> Double {
        let loaded = try TrainingRuns.load(folder)
        let test = loaded.data.test.source
        let subset = SubsetSource(base: test, counts: [.test: timedImages], seed: 0)
        let timed = try FaceDataset(source: subset, split: .test)
        let warm = try FaceDataset(source: SubsetSource(base: test, counts: [.test: min(64, timedImages)], seed: 1), split: .test)
        return try Parallel.withThreadCount(1) {
            _ = try Evaluator.evaluate(loaded.model, on: warm, imageSize: loaded.imageSize)
            let start = Date()
            _ = try Evaluator.evaluate(loaded.model, on: timed, imageSize: loaded.imageSize)
            return 1000 * Date().timeIntervalSince(start) / Double(timed.count)
        }
    }
}

DiffusionStepsChapter.main()
