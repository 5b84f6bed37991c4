import Configuration
import FaceData
import Foundation
import LLDif
import NN
import Tensor
import Testing

@Suite("Starting trunks from the face pretraining")
struct FacePretrainingTests {
    /// A pretrained classifier of `classes` identities saved as the shared loop saves it.
    func pretrainedFile(channels: Int = 3, width: Int = 4, seed: UInt64 = 1) throws -> (ResNet18Classifier, URL) {
        var stream = RandomStream(seed: seed)
        let model = ResNet18Classifier(channels: channels, classes: 9, width: width, using: &stream)
        // Non-trivial batch-norm statistics, so that loading them is checked too.
        model.train()
        _ = model.backbone.features(Tensor.normal([4, channels, 16, 16], using: &stream) * 2 + 0.5)
        model.eval()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pretrained-\(UUID().uuidString).safetensors")
        try TrainingCheckpoint.save(to: url, model: model)
        return (model, url)
    }

    @Test("the trunk loads bit for bit, batch-norm statistics included, and the head stays the model's own")
    func loadsTheTrunk() throws {
        let (pretrained, url) = try pretrainedFile()
        defer { try? FileManager.default.removeItem(at: url) }
        var stream = RandomStream(seed: 2)
        let model = ResNet18Classifier(channels: 3, classes: 7, width: 4, using: &stream)
        let head = model.head.state()
        try FacePretraining.loadTrunk(into: model.backbone, from: url)
        let loaded = model.backbone.state(), expected = pretrained.backbone.state()
        #expect(loaded.keys.sorted() == expected.keys.sorted())
        for (key, value) in expected { #expect(loaded[key]?.values == value.values, "\(key)") }
        #expect(model.head.state()["weight"]?.values == head["weight"]?.values)
    }

    @Test("a grayscale trunk is the RGB trunk applied to the gray image repeated in R, G and B")
    func grayscaleStem() throws {
        let (pretrained, url) = try pretrainedFile()
        defer { try? FileManager.default.removeItem(at: url) }
        var stream = RandomStream(seed: 3)
        let gray = ResNet18Backbone(channels: 1, width: 4, using: &stream)
        try FacePretraining.loadTrunk(into: gray, from: url)
        gray.eval()
        let image = Tensor.uniform([2, 1, 16, 16], using: &stream)
        let rgb = Tensor.concat([image, image, image], axis: 1)
        let a = gray.features(image).scalars, b = pretrained.backbone.features(rgb).scalars
        #expect(a.count == b.count)
        #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) }, "largest difference \(zip(a, b).map { abs($0 - $1) }.max() ?? 0)")
    }

    @Test("another architecture is refused naming the parameter and both shapes; a damaged file names the file")
    func badWeights() throws {
        let (_, url) = try pretrainedFile(width: 8)
        defer { try? FileManager.default.removeItem(at: url) }
        var stream = RandomStream(seed: 4)
        let narrower = ResNet18Backbone(channels: 3, width: 4, using: &stream)
        do {
            try FacePretraining.loadTrunk(into: narrower, from: url)
            Issue.record("a width-8 trunk loaded into a width-4 one")
        } catch let error as TrainingError {
            let text = "\(error)"
            #expect(text.contains("model.backbone.") && text.contains("[8,") && text.contains("[4,"), "\(text)")
        }
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 5] ^= 0xFF
        try bytes.write(to: url)
        let same = ResNet18Backbone(channels: 3, width: 8, using: &stream)
        do {
            try FacePretraining.loadTrunk(into: same, from: url)
            Issue.record("a damaged file loaded")
        } catch {
            #expect("\(error)".contains(url.path), "\(error)")
        }
        let missing = url.deletingLastPathComponent().appendingPathComponent("absent-\(UUID().uuidString).safetensors")
        #expect(throws: TrainingError.self) { try FacePretraining.loadTrunk(into: same, from: missing) }
    }

    @Test("the ResNet-18 family starts from the pretraining only when pretrain.backbone = face; the pretraining reads no FER setting")
    func registry() throws {
        let face = try Profile.quick.config(overriding: ["pretrain.backbone=face"])
        for id in [ModelID.resnet18, .scn, .rul, .eac, .posterLite] {
            let entry = try ModelRegistry.entry(id)
            #expect(entry.prerequisites(for: face) == [.facePretrain], "\(id)")
            #expect(entry.prerequisites(for: try Profile.quick.config(overriding: ["pretrain.backbone=none"])).isEmpty, "\(id)")
            #expect(entry.reads.contains("pretrain"))
        }
        // LLDif's stage-0 run takes the pretrained landmark detector, even with its small E_I; without
        // DLNet and with the small E_I it has nothing to take. Stage 1 starts from stage 0's
        // weights, stage 2 from stage 1's.
        let stage0 = try ModelRegistry.entry(.lldifStage0)
        #expect(stage0.prerequisites(for: face) == [.facePretrain])
        #expect(stage0.prerequisites(for: try face.applying(overrides: ["ablation.dlnet=false", "lldif.model.image_encoder=small"])).isEmpty)
        #expect(try ModelRegistry.entry(.lldifStage1).prerequisites(for: face) == [.lldifStage0])
        #expect(try ModelRegistry.entry(.lldif).prerequisites(for: face) == [.lldifStage1])
        #expect(try ModelRegistry.entry(.lldif).buildsOnFacePretraining(face))
        #expect(!(try ModelRegistry.entry(.lldif).buildsOnFacePretraining(try face.applying(overrides: ["pretrain.backbone=none"]))))
        let pretraining = try ModelRegistry.entry(.facePretrain)
        #expect(pretraining.dataset(requested: DatasetID(.synKDEF, lowLight: true)) == .pretrainingCorpus)
        #expect(!pretraining.reads.contains { $0 == "data" || $0 == "train" || $0.hasPrefix("train.") || $0 == "data.seed" })
    }
}

@Suite("LLDif's E_I on the pretrained ResNet-18 trunk")
struct PretrainedImageEncoderTests {
    @Test("lldif.model.image_encoder=resnet18 builds E_I on the baselines' trunk, which starts from the pretraining")
    func resnetImageEncoder() throws {
        let config = try Profile.quick.config(overriding: ["lldif.model.image_encoder=resnet18", "model.width=4"])
        let sizes = LLDifConfig(settings: config, imageChannels: 3, imageSize: 32, classes: 7, landmarks: Landmarks.count)
        let model = try LLDifModel(config: sizes, seed: 1)
        let trunk = try #require(model.pretrainableTrunk)
        #expect(trunk.width == 4)
        var stream = RandomStream(seed: 5)
        let embedding = model.clip.embedImages(Tensor.uniform([2, 3, 32, 32], using: &stream))
        #expect(embedding.shape == [2, sizes.clipWidth])
        // The small encoder has no ResNet-18 trunk, so LLDif then does not depend on the pretraining.
        let smallConfig = try Profile.quick.config(overriding: ["lldif.model.image_encoder=small"])
        let small = try LLDifModel(config: LLDifConfig(settings: smallConfig, imageChannels: 3, imageSize: 32,
                                                       classes: 7, landmarks: Landmarks.count), seed: 1)
        #expect(small.pretrainableTrunk == nil)
        let face = try Profile.quick.config(overriding: ["pretrain.backbone=face", "ablation.dlnet=false", "lldif.model.image_encoder=small"])
        let stage0 = try ModelRegistry.entry(.lldifStage0)
        #expect(stage0.prerequisites(for: face).isEmpty)
        #expect(stage0.prerequisites(for: try face.applying(overrides: ["lldif.model.image_encoder=resnet18"])) == [.facePretrain])
        #expect(try ModelRegistry.entry(.lldif).reads.contains("pretrain"))
    }
}

@Suite("The trunks' input standardisation (model.standardise_input)")
struct TrunkStandardisationTests {
    @Test("a standardising trunk does not see an image's exposure: a·x + b gives x's features")
    func exposureInvariance() throws {
        let config = try Profile.quick.config(overriding: ["model.standardise_input=true", "model.width=4"])
        let context = ModelContext(classes: 7, channels: 3, imageSize: 16, trainCount: 10, landmarkCount: Landmarks.count, config: config)
        var stream = RandomStream(seed: 6)
        let image = Tensor.uniform([2, 3, 16, 16], using: &stream)
        let darker = image * 0.03 + 0.01
        for name in ["resnet18", "scn", "rul", "eac", "poster-lite"] {
            let model = try ModelRegistry.entry(named: name).build(context)
            model.eval()
            let a = model.classify(ModelInput(images: image)).features.scalars
            let b = model.classify(ModelInput(images: darker)).features.scalars
            #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-3 * max(1, abs($0)) }, "\(name)")
        }
        // Without it the darker image gives other features.
        let plain = try ModelRegistry.entry(named: "resnet18").build(ModelContext(classes: 7, channels: 3, imageSize: 16, trainCount: 10,
                                                                               config: try Profile.quick.config(overriding: ["model.width=4", "model.standardise_input=false"])))
        plain.eval()
        #expect(plain.classify(ModelInput(images: image)).features.scalars != plain.classify(ModelInput(images: darker)).features.scalars)
    }
}

@Suite("The pretraining network's landmark head (pretrain.landmark_weight)")
struct PretrainingLandmarkHeadTests {
    func input(_ stream: inout RandomStream) -> ModelInput {
        var input = ModelInput(images: Tensor.uniform([2, 3, 16, 16], using: &stream))
        input.labels = [1, 4]
        input.landmarks = Tensor.uniform([2, Landmarks.count, 2], high: 16, using: &stream)
        return input
    }

    @Test("the loss is identity cross entropy, the weighted MSE of the landmarks in units of the image side, and the landmark detector's heatmap MSE")
    func loss() throws {
        let config = try Profile.quick.config(overriding: ["model.width=4", "pretrain.landmark_weight=3"])
        let network = FacePretrainingNetwork(ModelContext(classes: 6, channels: 3, imageSize: 16, trainCount: 2,
                                                          config: config), landmarks: Landmarks.count)
        var stream = RandomStream(seed: 7)
        let batch = input(&stream)
        let head = try #require(network.landmarkHead)
        let step = network.trainingStep(batch, context: StepContext(epoch: 0, epochs: 1, step: 0, random: stream))
        let features = network.backbone.features(batch.images)
        let ce = Loss.crossEntropy(logits: network.head(features), labels: batch.labels).item
        let predicted = head(features).scalars, target = try #require(batch.landmarks).scalars.map { $0 / 16 }
        let mse = zip(predicted, target).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Float(target.count)
        // The detector's heatmaps at its finest side, 16 px over the quick profile's stride-2 stem.
        let detector = try #require(network.landmarkNet)
        let heatmaps = Loss.mse(detector.heatmaps(from: detector.features(batch.images), side: 8),
                                detector.targetHeatmaps(landmarks: try #require(batch.landmarks).scalars.map { $0 / 2 },
                                                        count: 2, side: 8)).item
        #expect(heatmaps > 0)
        #expect(abs(step.loss.item - (ce + 3 * mse + heatmaps)) <= 1e-4 * max(1, step.loss.item))
        // Weight 0: no head, identity cross entropy alone.
        let plain = FacePretrainingNetwork(ModelContext(classes: 6, channels: 3, imageSize: 16, trainCount: 2,
                                                        config: try Profile.quick.config(overriding: ["model.width=4", "pretrain.landmark_weight=0"])),
                                           landmarks: Landmarks.count)
        #expect(plain.landmarkHead == nil)
        #expect(!plain.state().keys.contains { $0.hasPrefix("landmarkHead") })
    }
}

@Suite("POSTER-lite's streams from the face pretraining")
struct PretrainedPOSTERLiteTests {
    /// A pretraining network (width 4, 16 px, stride-2 stem) saved as the shared loop saves it.
    func pretrainedFile() throws -> (FacePretrainingNetwork, URL) {
        let config = try Profile.quick.config(overriding: ["model.width=4"])
        let network = FacePretrainingNetwork(ModelContext(classes: 9, channels: 3, imageSize: 16, trainCount: 4, config: config),
                                             landmarks: Landmarks.count)
        var stream = RandomStream(seed: 8)
        network.train()
        _ = network.backbone.features(Tensor.normal([4, 3, 16, 16], using: &stream) * 2 + 0.5)
        network.eval()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pretrained-\(UUID().uuidString).safetensors")
        try TrainingCheckpoint.save(to: url, model: network)
        return (network, url)
    }

    @Test("with pretrain.backbone=face the image stream takes the trunk's first three stages, the landmark stream the detector, frozen")
    func streamsStartFromThePretraining() throws {
        let (pretrained, url) = try pretrainedFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let config = try Profile.quick.config(overriding: ["model.width=4", "pretrain.backbone=face"])
        // No landmark annotations: a pretrained landmark stream does not need them.
        let model = try POSTERLite(ModelContext(classes: 7, channels: 3, imageSize: 16, trainCount: 4, config: config))
        let trunk = try #require(model.pretrainableTrunk), detector = try #require(model.pretrainableLandmarkNet)
        #expect(trunk.stageCount == 3)
        try FacePretraining.loadTrunk(into: trunk, from: url)
        try FacePretraining.loadLandmarkNet(into: detector, from: url)
        let whole = pretrained.backbone.state()
        for (key, value) in trunk.state() { #expect(whole[key]?.values == value.values, "\(key)") }
        #expect(whole.keys.contains { $0.hasPrefix("blocks.7.") } && !trunk.state().keys.contains { $0.hasPrefix("blocks.6.") })
        let expected = try #require(pretrained.landmarkNet).state()
        #expect(detector.state().keys.sorted() == expected.keys.sorted())
        for (key, value) in detector.state() { #expect(expected[key]?.values == value.values, "\(key)") }

        var stream = RandomStream(seed: 9)
        var input = ModelInput(images: Tensor.uniform([2, 3, 16, 16], using: &stream))
        input.labels = [0, 3]
        model.train()
        model.zeroGrad()
        model.trainingStep(input, context: StepContext(epoch: 0, epochs: 1, step: 0, random: stream)).loss.backward()
        #expect(detector.parameters().allSatisfy { $0.grad == nil && !$0.requiresGrad })
        #expect(trunk.parameters().contains { $0.grad != nil })
        #expect(model.dlnets[0].parameters().contains { $0.grad != nil })
    }

    @Test("from scratch, a dataset without landmarks is refused naming the ways out")
    func scratchNeedsLandmarks() throws {
        let config = try Profile.quick.config(overriding: ["model.width=4", "pretrain.backbone=none"])
        #expect(performing: { try POSTERLite(ModelContext(classes: 7, channels: 3, imageSize: 16, trainCount: 4, config: config)) },
                throws: { "\($0)".contains("pretrain.backbone=face") && "\($0)".contains("poster.landmark_weight=0") })
    }
}

@Suite("LLDif's LandmarkNet from the face pretraining")
struct PretrainedLLDifLandmarkNetTests {
    @Test("with pretrain.backbone=face LLDif's LandmarkNet is the detector, and stage 0 trains E_I but never LandmarkNet")
    func stage0LeavesThePretrainedDetector() throws {
        let config = try Profile.quick.config(overriding: ["pretrain.backbone=face", "model.width=4", "lldif.model.image_encoder=small"])
        let sizes = LLDifConfig(settings: config, imageChannels: 3, imageSize: 16, classes: 7, landmarks: Landmarks.count)
        #expect(sizes.landmarkNetIsPretrained)
        let model = try LLDifModel(config: sizes, seed: 1)
        #expect(model.pretrainableLandmarkNet === model.landmarkNet && model.pretrainableTrunk == nil)
        // The pretraining's detector has LLDif's LandmarkNet's shapes (same width, stride and landmarks).
        let network = FacePretrainingNetwork(ModelContext(classes: 9, channels: 3, imageSize: 16, trainCount: 4, config: config),
                                             landmarks: Landmarks.count)
        let detector = try #require(network.landmarkNet)
        #expect(detector.state().mapValues(\.shape) == model.landmarkNet.state().mapValues(\.shape))

        let data = try Tiny.data(train: 32, test: 16, batchSize: 16)
        let options = LLDifTrainingOptions.testing(stage0: (1, 1e-2), stage1: (1, 1e-3), stage2: (1, 1e-3))
        let folder = Tiny.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var tiny = Tiny.config()
        tiny.landmarkNetIsPretrained = true
        let pretrained = try LLDifModel(config: tiny, seed: 2)
        let before = pretrained.landmarkNet.state().mapValues(\.values), clipBefore = pretrained.clip.state().mapValues(\.values)
        try LLDifStages.stage0(pretrained, data: data, options: options, folder: folder)
        #expect(pretrained.landmarkNet.state().mapValues(\.values) == before)
        #expect(pretrained.clip.state().mapValues(\.values) != clipBefore)
        // Trained in stage 0 otherwise.
        let otherFolder = Tiny.folder()
        defer { try? FileManager.default.removeItem(at: otherFolder) }
        tiny.landmarkNetIsPretrained = false
        let own = try LLDifModel(config: tiny, seed: 2)
        try LLDifStages.stage0(own, data: data, options: options, folder: otherFolder)
        #expect(own.landmarkNet.state().mapValues(\.values) != before)
    }
}
