import Foundation
import Schedule

/// A launcher that trains nothing: each run "ends" after a number of polls proportional to its
/// cost, with status 0 or, for the runs named in `failing`, 1. It records the start order, the
/// largest number of runs at once, and any run started before its dependencies finished.
final class FakeLauncher: RunLauncher {
    private(set) var started: [String] = []
    private(set) var finished: Set<String> = []
    private(set) var finishOrder: [String] = []
    private(set) var mostAtOnce = 0
    private(set) var startedEarly: [String] = []
    private var running = 0
    let failing: Set<String>

    init(failing: Set<String> = []) { self.failing = failing }

    func launch(_ run: ScheduledRun, log: URL) throws -> any LaunchedRun {
        if !run.dependencies.allSatisfy(finished.contains) { startedEarly.append(run.name) }
        started.append(run.name)
        running += 1
        mostAtOnce = max(mostAtOnce, running)
        try? Data("fake log of \(run.name)\nError: something went wrong in \(run.name)\n".utf8).write(to: log)
        return FakeRun(polls: max(1, Int(run.cost)), status: failing.contains(run.name) ? 1 : 0) { [weak self] status in
            self?.running -= 1
            if status == 0 { self?.finished.insert(run.name) }
            self?.finishOrder.append(run.name)
        }
    }
}

/// A fake run that ends after `polls` looks at its status.
final class FakeRun: LaunchedRun {
    private var polls: Int
    private let status: Int32
    private var ended: ((Int32) -> Void)?

    init(polls: Int, status: Int32, ended: @escaping (Int32) -> Void) {
        self.polls = polls
        self.status = status
        self.ended = ended
    }

    var exitStatus: Int32? {
        if polls > 0 { polls -= 1 }
        guard polls == 0 else { return nil }
        ended?(status)
        ended = nil
        return status
    }

    func terminate() { polls = 0 }
}

/// A scheduler over `runs` with the fake launcher, no waiting between polls, logs in a temporary folder.
func schedule(_ runs: [ScheduledRun], jobs: Int, launcher: FakeLauncher) throws -> (ScheduleSummary, [String]) {
    var options = SchedulerOptions(jobs: jobs, logs: FileManager.default.temporaryDirectory
        .appendingPathComponent("schedule-tests-\(UUID().uuidString)"))
    options.pollInterval = 0
    try FileManager.default.createDirectory(at: options.logs, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: options.logs) }
    var lines: [String] = []
    let summary = try LocalScheduler(runs: runs, options: options, launcher: launcher, output: { lines.append($0) }).run()
    return (summary, lines)
}

/// A run named `name` (as `model/hash`) costing `cost`, after `dependencies`.
func run(_ name: String, cost: Double, after dependencies: [String] = [], trained: Bool = false) -> ScheduledRun {
    ScheduledRun(name: "m/\(name)", label: "run \(name)", dependencies: dependencies.map { "m/\($0)" }, cost: cost,
                 isTrained: trained, arguments: ["--model", "m", "--expect-run", "m/\(name)"])
}
