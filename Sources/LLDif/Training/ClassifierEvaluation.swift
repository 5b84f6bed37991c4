import Foundation
import FaceData
import Tensor

/// A classifier's predictions on a dataset: per-sample predicted class, class probabilities and
/// penultimate features, with the labels they are scored against.
public struct ClassifierEvaluation: Sendable {
    /// Class names in label order.
    public var classNames: [String]
    /// True labels, one per sample, in dataset order.
    public var labels: [Int]
    /// Predicted classes (argmax of the logits).
    public var predictions: [Int]
    /// Softmax probabilities, `count × classes`, row-major.
    public var probabilities: [Float]
    /// Penultimate features, `count × featureSize`, row-major.
    public var features: [Float]
    /// Length of one feature vector.
    public var featureSize: Int

    /// An evaluation from its parts.
    public init(classNames: [String], labels: [Int], predictions: [Int], probabilities: [Float], features: [Float],
                featureSize: Int) {
        self.classNames = classNames
        self.labels = labels
        self.predictions = predictions
        self.probabilities = probabilities
        self.features = features
        self.featureSize = featureSize
    }

    /// Number of samples.
    public var count: Int { labels.count }

    /// Share of samples predicted correctly.
    public var accuracy: Double {
        count == 0 ? 0 : Double(zip(labels, predictions).filter { $0 == $1 }.count) / Double(count)
    }

    /// Accuracy within each true class (nil for a class with no samples).
    public var perClassAccuracy: [Double?] {
        (0..<classNames.count).map { c in
            let members = labels.indices.filter { labels[$0] == c }
            guard !members.isEmpty else { return nil }
            return Double(members.filter { predictions[$0] == c }.count) / Double(members.count)
        }
    }

    /// Counts `[true][predicted]`.
    public var confusionMatrix: [[Int]] {
        var m = [[Int]](repeating: [Int](repeating: 0, count: classNames.count), count: classNames.count)
        for (y, p) in zip(labels, predictions) { m[y][p] += 1 }
        return m
    }
}

/// Runs a classifier over a dataset in evaluation mode, without augmentation.
public enum Evaluator {
    /// The evaluation of `model` on `dataset`, with images resized to `imageSize` as in training.
    /// The module is left in evaluation mode.
    public static func evaluate(_ model: any TrainableClassifier, on dataset: FaceDataset, imageSize: Int,
                                batchSize: Int = 64) throws -> ClassifierEvaluation {
        let loader = try BatchLoader(dataset: dataset, config: evaluationConfig(imageSize: imageSize, batchSize: batchSize))
        model.eval()
        var result = ClassifierEvaluation(classNames: dataset.classNames, labels: [], predictions: [], probabilities: [],
                                features: [], featureSize: 0)
        let stream = loader.epoch(0)
        while let batch = try stream.nextBatch() {
            let output = Tensor.withoutGradients { model.classify(ModelInput(batch)) }
            append(output, labels: batch.labels, to: &result)
        }
        return result
    }

    /// Wall milliseconds per image of evaluating `model` on `dataset` (batches of 64) on one thread,
    /// steadier than several on a shared machine: the best of `repeats` timed passes after an
    /// untimed evaluation of `warmUp`, as a benchmark reports it (the minimum is the pass least
    /// disturbed by other work on the machine).
    public static func millisecondsPerImage(_ model: any TrainableClassifier, on dataset: FaceDataset, warmUp: FaceDataset,
                                            imageSize: Int, repeats: Int = 5) throws -> Double {
        try Parallel.withThreadCount(1) {
            _ = try evaluate(model, on: warmUp, imageSize: imageSize)
            var best = Double.infinity
            for _ in 0..<max(1, repeats) {
                let start = Date()
                _ = try evaluate(model, on: dataset, imageSize: imageSize)
                best = min(best, Date().timeIntervalSince(start))
            }
            return 1000 * best / Double(max(1, dataset.count))
        }
    }

    /// The batch settings evaluation and prediction use: no shuffling, no augmentation, the
    /// training normalisation.
    public static func evaluationConfig(imageSize: Int, batchSize: Int = 64) -> BatchConfig {
        BatchConfig(batchSize: batchSize, size: imageSize, shuffle: false, dropLast: false, augmentation: nil,
                    prefetch: 2)
    }

    /// Adds one batch's outputs to an evaluation.
    static func append(_ output: ClassifierOutput, labels: [Int], to result: inout ClassifierEvaluation) {
        let probabilities = Tensor.withoutGradients { output.logits.softmax(axis: 1) }
        result.labels += labels
        result.predictions += output.logits.argmax(axis: 1)
        result.probabilities += probabilities.scalars
        result.features += output.features.scalars
        result.featureSize = output.features.shape.last ?? 0
    }
}
