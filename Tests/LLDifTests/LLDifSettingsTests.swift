import Foundation
import LLDif
import NN
import Tensor
import Testing

@Suite struct LLDifSettingsTests {
    static func context(_ values: [String: String]) -> ModelContext {
        ModelContext(classes: 7, channels: 3, imageSize: 32, trainCount: 10, settings: Hyperparameters(values), seed: 2)
    }

    @Test func everyAblationIsASetting() throws {
        let plain = try LLDifConfig(context: Self.context([:]))
        #expect(plain.priorModulation && plain.usesDLNet && plain.usesCaption && plain.usesDiffusion)
        let ablated = try LLDifConfig(context: Self.context([
            "ablation.prior_modulation": "false", "ablation.dlnet": "false", "ablation.caption": "false",
            "ablation.diffusion": "false", "diffusion.steps": "8", "model.width": "12",
        ]))
        #expect(!ablated.priorModulation && !ablated.usesDLNet && !ablated.usesCaption && !ablated.usesDiffusion)
        #expect(ablated.diffusionSteps == 8 && ablated.priorDimension == 48)
        #expect(throws: ModelError.self) { try LLDifConfig(context: Self.context(["lldif.model.window": "3"])) }
    }

    @Test func stageOptionsComeFromTheirKeys() throws {
        let shared = TrainingOptions(epochs: 6, batchSize: 32, learningRate: 1e-3, weightDecay: 0.01, warmupEpochs: 1)
        let o = try LLDifTrainingOptions(settings: Hyperparameters([
            "lldif.stage0.epochs": "1", "lldif.stage1.epochs": "2", "lldif.stage2.learning_rate": "0.0005",
            "diffusion.lambda_kl": "0", "diffusion.tau": "0.15", "lldif.stage2.warmup_epochs": "3",
        ]), shared: shared)
        #expect(o.stage0.epochs == 1 && o.stage1.epochs == 2 && o.stage2.epochs == 6)
        #expect(o.stage2.learningRate == 0.0005 && o.lambdaKL == 0 && o.tau == 0.15 && o.stage2WarmupEpochs == 3)
        #expect(throws: ModelError.self) {
            try LLDifTrainingOptions(settings: Hyperparameters(["diffusion.tau": "0"]), shared: shared)
        }
        // Stages 1 and 2 warm up for one epoch, but a one-epoch stage has no warm-up.
        #expect(o.stage0.warmupEpochs == 0 && o.stage1.warmupEpochs == 1 && o.stage2.warmupEpochs == 1)
        let short = try LLDifTrainingOptions(settings: Hyperparameters(["lldif.stage1.epochs": "1"]), shared: shared)
        #expect(short.stage1.warmupEpochs == 0)
    }

    @Test func theInputAndEncoderChoicesAreSettings() throws {
        let standard = try LLDifConfig(context: Self.context([:]))
        #expect(standard.standardisesInput && standard.clipBatchNorm && standard.clipResidual)
        let plain = try LLDifConfig(context: Self.context([
            "lldif.model.standardise_input": "false", "lldif.model.clip_batch_norm": "false", "lldif.model.clip_residual": "false",
        ]))
        #expect(!plain.standardisesInput && !plain.clipBatchNorm && !plain.clipResidual)
    }

    @Test func registryHasBothStagesAndStage1RunsAreSharedAcrossStage2Settings() throws {
        let stage1 = try ModelRegistry.entry(named: "lldif-stage1"), full = try ModelRegistry.entry(named: "lldif")
        // Stage-2 settings do not enter the stage-1 run's identity; stage-1 settings enter both.
        for key in ["diffusion.steps", "diffusion.lambda_kl", "diffusion.tau", "ablation.diffusion", "lldif.stage2.epochs"] {
            #expect(!stage1.settingPrefixes.contains(where: key.hasPrefix), "\(key) would split stage-1 runs")
            #expect(full.settingPrefixes.contains(where: key.hasPrefix))
        }
        for key in ["lldif.stage1.epochs", "ablation.caption", "model.width", "lldif.model.window"] {
            #expect(stage1.settingPrefixes.contains(where: key.hasPrefix) && full.settingPrefixes.contains(where: key.hasPrefix))
        }
        let model = try full.build(Self.context([:]))
        #expect(model is LLDifModel)
    }

    @Test func stage1WeightsLoadIntoTheirPartsOnly() throws {
        let folder = Tiny.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let trained = try LLDifModel(config: Tiny.config(), seed: 1)
        let url = folder.appendingPathComponent("stage1.safetensors")
        try trained.save(to: url)
        let fresh = try LLDifModel(config: Tiny.config(), seed: 2)
        let before = Tiny.weights(fresh)
        try fresh.loadStage1(from: url)
        let source = Tiny.weights(trained), after = Tiny.weights(fresh)
        for (path, value) in after {
            let stage1Part = ["clip.", "landmarkNet.", "pnetS1.", "llformer."].contains(where: path.hasPrefix)
            #expect(value == (stage1Part ? source[path] : before[path]), "\(path)")
        }
        var other = Tiny.config()
        other.width = 8
        #expect(throws: (any Error).self) { try LLDifModel(config: other, seed: 0).loadStage1(from: url) }
    }
}
