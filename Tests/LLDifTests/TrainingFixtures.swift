import Configuration
import DatasetStore
import FaceData
import Foundation
import LLDif
import NN
import Tensor

/// Shared pieces of the training tests: a small SynFER task, smoke-sized settings, and helpers.
enum TrainingFixtures {
    /// Settings of a tiny task: 128 normal-light syn-raf faces at 16 px, a width-4 network, no
    /// augmentation (a 4-pixel crop shift is a quarter of a 16-pixel face), with `extra` overrides.
    static func settings(_ extra: [String: String] = [:]) throws -> ExperimentConfig {
        var values = ["data.image_size": "16", "data.train_count": "128", "data.test_count": "64", "data.seed": "0",
                      "train.epochs": "10", "train.batch_size": "16", "train.learning_rate": "0.01",
                      "train.weight_decay": "0.05", "train.warmup_epochs": "0", "train.seed": "0",
                      "train.flip": "0", "train.crop_padding": "0", "train.erasing": "0",
                      "model.width": "4", "model.stem_stride": "1", "eac.ramp": "0", "train.eval_every_epoch": "false",
                      "pretrain.backbone": "none", "lldif.model.image_encoder": "small"]
        for (k, v) in extra { values[k] = v }
        return try Profile.quick.config(overriding: values.keys.sorted().map { "\($0)=\(values[$0] ?? "")" })
    }

    /// The train and test splits of normal-light syn-raf cut to the settings' counts.
    static func data(_ settings: ExperimentConfig, name: String = "syn-raf") throws -> (train: FaceDataset, test: FaceDataset) {
        try DatasetChoice(dataset: DatasetID(parsing: name), data: settings.data).open(imageSize: settings.data.imageSize)
    }

    /// Options for the shared loop from `settings`, without the terminal progress line.
    static func options(_ settings: ExperimentConfig) -> TrainingOptions {
        TrainingOptions(settings, showProgress: false)
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

    /// Trains `name` on the tiny task and returns its accuracy on the training images (evaluation
    /// mode, no augmentation) and the majority-class share of those images. Generalising to held-out
    /// faces takes thousands of samples (see the quick profile); fitting 128 shows that the method's
    /// loss and gradients drive learning.
    static func fitTinySet(_ name: String, _ extra: [String: String] = [:]) throws -> (accuracy: Double, majority: Double) {
        let settings = try settings(extra)
        let (model, _) = try train(name, settings: settings)
        let evaluation = try Evaluator.evaluate(model, on: try data(settings).train, imageSize: settings.data.imageSize)
        return (evaluation.accuracy, majorityShare(evaluation.labels))
    }

    /// Trains the registered model `name` with the shared loop on the tiny task.
    static func train(_ name: String, settings: ExperimentConfig, checkpoint: URL? = nil,
                      log: EpochLogger = { _ in }) throws -> (model: any TrainableClassifier, outcome: Trainer.Outcome) {
        let (train, test) = try data(settings)
        let model = try ModelRegistry.entry(named: name).build(try ModelContext(trainSet: train, config: settings))
        let trainer = Trainer(model: model, trainSet: train, evaluationSet: test, options: options(settings),
                              checkpointURL: checkpoint)
        return (model, try trainer.run(log: log))
    }
}
