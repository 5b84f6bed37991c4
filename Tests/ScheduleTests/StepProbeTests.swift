import Configuration
import Foundation
import Paper
import Schedule
import Testing

/// `StepProbe` measures every phase of the runs a probe group prices.
@Suite("Step probe")
struct StepProbeTests {
    @Test("LLDif's probe times the stage-1 run's stages 0 and 1 as well as stage 2, so no LLDif run is priced by the built-in factors")
    func lldifProbeMeasuresBothEntries() throws {
        let store = RunStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString)"))
        let planned = try RunPlan.runs(of: try ExperimentPlan(config: Profile.smoke.config), store: store)
        let group = try #require(ProbeGroup.groups(of: planned).first { $0.model == .lldif })
        #expect(Set(group.keys.map(\.phase)) == ["stage0", "stage1", "stage2"])
        let measured = try StepProbe.measure(group, batches: 1)
        #expect(Set(measured.keys) == Set(group.keys))
        #expect(measured.values.allSatisfy { $0 > 0 })
        let model = CostModel(measured: measured, threads: 1)
        for run in planned where run.spec.model == .lldif || run.spec.model == .lldifStage1 {
            #expect(model.isMeasured(model: run.spec.model, config: run.config), "\(run.spec.name)")
        }
    }

    @Test("the probe trains one short epoch of each phase, with every gate open and no warm start, on the planned backbone")
    func probeTimesTheSteadyState() throws {
        var planned = Profile.quick.config
        planned.data.source = .real
        let config = StepProbe.probeConfig(planned, batches: 3)
        #expect(config.data.source == .synthetic && config.data.trainCount == 3 * planned.train.batchSize)
        #expect(config.train.epochs == 1 && config.pretrain.epochs == 1 && !config.train.evalEveryEpoch)
        #expect(config.lldif.stage0.epochs == 1 && config.lldif.stage2.warmupEpochs == 1)
        // EAC's warm start trains cross entropy alone (half an EAC step) until the gate opens.
        #expect(!config.baselines.priorGate && config.eac.warmup == 0)
        #expect(config.pretrain.backbone == planned.pretrain.backbone && config.model == planned.model)
    }
}
