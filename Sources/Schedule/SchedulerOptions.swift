import Foundation

/// How the local scheduler runs the plan.
public struct SchedulerOptions: Sendable {
    /// Runs trained at once (`JOBS`).
    public var jobs: Int
    /// The folder each run's output goes to (`model.hash.log`).
    public var logs: URL
    /// Seconds between looks at the running runs.
    public var pollInterval: Double = 1
    /// Least seconds between two epoch lines of one run.
    public var epochLineInterval: Double = 10
    /// Seconds of silence before a status line of the running runs; doubles after each status line
    /// without news, up to `longestQuiet`.
    public var quietInterval: Double = 30
    /// The longest silence between status lines.
    public var longestQuiet: Double = 600

    /// Options for `jobs` runs at once, logs in `logs`.
    public init(jobs: Int, logs: URL) {
        self.jobs = max(1, jobs)
        self.logs = logs
    }

    /// The log file of the run named `model/hash`.
    public func logFile(of run: String) -> URL {
        logs.appendingPathComponent(run.replacingOccurrences(of: "/", with: ".") + ".log")
    }
}
