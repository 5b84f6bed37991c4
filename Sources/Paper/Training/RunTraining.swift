import Configuration
import DatasetStore
import FaceData
import Foundation
import LLDif

extension TrainingRuns {
    /// The finished run of `model` on `dataset` with `config`, trained first when needed; a run
    /// that starts from another model's run (LLDif's stage 2 on its stage 1, a baseline on the face
    /// pretraining) obtains that one the same way. `report` receives one line per event (training started, resumed, reused).
    public static func obtain(model: ModelID, dataset: DatasetID, config: ExperimentConfig, store: RunStore,
                              report: @escaping (String) -> Void = { print($0) }) throws -> RunFolder {
        let entry = try ModelRegistry.entry(model)
        let spec = try spec(entry: entry, dataset: dataset, config: config)
        var trained = false
        let folder = try store.obtain(spec, report: report) { folder in
            trained = true
            let prerequisites = try TrainingRuns.prerequisites(of: entry, dataset: dataset, config: config)
            try train(entry: entry, spec: spec, folder: folder, store: store, report: report) { model in
                guard let needed = prerequisites.first(where: { $0.model == model }) else {
                    throw TrainingError.invalid("\(spec.name) asked for a \(model.rawValue) run, which is not among the runs it starts from (\(spec.startsFrom.joined(separator: ", ")))")
                }
                return try obtain(model: model, dataset: needed.dataset, config: config, store: store, report: report).url
            }
        }
        if !trained { report("run \(spec.name) is already trained; reusing it") }
        return folder
    }

    /// Trains one run into its folder with the configuration its spec resolves to, then writes its
    /// test evaluation and, last, its metrics.
    private static func train(entry: ModelEntry, spec: RunSpec, folder: RunFolder, store: RunStore,
                              report: @escaping (String) -> Void, prerequisite: @escaping (ModelID) throws -> URL) throws {
        let config = try spec.config()
        // What the data cache (and a landmark predictor) did is reported after the line naming the run.
        var dataLines: [String] = []
        let data = try openData(dataset: spec.dataset, config: config, store: store) { dataLines.append($0) }
        let context = try ModelContext(trainSet: data.train, config: config)
        let options = TrainingOptions(config)
        report("training \(spec.name): \(entry.id.rawValue) on \(spec.dataset) (\(data.train.count) train, \(data.test.count) test images, \(options.imageSize) px, \(epochDescription(entry, config)))")
        dataLines.forEach(report)
        var job = TrainingJob(context: context, trainSet: data.train, evaluationSet: data.test, options: options,
                              folder: folder.url) { try folder.log($0) }
        job.prerequisite = prerequisite
        if FileManager.default.fileExists(atPath: job.checkpointURL.path) {
            report("resuming from the checkpoint of the interrupted run")
        }
        let (_, outcome) = try entry.train(job, entry)
        let seconds = try folder.logEntries().map(\.wallSeconds)
        let evaluation = outcome.evaluation
        try EvaluationExport.write(evaluation, to: folder.url.appendingPathComponent(EvaluationExport.fileName),
                                   run: folder.spec.name)
        try folder.writeMetrics(RunMetrics(model: entry.id, dataset: spec.dataset, accuracy: evaluation.accuracy,
                                           perClassAccuracy: evaluation.perClassAccuracy, classNames: evaluation.classNames,
                                           confusionMatrix: evaluation.confusionMatrix, testCount: evaluation.count,
                                           epochs: seconds.count,
                                           secondsPerEpoch: seconds.isEmpty ? 0 : seconds.reduce(0, +) / Double(seconds.count)))
    }

    /// The epochs a run of `entry` trains, in words: LLDif's stages have their own counts (one run
    /// per stage, the stage-2 warm-up and stage 2 in LLDif's); every other model trains
    /// for `train.epochs`.
    static func epochDescription(_ entry: ModelEntry, _ config: ExperimentConfig) -> String {
        let lldif = config.lldif
        switch entry.id {
        case .lldifStage0: return "\(lldif.stage0.epochs) stage-0 epochs"
        case .lldifStage1: return "\(lldif.stage1.epochs) stage-1 epochs"
        case .lldif: return "\(lldif.stage2.warmupEpochs) stage-2 warm-up + \(lldif.stage2.epochs) stage-2 epochs"
        case .facePretrain: return "\(config.pretrain.epochs) epochs on identities"
        default: return "\(config.train.epochs) epochs"
        }
    }
}
