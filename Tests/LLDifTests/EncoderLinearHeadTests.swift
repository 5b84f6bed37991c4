import Configuration
import FaceData
import Foundation
import LLDif
import NN
import Tensor
import Testing

@Suite("Chapter 04's control: E_I + linear head")
struct EncoderLinearHeadTests {
    /// A quick-profile context at width 4 and 16 pixels, with `overrides`.
    func context(_ overrides: [String] = []) throws -> ModelContext {
        let config = try Profile.quick.config(overriding: ["model.width=4", "pretrain.backbone=face"] + overrides)
        return ModelContext(classes: 7, channels: 3, imageSize: 16, trainCount: 4, landmarkCount: Landmarks.count, config: config)
    }

    /// An LLDif model of `context`'s settings whose E_I's batch-norm statistics have moved, saved as
    /// an `lldif-stage1` run saves its model.
    func stage1File(_ context: ModelContext) throws -> (LLDifModel, URL) {
        let model = try LLDifModel(config: LLDifConfig(context: context), seed: 1)
        var stream = RandomStream(seed: 4)
        model.train()
        _ = model.clip.embedImages(Tensor.normal([4, 3, 16, 16], using: &stream) * 2 + 0.5)
        model.eval()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stage1-\(UUID().uuidString).safetensors")
        try model.save(to: url, metadata: ["stages": "0,1"])
        return (model, url)
    }

    @Test("it loads E_I exactly from the stage-1 run, reads the embedding LLDif's prior path reads, and trains the head only")
    func frozenEncoderTrainedHead() throws {
        let context = try context()
        let (lldif, url) = try stage1File(context)
        defer { try? FileManager.default.removeItem(at: url) }
        let control = try EncoderLinearHead(context)
        try control.loadEncoder(fromStage1: url)
        let expected = lldif.clip.imageEncoder.state()
        #expect(control.imageEncoder.state().keys.sorted() == expected.keys.sorted())
        for (key, value) in control.imageEncoder.state() { #expect(expected[key]?.values == value.values, "\(key)") }

        var stream = RandomStream(seed: 5)
        var input = ModelInput(images: Tensor.uniform([4, 3, 16, 16], using: &stream))
        input.labels = [0, 3, 6, 1]
        // In the shared loop's training mode, the features are LLDif's E_I(x) in evaluation mode.
        control.enterTrainingMode()
        #expect(control.isTraining && control.head.isTraining)
        #expect(control.imageEncoder.modules().allSatisfy { !$0.isTraining })
        let features = control.classify(input).features
        #expect(features.scalars == lldif.imageEmbedding(input.images).scalars)

        let encoderBefore = control.imageEncoder.state().mapValues(\.values), headBefore = control.head.state().mapValues(\.values)
        let optimizer = AdamW(module: control, learningRate: 0.1, weightDecay: 0.1)
        control.zeroGrad()
        control.trainingStep(input, context: StepContext(epoch: 0, epochs: 1, step: 0, random: stream)).loss.backward()
        optimizer.step()
        #expect(control.imageEncoder.parameters().allSatisfy { $0.grad == nil && !$0.requiresGrad })
        #expect(control.imageEncoder.state().mapValues(\.values) == encoderBefore)
        #expect(control.head.state().mapValues(\.values) != headBefore)
    }

    @Test("a stage-1 run of another E_I is refused, naming the parameter and both shapes")
    func otherArchitectureIsRefused() throws {
        let (_, url) = try stage1File(try context(["lldif.model.clip_width=16"]))
        defer { try? FileManager.default.removeItem(at: url) }
        let control = try EncoderLinearHead(try context(["lldif.model.clip_width=32"]))
        #expect(performing: { try control.loadEncoder(fromStage1: url) }, throws: {
            let message = "\($0)"
            // Parameters are checked in sorted order: the projection's bias is the first that differs.
            return message.contains("clip.imageEncoder.projection.bias") && message.contains("has shape [16]") && message.contains("is [32]")
        })
    }

    @Test("its budget is LLDif's stage 0 and then the head's epochs, one E_I pass per image each")
    func budget() throws {
        let quick = try Profile.quick.config(overriding: ["pretrain.backbone=face"])
        let budget = try #require(FineTuningBudget.of(.encoderLinearHead, config: quick))
        // quick: 24 stage-0 epochs, then train.epochs = 32.
        #expect(budget.phases.map(\.epochs) == [24, 32])
        #expect(budget.imagePasses(trainCount: 10) == 560)
        #expect(try ModelRegistry.entry(.encoderLinearHead).buildsOnFacePretraining(quick))
    }
}
