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

    public static func write(_ evaluation: ClassifierEvaluation, to url: URL, run: String) throws {
        let n = evaluation.count
        let tensors: [String: StoredTensor] = [
            "features": StoredTensor(shape: [n, evaluation.featureSize], values: evaluation.features),
            "probabilities": StoredTensor(shape: [n, evaluation.classNames.count], values: evaluation.probabilities),
            "labels": StoredTensor(shape: [n], values: evaluation.labels.map(Float.init)),
            "predictions": StoredTensor(shape: [n], values: evaluation.predictions.map(Float.init)),
        ]
        try SafeTensors.write(tensors, metadata: ["run": run, "class_names": evaluation.classNames.joined(separator: ",")], to: url)
    }
}
