import Foundation
import Testing
import Schedule

@Suite("Local scheduler: order, slots, failures")
struct LocalSchedulerTests {
    @Test("a run starts only after the runs it starts from have finished")
    func dependenciesFirst() throws {
        let runs = [run("a", cost: 3), run("b", cost: 1, after: ["a"]), run("c", cost: 2, after: ["b"]),
                    run("d", cost: 5), run("e", cost: 1, after: ["a", "d"])]
        let launcher = FakeLauncher()
        let (summary, _) = try schedule(runs, jobs: 3, launcher: launcher)
        #expect(launcher.startedEarly.isEmpty)
        #expect(Set(summary.trained) == Set(runs.map(\.name)))
        #expect(summary.succeeded)
    }

    @Test("the run heading the longest chain starts first, not the longest run")
    func criticalPathFirst() throws {
        // b alone is shorter than a, but b → c is the longest chain.
        let runs = [run("a", cost: 10), run("b", cost: 5), run("c", cost: 20, after: ["b"])]
        let launcher = FakeLauncher()
        _ = try schedule(runs, jobs: 1, launcher: launcher)
        #expect(launcher.started == ["m/b", "m/c", "m/a"])
    }

    @Test("among ready runs, the costlier starts first")
    func longestFirst() throws {
        let runs = [run("short", cost: 1), run("long", cost: 9), run("middle", cost: 4)]
        let launcher = FakeLauncher()
        _ = try schedule(runs, jobs: 1, launcher: launcher)
        #expect(launcher.started == ["m/long", "m/middle", "m/short"])
    }

    @Test("every slot is kept busy, and never more than the slots")
    func slotsFilled() throws {
        let runs = (0..<6).map { run("r\($0)", cost: Double(2 + $0 % 3)) }
        let launcher = FakeLauncher()
        let (summary, _) = try schedule(runs, jobs: 3, launcher: launcher)
        #expect(launcher.mostAtOnce == 3)
        #expect(summary.trained.count == 6)
    }

    @Test("a run waiting on a dependency does not hold a slot")
    func waitingHoldsNoSlot() throws {
        // With two slots: a (long) and b start; c waits for b; d must start as soon as b ends, beside a.
        let runs = [run("a", cost: 20), run("b", cost: 2), run("c", cost: 1, after: ["b"]), run("d", cost: 1)]
        let launcher = FakeLauncher()
        _ = try schedule(runs, jobs: 2, launcher: launcher)
        #expect(launcher.started == ["m/a", "m/b", "m/c", "m/d"])
        #expect(launcher.startedEarly.isEmpty)
        #expect(launcher.finishOrder.last == "m/a")  // b, c and d ran in the second slot while a trained
    }

    @Test("trained runs are reused, not started, and satisfy their dependents")
    func reuse() throws {
        let runs = [run("a", cost: 3, trained: true), run("b", cost: 1, after: ["a"])]
        let launcher = FakeLauncher()
        let (summary, lines) = try schedule(runs, jobs: 2, launcher: launcher)
        #expect(launcher.started == ["m/b"])
        #expect(summary.reused == ["m/a"])
        #expect(summary.trained == ["m/b"])
        #expect(lines.first?.contains("1 already trained (reused), 1 to train") == true)
    }

    @Test("a failed run: the others finish, its dependents are skipped and named, the summary names it and its log")
    func failure() throws {
        let runs = [run("a", cost: 2), run("b", cost: 1, after: ["a"]), run("c", cost: 1, after: ["b"]), run("d", cost: 3)]
        let launcher = FakeLauncher(failing: ["m/a"])
        let (summary, lines) = try schedule(runs, jobs: 2, launcher: launcher)
        #expect(!summary.succeeded)
        #expect(summary.trained == ["m/d"])
        #expect(summary.failed.map(\.name) == ["m/a"])
        #expect(summary.failed.first?.log.hasSuffix("m.a.log") == true)
        #expect(summary.skipped.map(\.name) == ["m/b", "m/c"])
        #expect(summary.skipped.allSatisfy { $0.failedDependency == "m/a" })
        #expect(!launcher.started.contains("m/b") && !launcher.started.contains("m/c"))
        let text = lines.joined(separator: "\n")
        #expect(text.contains("FAILED run a"))
        #expect(text.contains("something went wrong in m/a"))  // the end of its log is shown
        #expect(text.contains("failed: run a, m/a: exit status 1; log: "))
        #expect(text.contains("skipped: run b, m/b: it starts from m/a, which failed"))
        #expect(text.contains("1 trained, 0 reused, 1 failed, 2 skipped"))
    }

    @Test("a run that cannot start counts as failed")
    func launchFailure() throws {
        struct Broken: RunLauncher {
            func launch(_ run: ScheduledRun, log: URL) throws -> any LaunchedRun { throw ScheduleError.cannotStart("/nowhere/lldif", "no such file") }
        }
        var options = SchedulerOptions(jobs: 2, logs: FileManager.default.temporaryDirectory)
        options.pollInterval = 0
        let summary = try LocalScheduler(runs: [run("a", cost: 1), run("b", cost: 1, after: ["a"])], options: options,
                                         launcher: Broken(), output: { _ in }).run()
        #expect(summary.failed.first?.reason.contains("cannot start /nowhere/lldif") == true)
        #expect(summary.skipped.map(\.name) == ["m/b"])
    }

    @Test("every start and finish is one numbered line")
    func lines() throws {
        let runs = [run("a", cost: 2), run("b", cost: 1, after: ["a"])]
        let (_, lines) = try schedule(runs, jobs: 2, launcher: FakeLauncher())
        #expect(lines.contains { $0.hasPrefix("[1/2] start run a") })
        #expect(lines.contains { $0.hasPrefix("[1/2] done run a in ") && $0.contains("1 of 2 finished") })
        #expect(lines.contains { $0.hasPrefix("[2/2] start run b") })
        #expect(lines.last?.hasPrefix("runs: 2 trained, 0 reused, 0 failed, 0 skipped") == true)
    }

    @Test("a dependency outside the plan or a cycle is refused")
    func badGraph() {
        #expect(throws: ScheduleError.self) { try PlanGraph([run("a", cost: 1, after: ["zzz"])]) }
        #expect(throws: ScheduleError.self) { try PlanGraph([run("a", cost: 1, after: ["b"]), run("b", cost: 1, after: ["a"])]) }
    }
}
