import Configuration
import DatasetStore
import FaceData
import Foundation
import LLDif


/// The glue between the typed configuration, the run store and the LLDif training library,
/// shared by `lldif train`, `lldif eval`, `lldif predict`, `lldif plan` and the chapters.
public enum TrainingRuns {
    /// The run spec of `entry` on `dataset` with `config`: the model's identity and revision, the
    /// dataset as `data.source` reads it (`ll-raf-db` for `ll-syn-raf` on real data), the part
    /// of `config` the model reads (`ModelEntry.reads`), and the names of the runs it starts from
    /// (`prerequisites`). A real dataset's name with `data.source=synthetic` is an error, never
    /// silently SynFER.
    public static func spec(entry: ModelEntry, dataset: DatasetID, config requested: ExperimentConfig) throws -> RunSpec {
        let config = entry.canonical(requested)
        if dataset.source == .real && config.data.source != .real {
            throw TrainingError.invalid("\(dataset.name) is a real dataset: set data.source=real and data.root=DIR (the folder holding \(dataset.flavour.realFolder)/)")
        }
        try entry.checkSettings(config)
        // Real images get predicted landmarks, so a real-data run also reads the predictor's settings
        // (not the face pretraining, whose corpus is SynFER's whatever `data.source` is).
        let opened = dataset.on(config.data.source)
        let reads = entry.reads + (opened.source == .real ? ["landmarks"] : [])
        return try RunSpec(model: entry.id, revision: entry.revision, dataset: opened, config: config, reads: reads,
                           startsFrom: try prerequisites(of: entry, dataset: dataset, config: config).map(\.spec.name))
    }

    /// The runs a run of `entry` on `dataset` with `config` starts from: each prerequisite model
    /// (`ModelEntry.prerequisites(for:)`) on the dataset it trains on, with the same configuration.
    /// `spec`, `obtain` and `RunPlan` all find them here.
    public static func prerequisites(of entry: ModelEntry, dataset: DatasetID, config: ExperimentConfig) throws
        -> [(model: ModelID, dataset: DatasetID, spec: RunSpec)] {
        try entry.prerequisites(for: entry.canonical(config)).map { id in
            let prerequisite = try ModelRegistry.entry(id)
            let needed = prerequisite.dataset(requested: dataset)
            return (id, needed, try spec(entry: prerequisite, dataset: needed, config: config))
        }
    }

    /// The cache of held datasets in `store`: its `data-cache` folder, shared by every run there.
    public static func dataCache(in store: RunStore) -> DataCache {
        DataCache(folder: store.root.appendingPathComponent("data-cache", isDirectory: true))
    }

    /// The folder of a run named `model/hash` in `store`, or a run folder given by path.
    public static func folder(_ reference: String, store: RunStore) throws -> RunFolder {
        let direct = URL(fileURLWithPath: reference, isDirectory: true)
        let url = FileManager.default.fileExists(atPath: direct.appendingPathComponent("config.json").path)
            ? direct : store.root.appendingPathComponent(reference)
        let configURL = url.appendingPathComponent("config.json")
        guard let data = try? Data(contentsOf: configURL) else {
            throw TrainingError.invalid("no run at '\(reference)': neither a run folder nor model/hash in \(store.root.path) (`lldif runs` lists them)")
        }
        guard let spec = try? JSONDecoder().decode(RunSpec.self, from: data) else {
            throw RunStoreError.damagedFile(configURL.path, line: nil)
        }
        // A run folder is ROOT/model/hash: its store is two levels up.
        let folder = RunStore(root: url.deletingLastPathComponent().deletingLastPathComponent()).folder(for: spec)
        guard folder.url.standardizedFileURL.path == url.standardizedFileURL.path else {
            throw TrainingError.invalid("\(url.path) holds run \(spec.name), whose folder should be named \(spec.model)/\(spec.hash)")
        }
        return folder
    }

    /// A trained run's model with its weights loaded, its settings and its data.
    public struct LoadedRun {
        public var entry: ModelEntry
        public var model: any TrainableClassifier
        public var config: ExperimentConfig
        public var data: (train: FaceDataset, test: FaceDataset)
        public var imageSize: Int
        public var channels: Int
    }

    /// Rebuilds the model of a finished run and loads its checkpoint; its data is held in memory at
    /// the run's image size, read from the run store's data cache.
    public static func load(_ folder: RunFolder) throws -> LoadedRun {
        guard folder.isComplete else {
            throw TrainingError.invalid("run \(folder.spec.name) has not finished training; `lldif train` resumes it")
        }
        let entry = try ModelRegistry.entry(folder.spec.model)
        let config = try folder.spec.config()
        // A run folder is ROOT/model/hash: its store is two levels up.
        let store = RunStore(root: folder.url.deletingLastPathComponent().deletingLastPathComponent())
        let data = try openData(dataset: folder.spec.dataset, config: config, store: store)
        let context = try ModelContext(trainSet: data.train, config: config)
        let model = try entry.build(context)
        try model.loadWeights(from: folder.checkpointURL)
        return LoadedRun(entry: entry, model: model, config: config, data: data, imageSize: context.imageSize,
                         channels: context.channels)
    }
}

/// `metrics.json` of a training run: final test accuracy and what the report needs beside it.
public struct RunMetrics: Codable, Sendable {
    public var model: ModelID
    public var dataset: DatasetID
    public var accuracy: Double
    public var perClassAccuracy: [Double?]
    public var classNames: [String]
    public var confusionMatrix: [[Int]]
    public var testCount: Int
    public var epochs: Int
    /// Mean wall time of a training epoch (evaluation excluded), over the epochs in the log.
    public var secondsPerEpoch: Double

    enum CodingKeys: String, CodingKey {
        case model, dataset, accuracy, epochs
        case perClassAccuracy = "per_class_accuracy", classNames = "class_names", confusionMatrix = "confusion_matrix"
        case testCount = "test_count", secondsPerEpoch = "seconds_per_epoch"
    }
}
