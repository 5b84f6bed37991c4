import ArgumentParser
import Foundation
import Paper
import Schedule

/// `lldif run-plan`: trains every run of the plan on this machine, each as an `lldif train` child
/// process: dependencies first, longest chains first, `--jobs` at a time, with progress lines and a
/// summary; a failed run leaves the others running, and makes the exit status non-zero.
struct RunPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-plan",
        abstract: "Train every run of the plan: dependencies first, longest chains first, --jobs at a time, with progress.",
        discussion: """
        Each run trains in its own `lldif train` process (LLDIF_THREADS=--threads), its output in \
        STORE/logs/model.hash.log. A line is printed when a run starts and finishes, as its epochs go by, \
        and after a silence; each finish gives the time left, from the cost model scaled by what the runs \
        so far took. A failed run does not stop the others; the runs that start from it are skipped, \
        the summary names it and its log, and the exit status is 1. Ctrl-C stops the running runs (they \
        resume from their checkpoints next time). Finished runs are reused.
        """
    )

    @OptionGroup var plan: PlanOptions

    @OptionGroup var slots: SlotOptions

    @Option(help: "Folder of the runs' logs (default: STORE/logs).")
    var logs: String?

    @Option(help: "The lldif executable the children run (default: this one).")
    var executable: String?

    func run() throws {
        let store = plan.runStore
        let planned = try plan.runs()
        let cost = CostModel.saved(in: store.root)
        let runs = try planned.map { try ScheduledRun($0, cost: cost) }
        let logsFolder = logs.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? store.root.appendingPathComponent("logs")
        let stop = StopRequest.onInterrupt()
        let scheduler = try LocalScheduler(
            runs: runs, options: SchedulerOptions(jobs: slots.jobs, logs: logsFolder),
            launcher: ProcessLauncher(executable: try RunPlanCommand.executableURL(executable), store: store.root, threads: slots.threads),
            progress: RunStoreProgress(runs: planned, store: store), output: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }, shouldStop: stop.isRequested)
        let summary = scheduler.run()
        if !summary.succeeded { throw ExitCode(summary.interrupted.isEmpty ? 1 : 130) }
    }

    /// The `lldif` executable: `path` when given, else this process's own.
    static func executableURL(_ path: String?) throws -> URL {
        if let path {
            guard FileManager.default.isExecutableFile(atPath: path) else { throw ValidationError("--executable \(path) is not an executable file") }
            return URL(fileURLWithPath: path).standardizedFileURL
        }
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        if own.path != "/proc/self/exe", FileManager.default.isExecutableFile(atPath: own.path) { return own }
        guard let url = Bundle.main.executableURL else { throw ValidationError("cannot tell where this lldif executable is; pass --executable") }
        return url
    }
}

/// Turns Ctrl-C (SIGINT) and SIGTERM into a request the scheduler polls, so it can stop its
/// children and print its summary instead of dying with them.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var sources: [any DispatchSourceSignal] = []

    /// A request set by SIGINT or SIGTERM from now on.
    static func onInterrupt() -> StopRequest {
        let request = StopRequest()
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { request.set() }
            source.resume()
            request.sources.append(source)
        }
        return request
    }

    private func set() {
        lock.lock()
        requested = true
        lock.unlock()
    }

    /// True once a signal arrived.
    func isRequested() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }
}
