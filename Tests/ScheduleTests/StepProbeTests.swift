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
}
