import ArgumentParser
import FaceData
import Foundation
import LLDif
import Paper

/// `lldif train`: trains a model through the run store, so a finished run is reused and an
/// interrupted one resumes from its last checkpoint.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on a dataset (reusing a finished run, resuming an interrupted one).",
        discussion: """
        Models: \(ModelRegistry.all.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")).

        Datasets: syn-raf, syn-ferplus, syn-kdef and their low-light versions ll-syn-raf, ll-syn-ferplus, \
        ll-syn-kdef; with --set data.source=real data.root=DIR the matching real dataset (RAF-DB, FERPlus, \
        KDEF) is read instead.

        `lldif config --profile P` lists every setting --set can change.
        """
    )

    @Option(help: "Model to train: \(ModelRegistry.names.joined(separator: ", ")).")
    var model: String

    @Option(help: "Dataset, e.g. ll-syn-raf or syn-raf.")
    var dataset: String

    @Option(help: "Profile: smoke, quick or full.")
    var profile: Profile = .quick

    @Option(name: .customLong("set"), parsing: .upToNextOption, help: "Override settings: --set key=value [key=value ...] (repeatable).")
    var overrides: [String] = []

    @Option(help: "Run seed (sets train.seed).")
    var seed: Int?

    @Option(help: "Run store folder (default: $LLDIF_RUNS or ./runs).")
    var store: String?

    func run() throws {
        let runStore = store.map { RunStore(root: URL(fileURLWithPath: $0, isDirectory: true)) } ?? .standard()
        var settings: Settings
        do {
            settings = try profile.settings(overriding: overrides + (seed.map { ["train.seed=\($0)"] } ?? []))
        } catch let error as SettingsError {
            throw ValidationError(error.description)
        }
        do {
            let entry = try ModelRegistry.entry(named: model)
            let spec = TrainRun.spec(entry: entry, dataset: dataset, settings: settings)
            _ = try DatasetChoice(name: dataset, settings: TrainRun.hyperparameters(spec.settings)).sourceName()
            let folder = try obtain(entry, settings: settings, store: runStore)
            let metrics = try folder.readMetrics(RunMetrics.self)
            print(String(format: "run %@: test accuracy %.4f on %d images (%.2f s per epoch)", spec.name, metrics.accuracy,
                         metrics.testCount, metrics.secondsPerEpoch))
            print("folder: \(folder.url.path)")
        } catch let error as TrainingError {
            throw ValidationError(error.description)
        }
    }

    /// The finished run of `entry` with `settings`, trained first when needed; a run that depends on
    /// another model's run (LLDif's stage 2 on its stage 1) obtains that one the same way.
    private func obtain(_ entry: ModelEntry, settings: Settings, store: RunStore) throws -> RunFolder {
        let spec = TrainRun.spec(entry: entry, dataset: dataset, settings: settings)
        var trained = false
        let folder = try store.obtain(spec) { folder in
            trained = true
            try train(entry: entry, parameters: TrainRun.hyperparameters(spec.settings), folder: folder) { name in
                try obtain(ModelRegistry.entry(named: name), settings: settings, store: store).url
            }
        }
        if !trained { print("run \(spec.name) is already trained; reusing it") }
        return folder
    }

    /// Trains one run into its folder and writes its metrics.
    private func train(entry: ModelEntry, parameters: Hyperparameters, folder: RunFolder,
                       prerequisite: @escaping (String) throws -> URL) throws {
        let data = try DatasetChoice(name: dataset, settings: parameters).open(imageSize: try parameters.int("data.image_size"))
        let context = try ModelContext(trainSet: data.train, settings: parameters)
        let options = try TrainingOptions(parameters)
        // LLDif's stages have their own epoch counts (stages 0–1 in lldif-stage1's run, stage 2 in
        // lldif's); every other model trains for train.epochs.
        let stages: [Int] = entry.name == "lldif-stage1" ? [0, 1] : entry.name.hasPrefix("lldif") ? [2] : []
        let epochs = stages.isEmpty ? "\(options.epochs)"
            : stages.map { "\((try? parameters.int("lldif.stage\($0).epochs")) ?? 0) stage-\($0)" }.joined(separator: " + ")
        print("training \(folder.spec.name): \(entry.name) on \(dataset) (\(data.train.count) train, \(data.test.count) test images, \(options.imageSize) px, \(epochs) epochs)")
        var job = TrainingJob(context: context, trainSet: data.train, evaluationSet: data.test, options: options,
                              folder: folder.url) { record in
            var fields = record.fields.mapValues(SettingValue.double)
            fields["epoch"] = .int(record.epoch)
            try folder.log(fields)
        }
        job.prerequisite = prerequisite
        if FileManager.default.fileExists(atPath: job.checkpointURL.path) {
            print("resuming from the checkpoint of the interrupted run")
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
        try folder.writeMetrics(RunMetrics(model: entry.name, dataset: dataset, accuracy: evaluation.accuracy,
                                           perClassAccuracy: evaluation.perClassAccuracy, classNames: evaluation.classNames,
                                           confusionMatrix: evaluation.confusionMatrix, testCount: evaluation.count,
                                           epochs: options.epochs,
                                           secondsPerEpoch: seconds.isEmpty ? 0 : seconds.reduce(0, +) / Double(seconds.count)))
    }
}
