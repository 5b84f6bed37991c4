import Foundation
import LLDif
import NN

/// Per-sample outputs of an evaluation as safetensors: `features` [N, D] (penultimate),
/// `probabilities` [N, classes], `labels` and `predictions` [N] (class indices as floats), with the
/// run and the class names in the metadata. Training writes one for the test split into the run's
/// folder (`evaluation.safetensors`), for paired tests and feature plots; `lldif eval --features`
/// writes one anywhere.
public enum EvaluationExport {
    /// The file name inside a run folder.
    public static let fileName = "evaluation.safetensors"

    /// Writes `evaluation` of run `run` (`model/hash`) to `url`, with `metadata` beside the run and
    /// the class names.
    public static func write(_ evaluation: ClassifierEvaluation, to url: URL, run: String, metadata: [String: String] = [:]) throws {
        let n = evaluation.count
        let tensors: [String: StoredTensor] = [
            "features": StoredTensor(shape: [n, evaluation.featureSize], values: evaluation.features),
            "probabilities": StoredTensor(shape: [n, evaluation.classNames.count], values: evaluation.probabilities),
            "labels": StoredTensor(shape: [n], values: evaluation.labels.map(Float.init)),
            "predictions": StoredTensor(shape: [n], values: evaluation.predictions.map(Float.init)),
        ]
        let fields = metadata.merging(["run": run, "class_names": evaluation.classNames.joined(separator: ",")]) { _, own in own }
        try SafeTensors.write(tensors, metadata: fields, to: url)
    }
}

extension ClassifierEvaluation {
    /// An `evaluation.safetensors` (see `EvaluationExport`) read back, checking that every tensor has
    /// the count and width the others imply.
    public init(contentsOf url: URL) throws {
        try self.init(file: try SafeTensorsFile(contentsOf: url), url: url)
    }

    /// The evaluation in `file`, already read from `url` (named in errors).
    init(file: SafeTensorsFile, url: URL) throws {
        func tensor(_ name: String) throws -> StoredTensor {
            guard file.names.contains(name) else {
                throw SafeTensorsError(file: url.path, problem: .missingTensor(name))
            }
            return try file.tensor(named: name)
        }
        let labels = try tensor("labels"), predictions = try tensor("predictions")
        let probabilities = try tensor("probabilities"), features = try tensor("features")
        let n = labels.values.count
        let classNames = (file.metadata?["class_names"] ?? "").split(separator: ",").map(String.init)
        guard predictions.values.count == n, probabilities.shape == [n, classNames.count], features.shape.count == 2,
              features.shape[0] == n else {
            throw SafeTensorsError(file: url.path, problem: .invalidEntry(
                tensor: "probabilities/features", field: "shape",
                reason: "expected \(n) rows and \(classNames.count) classes, found \(probabilities.shape) and \(features.shape)"))
        }
        self.init(classNames: classNames, labels: labels.values.map { Int($0) }, predictions: predictions.values.map { Int($0) },
                  probabilities: probabilities.values, features: features.values, featureSize: features.shape[1])
    }
}
