import Foundation

/// Runs a plan on one machine: a run starts only when the runs it starts from have finished; among
/// the runs ready, the one heading the longest chain (critical-path priority) starts first; `jobs`
/// slots are kept busy. A failed run leaves the others running; the runs that start from it are
/// skipped. It reports each start and finish, a run's epochs as its log records them, the time left
/// (the cost model's estimates scaled by what the runs so far actually took), and a summary.
public final class LocalScheduler {
    private struct Running {
        var run: ScheduledRun
        var handle: any LaunchedRun
        var number: Int
        var started: Date
        var epochs: Int = 0
        var lastLine: Date
    }

    private let graph: PlanGraph
    private let options: SchedulerOptions
    private let launcher: any RunLauncher
    private let progress: any RunProgress
    private let output: (String) -> Void
    private let shouldStop: () -> Bool
    private let priorities: [String: Double]

    private var waiting: [String] = []
    private var running: [String: Running] = [:]
    private var done: Set<String> = []
    private var elapsed: [String: Double] = [:]
    private var summary = ScheduleSummary()
    private var started = 0
    private var toTrain = 0
    private var lastOutput = Date()
    private var quiet: Double

    /// A scheduler of `runs` with `options`, starting runs through `launcher`, reading their
    /// progress from `progress`, writing lines to `output`; when `shouldStop` turns true it stops
    /// the running runs and returns.
    public init(runs: [ScheduledRun], options: SchedulerOptions, launcher: any RunLauncher,
                progress: any RunProgress = NoProgress(), output: @escaping (String) -> Void,
                shouldStop: @escaping () -> Bool = { false }) throws {
        graph = try PlanGraph(runs)
        self.options = options
        self.launcher = launcher
        self.progress = progress
        self.output = output
        self.shouldStop = shouldStop
        priorities = graph.priorities()
        quiet = options.quietInterval
    }

    /// Trains every run of the plan the store does not hold finished; returns what happened.
    public func run() -> ScheduleSummary {
        let start = Date()
        summary.reused = graph.runs.filter(\.isTrained).map(\.name)
        done = Set(summary.reused)
        waiting = graph.runs.filter { !$0.isTrained }.map(\.name)
        toTrain = waiting.count
        say(opening())
        while true {
            if shouldStop() {
                stopAll()
                break
            }
            fillSlots()
            if running.isEmpty { break }
            if options.pollInterval > 0 { Thread.sleep(forTimeInterval: options.pollInterval) }
            collectFinished()
            reportEpochs()
            reportIfQuiet()
        }
        summary.wallSeconds = Date().timeIntervalSince(start)
        summary.lines(jobs: options.jobs).forEach(say)
        return summary
    }

    /// The first line: the plan's size, what is reused, and the cost model's estimate.
    private func opening() -> String {
        let pending = waiting.compactMap(graph.run)
        let cost = pending.map(\.cost).reduce(0, +)
        let wall = Makespan.simulate(graph: graph, remaining: Dictionary(uniqueKeysWithValues: pending.map { ($0.name, $0.cost) }),
                                     running: [], done: done, slots: options.jobs, priorities: priorities)
        return "\(graph.runs.count) runs in the plan: \(summary.reused.count) already trained (reused), \(toTrain) to train, "
            + "\(options.jobs) at a time; logs in \(options.logs.path)"
            + (toTrain == 0 ? "" : "; the cost model expects about \(Durations.words(wall)) (\(Durations.words(cost)) of run time)")
    }

    /// Starts ready runs, highest priority first, until the slots are full or none is ready.
    private func fillSlots() {
        while running.count < options.jobs {
            let ready = waiting.filter { name in (graph.run(name)?.dependencies ?? []).allSatisfy(done.contains) }
            guard let next = ready.max(by: { (priorities[$0] ?? 0) < (priorities[$1] ?? 0) }), let run = graph.run(next) else { return }
            waiting.removeAll { $0 == next }
            started += 1
            let log = options.logFile(of: run.name)
            do {
                let handle = try launcher.launch(run, log: log)
                running[run.name] = Running(run: run, handle: handle, number: started, started: Date(), lastLine: Date())
                say("\(tag(started)) start \(run.label): \(run.epochs) epochs, \(run.name)")
            } catch {
                fail(run, number: started, reason: "\(error)", seconds: 0)
            }
        }
    }

    /// Handles the runs whose processes have ended.
    private func collectFinished() {
        // Children stopped by the same Ctrl-C are interrupted, not failed: leave them to stopAll.
        if shouldStop() { return }
        for (name, entry) in running.sorted(by: { $0.value.number < $1.value.number }) {
            guard let status = entry.handle.exitStatus else { continue }
            running[name] = nil
            let seconds = Date().timeIntervalSince(entry.started)
            if status == 0 {
                done.insert(name)
                elapsed[name] = seconds
                summary.trained.append(name)
                var line = "\(tag(entry.number)) done \(entry.run.label) in \(Durations.words(seconds)); "
                    + "\(summary.trained.count + summary.failed.count + summary.skipped.count) of \(toTrain) finished"
                if let left = timeLeft(), !(waiting.isEmpty && running.isEmpty) { line += ", about \(Durations.words(left)) left" }
                say(line)
            } else {
                fail(entry.run, number: entry.number, reason: "exit status \(status)", seconds: seconds)
            }
        }
    }

    /// Records a failed run, prints the end of its log, and skips every run that starts from it.
    private func fail(_ run: ScheduledRun, number: Int, reason: String, seconds: Double) {
        let log = options.logFile(of: run.name)
        summary.failed.append(.init(name: run.name, label: run.label, reason: reason, log: log.path))
        say("\(tag(number)) FAILED \(run.label) after \(Durations.words(seconds)) (\(reason)); log: \(log.path)")
        for line in LocalScheduler.tail(of: log, lines: 5) { say("    | " + line) }
        for name in graph.allDependents(of: run.name) where waiting.contains(name) {
            waiting.removeAll { $0 == name }
            guard let dependent = graph.run(name) else { continue }
            summary.skipped.append(.init(name: name, label: dependent.label, failedDependency: run.name))
            say("skipped \(dependent.label) (\(name)): it starts from \(run.name), which failed")
        }
    }

    /// Prints a line for each running run whose log has recorded new epochs (at most one line per
    /// run every `epochLineInterval` seconds).
    private func reportEpochs() {
        let now = Date()
        for (name, entry) in running.sorted(by: { $0.value.number < $1.value.number }) {
            let epochs = progress.epochsDone(entry.run)
            guard epochs > entry.epochs else { continue }
            running[name]?.epochs = epochs
            guard now.timeIntervalSince(entry.lastLine) >= options.epochLineInterval, epochs < entry.run.epochs else { continue }
            running[name]?.lastLine = now
            say("\(tag(entry.number)) \(entry.run.label): epoch \(epochs)/\(entry.run.epochs), \(Durations.words(now.timeIntervalSince(entry.started)))")
        }
    }

    /// After a silence, one line with every running run's epoch and the time left; the silence
    /// allowed doubles while nothing else is printed.
    private func reportIfQuiet() {
        guard Date().timeIntervalSince(lastOutput) >= quiet else { return }
        let now = Date()
        let states = running.values.sorted { $0.number < $1.number }.map {
            "\($0.run.label) epoch \($0.epochs)/\($0.run.epochs) (\(Durations.words(now.timeIntervalSince($0.started))))"
        }
        var line = "… \(running.count) running: " + states.joined(separator: "; ")
        if let left = timeLeft() { line += "; about \(Durations.words(left)) left" }
        let next = min(quiet * 2, options.longestQuiet)
        say(line)
        quiet = next
    }

    /// The wall time left: each run's estimate scaled by the ratio of measured to estimated time
    /// of its kind over the runs finished and the epochs done so far (`CostCalibration`), then
    /// simulated on the slots. Nil before anything has been measured.
    func timeLeft() -> Double? {
        var calibration = CostCalibration()
        for (name, seconds) in elapsed { calibration.record(name: name, seconds: seconds, estimate: graph.run(name)?.cost ?? 0) }
        let now = Date()
        for (name, entry) in running where entry.epochs > 0 && entry.run.epochs > 0 {
            calibration.record(name: name, seconds: now.timeIntervalSince(entry.started),
                               estimate: entry.run.cost * Double(entry.epochs) / Double(entry.run.epochs))
        }
        guard calibration.overallRatio != nil else { return nil }
        var remaining: [String: Double] = [:]
        for name in waiting { remaining[name] = calibration.seconds(graph.run(name)?.cost ?? 0, name: name) ?? 0 }
        for (name, entry) in running {
            let share = entry.run.epochs > 0 ? 1 - Double(entry.epochs) / Double(entry.run.epochs) : 1
            remaining[name] = max(0, (calibration.seconds(entry.run.cost, name: name) ?? 0) * share)
        }
        return Makespan.simulate(graph: graph, remaining: remaining, running: Set(running.keys), done: done,
                                 slots: options.jobs, priorities: priorities)
    }

    /// Stops every running run and records it as interrupted.
    private func stopAll() {
        for entry in running.values { entry.handle.terminate() }
        for (name, entry) in running.sorted(by: { $0.value.number < $1.value.number }) {
            while entry.handle.exitStatus == nil { Thread.sleep(forTimeInterval: 0.05) }
            summary.interrupted.append(name)
        }
        running = [:]
        say("interrupted: stopped the running runs; \(waiting.count) runs not started")
    }

    private func tag(_ number: Int) -> String { "[\(number)/\(toTrain)]" }

    private func say(_ line: String) {
        output(line)
        lastOutput = Date()
        if !line.hasPrefix("…") { quiet = options.quietInterval }
    }

    /// The last `lines` non-empty lines of the file at `url` (none when it cannot be read).
    static func tail(of url: URL, lines: Int) -> [String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return Array(text.split(whereSeparator: \.isNewline).map(String.init).suffix(lines))
    }
}
