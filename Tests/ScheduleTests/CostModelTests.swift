import Configuration
import Foundation
import Paper
import Testing
import Schedule

@Suite("Cost model and the real plan")
struct CostModelTests {
    @Test("a measurement replaces the built-in value of its key; the cost adds the phases and evaluations")
    func measuredOverridesDefault() throws {
        let config = Profile.smoke.config
        let key = CostKey(model: .resnet18, phase: "train", config: config)
        var model = CostModel()
        let builtIn = model.seconds(model: .resnet18, dataset: DatasetID(.synRAF, lowLight: true), config: config)
        #expect(builtIn > 0)
        model.measured[key] = 0.01
        let (train, test) = CostModel.splitCounts(dataset: DatasetID(.synRAF, lowLight: true), config: config)
        let epochs = Double(config.train.epochs)
        let expected = epochs * Double(train) * 0.01 + (config.train.evalEveryEpoch ? epochs : 0) * Double(test) * 0.01 / 3
            + Double(test) * 0.01 / 3 + CostModel.runOverheadSeconds
        #expect(abs(model.seconds(model: .resnet18, dataset: DatasetID(.synRAF, lowLight: true), config: config) - expected) < 1e-9)
        #expect(model.isMeasured(model: .resnet18, config: config))
        #expect(!model.isMeasured(model: .scn, config: config))
    }

    @Test("measurements round-trip through the run store's file")
    func savedRoundTrip() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cost-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(CostModel.saved(in: folder) == CostModel())
        let key = CostKey(model: .lldif, phase: "stage2", config: Profile.full.config)
        try CostModel(measured: [key: 0.25], threads: 2).save(in: folder)
        #expect(CostModel.saved(in: folder).measured[key] == 0.25)
    }

    @Test("LLDif's runs log the epochs of their phases")
    func phases() {
        let config = Profile.quick.config
        #expect(TrainingPhase.totalEpochs(of: .lldifStage0, config: config) == config.lldif.stage0.epochs)
        #expect(TrainingPhase.totalEpochs(of: .lldifStage1, config: config) == config.lldif.stage1.epochs)
        #expect(TrainingPhase.totalEpochs(of: .lldif, config: config) == config.lldif.stage2.warmupEpochs + config.lldif.stage2.epochs)
        #expect(TrainingPhase.totalEpochs(of: .eac, config: config) == config.train.epochs)
    }

    @Test("on the quick plan, the face pretraining heads the longest chain, POSTER-lite runs next, and every later stage waits for the one before")
    func quickPlan() throws {
        let store = RunStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString)"))
        let planned = try RunPlan.runs(of: try ExperimentPlan(config: Profile.quick.config), store: store)
        let runs = try planned.map { try ScheduledRun($0, cost: CostModel()) }
        let graph = try PlanGraph(runs)
        let priorities = graph.priorities()
        let top = try #require(runs.max { (priorities[$0.name] ?? 0) < (priorities[$1.name] ?? 0) })
        #expect(top.name.hasPrefix("face-pretrain/"))
        let next = try #require(runs.filter { !$0.name.hasPrefix("face-pretrain/") }
            .max { (priorities[$0.name] ?? 0) < (priorities[$1.name] ?? 0) })
        // By the built-in costs POSTER-lite's 32 epochs (× 2.35: 75.2 units) outweigh EAC's (× 2.15:
        // 68.8) and LLDif's whole chain: stage 0 24 × 1.15, stage 1 2 × 3.1, stage 2 1 × 0.36 + 5 × 3.5
        // (51.7 units).
        #expect(next.name.hasPrefix("poster-lite/"))
        // Every stage-0 run but the from-scratch ablation's starts from the pretraining; every
        // stage-1 run from one stage-0 run, every stage-2 run from one stage-1 run.
        for run in planned where run.spec.model == .lldifStage0 {
            let scheduled = try #require(runs.first { $0.name == run.spec.name })
            #expect(scheduled.dependencies == (run.config.pretrain.backbone == .face ? [top.name] : []), "\(run.spec.name)")
        }
        for run in runs where run.name.hasPrefix("lldif-stage1/") {
            #expect(run.dependencies.count == 1 && run.dependencies[0].hasPrefix("lldif-stage0/"), "\(run.name)")
        }
        for run in runs where run.name.hasPrefix("lldif/") { #expect(run.dependencies.contains { $0.hasPrefix("lldif-stage1/") }) }
        #expect(runs.allSatisfy { $0.arguments.suffix(2) == ["--expect-run", $0.name] })
        #expect(runs.first { $0.name.hasPrefix("lldif/") }?.label.hasPrefix("lldif on ll-syn-raf (seed 0") == true)
        #expect(ProbeGroup.groups(of: planned).map(\.model).contains(.lldif))
        #expect(!ProbeGroup.groups(of: planned).map(\.model).contains(.lldifStage1))
    }
}
