import Tensor

extension LLDifModel: TrainableClassifier {
    /// The forward pass the shared harness evaluates and predicts with: the inference path
    /// (no caption; per-sample noise from `inferenceSeed` and the sample index) or, in
    /// `.oracle` mode, stage 1's path through the label-aware caption.
    public func classify(_ input: ModelInput) -> ClassifierOutput {
        let output = evaluationMode == .oracle
            ? stage1(input.images, captions: input.labelAwareCaptions)
            : predict(input.images, sampleIDs: input.indices, seed: inferenceSeed)
        return ClassifierOutput(logits: output.logits, features: output.features)
    }
}
