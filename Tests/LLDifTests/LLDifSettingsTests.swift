import Configuration
import Foundation
import LLDif
import NN
import Tensor
import Testing

@Suite struct LLDifSettingsTests {
    static func context(_ values: [String: String]) throws -> ModelContext {
        let config = try Profile.quick.config(overriding: ["train.seed=2"] + values.keys.sorted().map { "\($0)=\(values[$0] ?? "")" })
        return ModelContext(classes: 7, channels: 3, imageSize: 32, trainCount: 10, config: config)
    }

    @Test func everyAblationIsASetting() throws {
        let plain = try LLDifConfig(context: try Self.context([:]))
        #expect(plain.priorModulation && plain.usesDLNet && plain.usesCaption && plain.usesDiffusion)
        let ablated = try LLDifConfig(context: try Self.context([
            "ablation.prior_modulation": "false", "ablation.dlnet": "false", "ablation.caption": "false",
            "diffusion.steps": "0", "model.width": "12",
        ]))
        #expect(!ablated.priorModulation && !ablated.usesDLNet && !ablated.usesCaption && !ablated.usesDiffusion)
        #expect(ablated.diffusionSteps == 0 && ablated.priorDimension == 48)
        let diffir = try LLDifConfig(context: try Self.context([
            "diffusion.steps": "8", "diffusion.schedule": "diffir", "diffusion.time_input": "diffir",
            "lldif.model.modulation_bias": "false",
        ]))
        #expect(diffir.diffusionSteps == 8 && diffir.diffusionSchedule == .diffir && diffir.timeInput == .diffir && !diffir.modulationBias)
        #expect(plain.diffusionSchedule == .fixedTerminal && plain.timeInput == .stepFraction && plain.modulationBias)
        #expect(throws: ModelError.self) { try LLDifConfig(context: try Self.context(["lldif.model.window": "3"])) }
    }

    @Test func stageOptionsComeFromTheirKeys() throws {
        let config = try Profile.quick.config(overriding: [
            "lldif.stage0.epochs=1", "lldif.stage1.epochs=2", "lldif.stage2.epochs=6", "lldif.stage2.learning_rate=0.0005",
            "diffusion.lambda_kl=0", "diffusion.tau=0.15", "lldif.stage2.warmup_epochs=3", "train.warmup_epochs=1",
            "train.weight_decay=0.01", "diffusion.lambda_l1=0.5",
        ])
        let o = LLDifTrainingOptions(config: config, shared: TrainingOptions(config))
        #expect(o.stage0.epochs == 1 && o.stage1.epochs == 2 && o.stage2.epochs == 6)
        #expect(o.stage2.learningRate == 0.0005 && o.lambdaKL == 0 && o.tau == 0.15 && o.stage2WarmupEpochs == 3)
        let defaults = try Profile.quick.config(overriding: [])
        #expect(o.lambdaL1 == 0.5 && LLDifTrainingOptions(config: defaults, shared: TrainingOptions(defaults)).lambdaL1 == 0)
        #expect(o.stage1.weightDecay == 0.01 && o.stage2.clipNorm == Float(config.train.clipNorm))
        #expect(throws: SettingsError.self) { try Profile.quick.config(overriding: ["diffusion.tau=0"]) }
        // Stages 1 and 2 warm up for one epoch, but a one-epoch stage has no warm-up.
        #expect(o.stage0.warmupEpochs == 0 && o.stage1.warmupEpochs == 1 && o.stage2.warmupEpochs == 1)
        let shortConfig = try Profile.quick.config(overriding: ["lldif.stage1.epochs=1"])
        #expect(LLDifTrainingOptions(config: shortConfig, shared: TrainingOptions(shortConfig)).stage1.warmupEpochs == 0)
    }

    @Test func theInputAndEncoderChoicesAreSettings() throws {
        let standard = try LLDifConfig(context: try Self.context([:]))
        #expect(standard.standardisesInput && standard.clipBatchNorm && standard.clipResidual)
        let plain = try LLDifConfig(context: try Self.context([
            "model.standardise_input": "false", "lldif.model.clip_batch_norm": "false", "lldif.model.clip_residual": "false",
        ]))
        #expect(!plain.standardisesInput && !plain.clipBatchNorm && !plain.clipResidual)
    }

    @Test func registryHasBothStagesAndStage1RunsAreSharedAcrossStage2Settings() throws {
        let stage1 = try ModelRegistry.entry(.lldifStage1), full = try ModelRegistry.entry(.lldif)
        func reads(_ entry: ModelEntry, _ key: String) -> Bool { entry.reads.contains { key == $0 || key.hasPrefix($0 + ".") } }
        // Stage-2 settings do not enter the stage-1 run's identity; stage-1 settings enter both.
        for key in ["diffusion.steps", "diffusion.schedule", "diffusion.lambda_kl", "diffusion.tau", "diffusion.lambda_l1",
                    "diffusion.time_input", "lldif.stage2.epochs"] {
            #expect(!reads(stage1, key), "\(key) would split stage-1 runs")
            #expect(reads(full, key))
        }
        for key in ["lldif.stage1.epochs", "ablation.caption", "model.width", "lldif.model.window"] {
            #expect(reads(stage1, key) && reads(full, key))
        }
        #expect(full.prerequisites(for: try Profile.quick.config(overriding: ["pretrain.backbone=face"])) == [.lldifStage1])
        let model = try full.build(try Self.context([:]))
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
