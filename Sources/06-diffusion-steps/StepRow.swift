import Chapters
import Configuration
import DatasetStore
import FaceData
import Foundation
import LLDif
import Paper

/// What chapter 06 measures for one row of the step study: one number of steps T on one schedule,
/// over the study seeds.
struct StepRow {
    /// Diffusion steps T (0: no diffusion).
    let steps: Int
    /// The noise schedule the row trained and ran with.
    let schedule: DiffusionSchedule
    /// Test accuracy of every study seed, with the inference noise each run reports.
    let test: SeedAccuracy
    /// Accuracy on the validation draw (`data.validationDraw`), every study seed: what chooses the best T.
    let validation: SeedAccuracy
    /// Test accuracy of the first study seed's run with each of the inference-noise seeds
    /// (empty without diffusion, whose inference is deterministic).
    let noiseAccuracies: [Double]
    /// Test accuracy of the first study seed's run started from Z_T = 0 (nil without diffusion).
    let zeroStartAccuracy: Double?
    /// Test accuracy of the first study seed's run started from the input stage 2 trained on,
    /// `√ᾱ_T · Z_S1 + √(1−ᾱ_T) · ε` (a diagnostic that reads the label through Z_S1; nil without diffusion).
    let trainingInputAccuracy: Double?
    /// The predicted-class shares of the test predictions, pooled over seeds.
    let shares: PredictionShares
    /// Best-of-N milliseconds per image of the first study seed's run, one thread.
    let msPerImage: Double

    /// √ᾱ_T: the share of the stage-1 prior left in stage 2's training input.
    var signal: Double { NoiseSchedule(steps: steps, kind: schedule).terminalSignal }

    /// The row's name in tables and results: `T4`, or `diffir_T1` for the DiffIR-literal schedule.
    var key: String { schedule == .fixedTerminal ? "T\(steps)" : "\(schedule.rawValue)_T\(steps)" }

    /// The row's label: "4", "0 (no diffusion)", "1 (DiffIR's schedule)".
    var label: String {
        if steps == 0 { return "0 (no diffusion)" }
        return schedule == .fixedTerminal ? "\(steps)" : "\(steps) (DiffIR's literal schedule)"
    }
}

/// How chapter 06 evaluates a row's runs beyond their stored test evaluation. Each evaluation is
/// kept in its run's folder (`EvaluationCache`), so the chapter computes it once.
struct StepMeasurement {
    /// Inference-noise seeds of the spread (`1001 …`, apart from the runs' own inference seeds).
    let noiseSeeds: [UInt64]
    /// The validation draw's test split, at the runs' image size.
    let validation: FaceDataset
    /// The data cache's key of the validation draw.
    let validationKey: DataCacheKey
    /// The run store, whose data cache keys each run's own test split.
    let store: RunStore
    /// Test images timed per run, and the warm-up batch before them.
    let timed: (images: Int, repeats: Int)

    /// The row of `runs` (one per study seed, first seed first) trained with `steps` on `schedule`.
    func row(steps: Int, schedule: DiffusionSchedule, runs: [TrainedRun]) throws -> StepRow {
        var validationEvaluations: [ClassifierEvaluation] = []
        var noise: [Double] = [], zero: Double?, trainingInput: Double?, ms = 0.0
        for (index, run) in runs.enumerated() {
            let loaded = try TrainingRuns.load(run.folder)
            guard let model = loaded.model as? LLDifModel else {
                throw ChapterError.data("run \(run.folder.spec.name) is not an LLDif model")
            }
            let config = Evaluator.evaluationConfig(imageSize: loaded.imageSize), cache = try EvaluationCache(run.folder)
            func evaluation(_ loader: @autoclosure () throws -> BatchLoader, key: DataCacheKey, start: PriorStart) throws -> ClassifierEvaluation {
                try cache.evaluation(for: EvaluationKey(data: key, split: .test, setting: "start: \(start)"), report: { print("06-diffusion-steps: \($0)") }) {
                    try model.evaluate(try loader(), start: start)
                }
            }
            validationEvaluations.append(try evaluation(BatchLoader(dataset: validation, config: config), key: validationKey,
                                                        start: .noise(seed: model.inferenceSeed)))
            guard index == 0 else { continue }
            let testKey = TrainingRuns.dataKey(dataset: run.folder.spec.dataset, config: loaded.config, store: store)
            let test = { try BatchLoader(dataset: loaded.data.test, config: config) }
            if model.config.usesDiffusion {
                noise = try noiseSeeds.map { try evaluation(test(), key: testKey, start: .noise(seed: $0)).accuracy }
                zero = try evaluation(test(), key: testKey, start: .zero).accuracy
                trainingInput = try evaluation(test(), key: testKey, start: .trainingInput(seed: noiseSeeds.first ?? 1001)).accuracy
            }
            ms = try milliseconds(model, test: loaded.data.test, imageSize: loaded.imageSize)
        }
        let test = try SeedAccuracy(runs: runs)
        let pooled = test.evaluations
        let shares = try PredictionShares(predictions: pooled.flatMap(\.predictions), labels: pooled.flatMap(\.labels),
                                          classes: pooled[0].classNames.count)
        return StepRow(steps: steps, schedule: schedule, test: test, validation: try SeedAccuracy(validationEvaluations, seeds: runs.map(\.request.seed)),
                       noiseAccuracies: noise, zeroStartAccuracy: zero, trainingInputAccuracy: trainingInput,
                       shares: shares, msPerImage: ms)
    }

    /// Best-of-`timed.repeats` wall milliseconds per image on `timed.images` test images (a seeded
    /// subset), one thread, after one untimed batch.
    func milliseconds(_ model: LLDifModel, test: FaceDataset, imageSize: Int) throws -> Double {
        let timedSet = try FaceDataset(source: SubsetSource(base: test.source, counts: [.test: timed.images], seed: 0), split: .test)
        let warm = try FaceDataset(source: SubsetSource(base: test.source, counts: [.test: min(64, timed.images)], seed: 1), split: .test)
        return try Evaluator.millisecondsPerImage(model, on: timedSet, warmUp: warm, imageSize: imageSize, repeats: timed.repeats)
    }
}
