import Configuration
import FaceData
import LLDif
import NN
import Tensor
import Testing

/// The LLformer alone: DTNet without the prior, the fusion and its head, as a classifier.
final class PlainLLformer: Module, TrainableClassifier {
    let llformer: LLformer

    init(config: LLDifConfig) {
        var stream = RandomStream(seed: 7)
        llformer = LLformer(config: config, using: &stream)
    }

    func classify(_ input: ModelInput) -> ClassifierOutput {
        let out = llformer(input.images, prior: nil, landmarkFeatures: [])
        return ClassifierOutput(logits: out.logits, features: out.features)
    }
}

@Suite struct LLformerTests {
    @Test("without the prior and without DLNet, the LLformer still fits a tiny syn-raf set")
    func withoutThePriorItFitsTheTinySet() throws {
        // Chapter 07's no-prior-modulation LLDif stays on the class prior on the quick task; this
        // shows that is an optimisation failure there, not a path that cannot learn
        // (bench/pretraining/FINDINGS.md, session 13). Settings of POSTERLiteTests.learns.
        let settings = try TrainingFixtures.settings(["model.width": "8", "train.learning_rate": "0.001", "train.epochs": "30"])
        let (train, test) = try TrainingFixtures.data(settings)
        let context = try ModelContext(trainSet: train, config: settings)
        var config = LLDifConfig(settings: settings, imageChannels: context.channels, imageSize: context.imageSize,
                                 classes: context.classes, landmarks: 31)
        config.priorModulation = false
        config.usesDLNet = false
        let model = PlainLLformer(config: config)
        let trainer = Trainer(model: model, trainSet: train, evaluationSet: test, options: TrainingFixtures.options(settings),
                              checkpointURL: nil)
        _ = try trainer.run { _ in }
        let evaluation = try Evaluator.evaluate(model, on: train, imageSize: settings.data.imageSize)
        let majority = TrainingFixtures.majorityShare(evaluation.labels)
        #expect(evaluation.accuracy > majority + 0.3, "training-set accuracy \(evaluation.accuracy), majority class \(majority)")
    }
}
