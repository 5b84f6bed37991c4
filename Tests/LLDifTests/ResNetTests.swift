import DatasetStore
import Configuration
import FaceData
import Foundation
import LLDif
import NN
import Tensor
import Testing

@Suite("ResNet-18 and the shared harness")
struct ResNetTests {
    @Test("the width-scaled ResNet-18 has ResNet-18's layers and keeps 8C pooled features")
    func shapes() {
        var stream = RandomStream(seed: 1)
        let model = ResNet18Classifier(channels: 3, classes: 7, width: 4, using: &stream)
        // 1 stem + 8 blocks × 2 convolutions + 3 shortcut convolutions = 20 convolutions, 1 linear head.
        let convolutions = model.namedParameters().filter { $0.path.hasSuffix("conv.weight") }
        #expect(convolutions.count == 20)
        #expect(model.namedParameters().filter { $0.path.hasSuffix("shortcut.conv.weight") }.count == 3)
        #expect(model.backbone.featureSize == 32)
        let images = Tensor.normal([2, 3, 16, 16], using: &stream)
        #expect(model.backbone.featureMap(images).shape == [2, 32, 2, 2])
        let input = ModelInput(images: images)
        let output = model.classify(input)
        #expect(output.logits.shape == [2, 7])
        #expect(output.features.shape == [2, 32])
    }

    @Test("a stride-2 stem halves every feature map's side and keeps the layers; other strides are refused")
    func stemStride() throws {
        var stream = RandomStream(seed: 1)
        let plain = ResNet18Backbone(channels: 3, width: 4, using: &stream)
        let strided = ResNet18Backbone(channels: 3, width: 4, stemStride: 2, using: &stream)
        let images = Tensor.normal([2, 3, 32, 32], using: &stream)
        #expect(plain.featureMap(images).shape == [2, 32, 4, 4])
        #expect(strided.featureMap(images).shape == [2, 32, 2, 2])
        #expect(strided.features(images).shape == [2, 32])
        #expect(strided.namedParameters().map(\.variable.value.shape) == plain.namedParameters().map(\.variable.value.shape))
        #expect(throws: SettingsError.badValue(key: "model.stem_stride", text: "3", expected: "1 or 2")) {
            try Profile.quick.config(overriding: ["model.stem_stride=3"])
        }
        let context = ModelContext(classes: 7, channels: 3, imageSize: 32, trainCount: 10,
                                   config: try Profile.quick.config(overriding: ["model.width=4", "model.stem_stride=2"]))
        for name in ["resnet18", "scn", "rul", "eac"] {
            let model = try ModelRegistry.entry(named: name).build(context)
            #expect(model.classify(ModelInput(images: images)).logits.shape == [2, 7], "\(name)")
        }
    }

    @Test("resnet18 fits a tiny syn-raf set far past the majority-class rate")
    func learns() throws {
        let (accuracy, majority) = try TrainingFixtures.fitTinySet("resnet18")
        #expect(accuracy > majority + 0.3, "training-set accuracy \(accuracy), majority class \(majority)")
    }

    @Test("the same seed gives the same metrics and weights, bit for bit")
    func determinism() throws {
        let settings = try TrainingFixtures.settings(["train.epochs": "2"])
        let first = try TrainingFixtures.train("resnet18", settings: settings)
        let second = try TrainingFixtures.train("resnet18", settings: settings)
        #expect(first.outcome.records.map { $0.loss.bitPattern } == second.outcome.records.map { $0.loss.bitPattern })
        #expect(first.outcome.evaluation.probabilities.map(\.bitPattern) == second.outcome.evaluation.probabilities.map(\.bitPattern))
        #expect(TrainingFixtures.bits(first.model) == TrainingFixtures.bits(second.model))
        let other = try TrainingFixtures.train("resnet18", settings: try TrainingFixtures.settings(["train.epochs": "2", "train.seed": "1"]))
        #expect(TrainingFixtures.bits(other.model) != TrainingFixtures.bits(first.model))
    }

    @Test("testing the held-out split after every epoch changes no weight (train.eval_every_epoch)", arguments: ["resnet18", "scn"])
    func evaluatingEveryEpochChangesNoWeight(model: String) throws {
        let quiet = try TrainingFixtures.train(model, settings: try TrainingFixtures.settings(["train.epochs": "2"]))
        let curves = try TrainingFixtures.train(model, settings: try TrainingFixtures.settings(["train.epochs": "2", "train.eval_every_epoch": "true"]))
        #expect(quiet.outcome.records.allSatisfy { $0.valAccuracy == nil } && curves.outcome.records.allSatisfy { $0.valAccuracy != nil })
        #expect(TrainingFixtures.bits(quiet.model) == TrainingFixtures.bits(curves.model))
    }

    @Test("a run interrupted after an epoch resumes from its checkpoint to identical final weights")
    func resume() throws {
        let folder = try TrainingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let settings = try TrainingFixtures.settings(["train.epochs": "3"])
        let whole = try TrainingFixtures.train("resnet18", settings: settings, checkpoint: folder.appendingPathComponent("whole.safetensors"))

        // Interrupt a run after its first epoch's checkpoint: an epoch's log line is written before
        // its checkpoint, so a logger that stops the run at epoch 2 leaves epoch 1's checkpoint.
        struct Interrupt: Error {}
        let url = folder.appendingPathComponent("interrupted.safetensors")
        #expect(throws: Interrupt.self) {
            _ = try TrainingFixtures.train("resnet18", settings: settings, checkpoint: url) { record in
                if record.epoch == 2 { throw Interrupt() }
            }
        }
        let resumed = try TrainingFixtures.train("resnet18", settings: settings, checkpoint: url)
        #expect(resumed.outcome.resumedFromEpoch == 1)
        #expect(resumed.outcome.records.map(\.epoch) == [2, 3])
        #expect(resumed.outcome.records.map { $0.loss.bitPattern } == whole.outcome.records.dropFirst().map { $0.loss.bitPattern })
        #expect(TrainingFixtures.bits(resumed.model) == TrainingFixtures.bits(whole.model))

        // The checkpoint loads into a fresh model for evaluation and gives the same predictions.
        let (_, test) = try TrainingFixtures.data(settings)
        let fresh = ResNet18Classifier(try ModelContext(trainSet: try TrainingFixtures.data(settings).train, config: settings))
        try fresh.loadWeights(from: url)
        let evaluation = try Evaluator.evaluate(fresh, on: test, imageSize: 16)
        #expect(evaluation.probabilities.map(\.bitPattern) == whole.outcome.evaluation.probabilities.map(\.bitPattern))
    }

    @Test("samples held in memory give the same batches as samples produced on demand")
    func heldSamples() throws {
        let choice = try DataCacheTests.choice("ll-syn-raf", trainCount: 40, testCount: 8)
        let onDemand = try choice.open().train, held = try choice.open(imageSize: 16).train
        let config = BatchConfig(batchSize: 16, size: 16, shuffle: true, augmentation: AugmentationConfig(), seed: 3)
        let a = try BatchLoader(dataset: onDemand, config: config).batch(1, epoch: 2)
        let b = try BatchLoader(dataset: held, config: config).batch(1, epoch: 2)
        #expect(a.images.map(\.bitPattern) == b.images.map(\.bitPattern))
        #expect(a.normalLight!.map(\.bitPattern) == b.normalLight!.map(\.bitPattern))
        #expect(a.landmarks! == b.landmarks!)
        #expect(a.labels == b.labels && a.indices == b.indices)
    }

    @Test("evaluation scores hand-made predictions: accuracy, per-class accuracy, confusion")
    func evaluationArithmetic() {
        let e = ClassifierEvaluation(classNames: ["a", "b", "c"], labels: [0, 0, 1, 1, 1, 2], predictions: [0, 1, 1, 1, 0, 0],
                           probabilities: [], features: [], featureSize: 0)
        #expect(e.accuracy == 3.0 / 6.0)
        #expect(e.perClassAccuracy == [0.5, 2.0 / 3.0, 0])
        #expect(e.confusionMatrix == [[1, 1, 0], [1, 2, 0], [1, 0, 0]])
    }

    @Test("bad settings and unknown names are typed errors that name the culprit")
    func errors() throws {
        #expect(throws: TrainingError.unknownModel("nope", known: ModelID.allCases.map(\.rawValue))) {
            try ModelRegistry.entry(named: "nope")
        }
        #expect(throws: SettingsError.badValue(key: "train.epochs", text: "x", expected: "an integer")) {
            try TrainingFixtures.settings(["train.epochs": "x"])
        }
        #expect(throws: SettingsError.self) { try DatasetID(parsing: "ll-nothing") }
        var real = DataConfig()
        real.source = .real
        #expect(throws: DataError.self) { try DatasetChoice(dataset: DatasetID(.synRAF, lowLight: true), data: real).open() }
    }
}
