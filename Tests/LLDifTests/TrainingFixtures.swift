import FaceData
import Foundation
import LLDif
import NN
import Tensor

/// Shared pieces of the training tests: a small SynFER task, smoke-sized settings, and helpers.
enum TrainingFixtures {
    /// Smoke-profile settings (shared/spec/artefacts.md) on a tiny split, with `extra` overrides.
    static func settings(_ extra: [String: String] = [:]) -> Hyperparameters {
        var values = ["data.image_size": "16", "data.train_count": "192", "data.test_count": "128", "data.seed": "0",
                      "train.epochs": "3", "train.batch_size": "32", "train.learning_rate": "0.003",
                      "train.weight_decay": "0.05", "train.warmup_epochs": "0", "train.seed": "0",
                      "model.width": "4", "train.eval_every_epoch": "false"]
        for (k, v) in extra { values[k] = v }
        return Hyperparameters(values)
    }

    /// The train and test splits of normal-light syn-raf cut to the settings' counts.
    static func data(_ settings: Hyperparameters, name: String = "syn-raf") throws -> (train: FaceDataset, test: FaceDataset) {
        try DatasetChoice(name: name, settings: settings).open(imageSize: try settings.int("data.image_size"))
    }

    /// Options for the shared loop from `settings`, without the terminal progress line.
    static func options(_ settings: Hyperparameters) throws -> TrainingOptions {
        var options = try TrainingOptions(settings)
        options.showProgress = false
        return options
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lldif-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The bit patterns of a module's state, for exact comparisons.
    static func bits(_ model: Module) -> [String: [UInt32]] {
        model.state().mapValues { $0.values.map(\.bitPattern) }
    }

    /// The share of the most frequent label: the accuracy of always guessing the majority class.
    static func majorityShare(_ labels: [Int]) -> Double {
        let counts = Dictionary(grouping: labels, by: { $0 }).mapValues(\.count)
        return Double(counts.values.max() ?? 0) / Double(max(1, labels.count))
    }

    /// Trains the registered model `name` with the shared loop on the tiny task.
    static func train(_ name: String, settings: Hyperparameters, checkpoint: URL? = nil,
                      log: EpochLogger = { _ in }) throws -> (model: any TrainableClassifier, outcome: Trainer.Outcome) {
        let (train, test) = try data(settings)
        let model = try ModelRegistry.entry(named: name).build(try ModelContext(trainSet: train, settings: settings))
        let trainer = Trainer(model: model, trainSet: train, evaluationSet: test, options: try options(settings),
                              checkpointURL: checkpoint)
        return (model, try trainer.run(log: log))
    }
}
