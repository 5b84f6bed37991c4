import FaceData
import Tensor

/// How a trained LLDif is evaluated.
public enum EvaluationMode: String, Sendable, Codable {
    /// Stage 1's oracle: the prior comes from PNET_S1, which reads the caption that names the label.
    case oracle
    /// The real inference: no caption, the prior estimated by the diffusion (or `c` without it).
    case inference
}

extension LLDifModel {
    /// Evaluates on every batch of `loader` (in its order). Inference noise is drawn per sample from
    /// `seed` and the sample's dataset index, so the result does not depend on batching.
    public func evaluate(_ loader: BatchLoader, mode: EvaluationMode, seed: UInt64) throws -> ClassifierEvaluation {
        switch mode {
        case .oracle: return try evaluate(loader) { batch, x in stage1(x, captions: batch.labelAwareCaptions) }
        case .inference: return try evaluate(loader, start: .noise(seed: seed))
        }
    }

    /// Evaluates the inference with its reverse chain started from `start` (see `PriorStart`).
    public func evaluate(_ loader: BatchLoader, start: PriorStart) throws -> ClassifierEvaluation {
        try evaluate(loader) { batch, x in
            classify(x, prior: estimatedPrior(x, sampleIDs: batch.indices, start: start, labelAwareCaptions: batch.labelAwareCaptions))
        }
    }

    /// Runs `forward` on every batch of `loader` without gradients and collects the outputs.
    private func evaluate(_ loader: BatchLoader, forward: (Batch, Tensor) -> LLformerOutput) throws -> ClassifierEvaluation {
        eval()
        defer { train() }
        var result = ClassifierEvaluation(classNames: loader.dataset.classNames, labels: [], predictions: [], probabilities: [],
                                features: [], featureSize: 0)
        let stream = loader.epoch(0)
        while let batch = try stream.nextBatch() {
            let x = Tensor(shape: batch.shape, values: batch.images)
            try checkImages(x)
            let output = Tensor.withoutGradients { forward(batch, x) }
            result.labels += batch.labels
            result.predictions += output.logits.argmax(axis: 1)
            result.probabilities += output.logits.softmax(axis: 1).scalars
            result.features += output.features.scalars
            result.featureSize = output.features.shape[1]
        }
        return result
    }
}
