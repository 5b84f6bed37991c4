import FaceData
import Foundation
import LLDif

extension TrainingRuns {
    /// The finished run of model `name` on `dataset` with `settings`, trained first when needed; a
    /// run that depends on another model's run (LLDif's stage 2 on its stage 1) obtains that one the
    /// same way. `report` receives one line per event (training started, resumed, reused).
    public static func obtain(model name: String, dataset: String, settings: Settings, store: RunStore,
                              report: @escaping (String) -> Void = { print($0) }) throws -> RunFolder {
        let entry = try ModelRegistry.entry(named: name)
        let spec = spec(entry: entry, dataset: dataset, settings: settings)
        _ = try DatasetChoice(name: dataset, settings: hyperparameters(spec.settings)).sourceName()
        var trained = false
        let folder = try store.obtain(spec) { folder in
            trained = true
            try train(entry: entry, dataset: dataset, parameters: hyperparameters(spec.settings), folder: folder,
                      cache: dataCache(in: store), report: report) { prerequisite in
                try obtain(model: prerequisite, dataset: dataset, settings: settings, store: store, report: report).url
            }
        }
        if !trained { report("run \(spec.name) is already trained; reusing it") }
        return folder
    }

    /// Trains one run into its folder, then writes its test evaluation and, last, its metrics.
    private static func train(entry: ModelEntry, dataset: String, parameters: Hyperparameters, folder: RunFolder,
                              cache: DataCache, report: (String) -> Void,
                              prerequisite: @escaping (String) throws -> URL) throws {
        var cacheLines: [String] = []
        let data = try DatasetChoice(name: dataset, settings: parameters)
            .open(imageSize: try parameters.int("data.image_size"), cache: cache) { cacheLines.append($0) }
        let context = try ModelContext(trainSet: data.train, settings: parameters)
        let options = try TrainingOptions(parameters)
        // LLDif's stages have their own epoch counts (stages 0–1 in lldif-stage1's run, stage 2 in
        // lldif's); every other model trains for train.epochs.
        let stages: [Int] = entry.name == "lldif-stage1" ? [0, 1] : entry.name.hasPrefix("lldif") ? [2] : []
        let epochs = stages.isEmpty ? "\(options.epochs)"
            : stages.map { "\((try? parameters.int("lldif.stage\($0).epochs")) ?? 0) stage-\($0)" }.joined(separator: " + ")
        report("training \(folder.spec.name): \(entry.name) on \(dataset) (\(data.train.count) train, \(data.test.count) test images, \(options.imageSize) px, \(epochs) epochs)")
        cacheLines.forEach(report)
        var job = TrainingJob(context: context, trainSet: data.train, evaluationSet: data.test, options: options,
                              folder: folder.url) { record in
            var fields = record.fields.mapValues(SettingValue.double)
            fields["epoch"] = .int(record.epoch)
            try folder.log(fields)
        }
        job.prerequisite = prerequisite
        if FileManager.default.fileExists(atPath: job.checkpointURL.path) {
            report("resuming from the checkpoint of the interrupted run")
        }
        let (_, outcome) = try entry.train(job, entry)
        let seconds = try folder.logEntries().compactMap { entry -> Double? in
            switch entry["wall_seconds"] {
            case .double(let s)?: return s
            case .int(let s)?: return Double(s)
            default: return nil
            }
        }
        let evaluation = outcome.evaluation
        try EvaluationExport.write(evaluation, to: folder.url.appendingPathComponent(EvaluationExport.fileName),
                                   run: folder.spec.name)
        try folder.writeMetrics(RunMetrics(model: entry.name, dataset: dataset, accuracy: evaluation.accuracy,
                                           perClassAccuracy: evaluation.perClassAccuracy, classNames: evaluation.classNames,
                                           confusionMatrix: evaluation.confusionMatrix, testCount: evaluation.count,
                                           epochs: options.epochs,
                                           secondsPerEpoch: seconds.isEmpty ? 0 : seconds.reduce(0, +) / Double(seconds.count)))
    }
}
