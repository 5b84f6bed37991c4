import Tensor

extension LLDifModel: TrainableClassifier {
    /// The forward pass the shared harness evaluates and predicts with: the inference path
    /// (no caption; per-sample noise from `inferenceSeed` and the sample index), in `.oracle`
    /// mode stage 1's path through the label-aware caption, or in `.zeroShot` mode LA-CLIP alone.
    public func classify(_ input: ModelInput) -> ClassifierOutput {
        let output: LLformerOutput
        switch evaluationMode {
        case .oracle: output = stage1(input.images, captions: input.labelAwareCaptions)
        case .inference: output = predict(input.images, sampleIDs: input.indices, seed: inferenceSeed)
        case .zeroShot: output = zeroShot(input.images)
        }
        return ClassifierOutput(logits: output.logits, features: output.features)
    }
}
