import Configuration
import Foundation
import KitSupport
import Paper
import Schedule

/// `lldif plan --estimate`: probes each distinct (model, size) pair of the plan for a few training
/// steps (`StepProbe`), saves the measurements in the run store, and prints every run's estimated
/// CPU time (`CostModel`), the total per model and in all, and the wall time on this machine's cores.
struct PlanEstimate {
    var runs: [PlannedRun]
    var store: RunStore
    var batches: Int
    var profile: Profile

    func run() throws {
        let groups = ProbeGroup.groups(of: runs)
        let batchSize = runs.first?.config.train.batchSize ?? 0
        say("Estimating \(runs.count) runs of the \(profile.rawValue) profile: \(groups.count) (model, size) pairs, "
            + "each phase timed on \(batches) batches of \(batchSize) (\(Parallel.threadCount) threads; CPU time is what is reported)")
        var model = CostModel(threads: Parallel.threadCount)
        var failures: [String] = []
        for group in groups {
            let start = Date()
            let measured: [CostKey: Double]
            do { measured = try StepProbe.measure(group, batches: batches) } catch {
                // A model that cannot train at this size is worth knowing before a cluster run; the
                // other pairs are still measured, and its runs are priced by the built-in factors.
                failures.append("\(group.model.rawValue) on \(group.dataset.name): \(error)")
                say("  \(group.model.rawValue) at \(group.keys.first?.sizeDescription ?? "?"): CANNOT TRAIN: \(error)")
                continue
            }
            model.measured.merge(measured) { $1 }
            let phases = measured.sorted { $0.key < $1.key }
                .map { "\($0.key.model.rawValue) \($0.key.phase) " + String(format: "%.4f", $0.value) }
            say("  \(group.model.rawValue) at \(group.keys.first?.sizeDescription ?? "?"): \(phases.joined(separator: ", ")) CPU s per image "
                + "(probe \(Durations.words(Date().timeIntervalSince(start))))")
        }
        try model.save(in: store.root)
        let scheduled = try runs.map { try ScheduledRun($0, cost: model) }
        say("Estimated CPU time per run:")
        for (i, run) in scheduled.enumerated() {
            let spec = runs[i].spec
            let measured = model.isMeasured(model: spec.model, config: runs[i].config) ? "" : " (built-in factors)"
            say(String(format: "%4d. %@  %@  %@%@", i + 1, run.name, run.label, Durations.words(run.cost), measured))
        }
        var byModel: [(String, Int, Double)] = []
        for run in runs {
            let cost = scheduled.first { $0.name == run.spec.name }?.cost ?? 0
            if let i = byModel.firstIndex(where: { $0.0 == run.spec.model.rawValue }) {
                byModel[i].1 += 1
                byModel[i].2 += cost
            } else {
                byModel.append((run.spec.model.rawValue, 1, cost))
            }
        }
        say("By model: " + byModel.map { "\($0.0) \($0.1) runs \(Durations.words($0.2))" }.joined(separator: "; "))
        let total = scheduled.map(\.cost).reduce(0, +)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let names = Set(scheduled.map(\.name))
        let graph = try PlanGraph(scheduled.map { run in
            var run = run
            run.isTrained = false
            run.dependencies = run.dependencies.filter(names.contains)  // with --pending, trained runs are left out
            return run
        })
        let wall = Makespan.simulate(graph: graph, remaining: Dictionary(uniqueKeysWithValues: scheduled.map { ($0.name, $0.cost) }),
                                     running: [], done: [], slots: cores, priorities: graph.priorities())
        say(String(format: "Total: %d runs, %.0f CPU hours (%@); on this machine's %d cores, one run per core: about %@",
                   scheduled.count, total / 3600, Durations.words(total), cores, Durations.words(wall)))
        for failure in failures {
            say("warning: \(failure); its runs are priced by the built-in factors, and would fail if trained")
        }
        say("Measurements saved in \(CostModel.fileURL(in: store.root).path); `lldif run-plan` orders runs by them.")
    }

    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
