import FaceData
import Tensor

/// How a trained LLDif is evaluated.
public enum EvaluationMode: String, Sendable, Codable {
    /// Stage 1's oracle: the prior comes from PNET_S1, which reads the caption that names the label.
    case oracle
    /// The real inference: no caption, the prior estimated by the diffusion (or `c` without it).
    case inference
    /// LA-CLIP alone, the stage-0 run's diagnostic: each image takes the class whose emotion-only
    /// caption ("a photo of a face looking sad") embeds nearest to the image's embedding.
    case zeroShot
}

extension LLDifModel {
    /// Evaluates on every batch of `loader` (in its order). Inference noise is drawn per sample from
    /// `seed` and the sample's dataset index, so the result does not depend on batching.
    public func evaluate(_ loader: BatchLoader, mode: EvaluationMode, seed: UInt64) throws -> ClassifierEvaluation {
        switch mode {
        case .oracle: return try evaluate(loader) { batch, x in stage1(x, captions: batch.labelAwareCaptions) }
        case .inference: return try evaluate(loader, start: .noise(seed: seed))
        case .zeroShot: return try evaluate(loader) { _, x in zeroShot(x) }
        }
    }

    /// LA-CLIP's zero-shot classification of `x`: logits are the cosines between the image
    /// embeddings and the embeddings of `classCaptions`, times LA-CLIP's learned scale; features
    /// are the image embeddings.
    public func zeroShot(_ x: Tensor) -> LLformerOutput {
        let images = clip.embedImages(x)
        return LLformerOutput(logits: images.matmul(clip.embedCaptions(classCaptions), transposeOther: true) * clip.scale, features: images)
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
