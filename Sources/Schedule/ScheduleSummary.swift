import Foundation

/// What a run of the plan did: which runs it trained, reused, failed, skipped or stopped, and the
/// lines that say so.
public struct ScheduleSummary: Sendable, Equatable {
    /// A run whose process ended with a non-zero status.
    public struct Failure: Sendable, Equatable {
        /// The run's name, `model/hash`.
        public var name: String
        /// The run in words.
        public var label: String
        /// Why it failed: its exit status, or why it could not start.
        public var reason: String
        /// The file holding its output.
        public var log: String
    }

    /// A run that was not started because a run it starts from failed.
    public struct Skip: Sendable, Equatable {
        /// The run's name.
        public var name: String
        /// The run in words.
        public var label: String
        /// The failed run it starts from, directly or not.
        public var failedDependency: String
    }

    /// Runs trained by this call, in the order they finished.
    public var trained: [String] = []
    /// Runs the store held finished before the call.
    public var reused: [String] = []
    /// Runs that failed.
    public var failed: [Failure] = []
    /// Runs skipped because a run they start from failed.
    public var skipped: [Skip] = []
    /// Runs stopped by an interruption (they resume from their checkpoints).
    public var interrupted: [String] = []
    /// Wall time of the call.
    public var wallSeconds: Double = 0

    /// True when every run of the plan is trained.
    public var succeeded: Bool { failed.isEmpty && skipped.isEmpty && interrupted.isEmpty }

    /// The summary's lines: the counts, then every failed run with its log, every skipped run with
    /// the failure it follows from, and the stopped runs.
    public func lines(jobs: Int) -> [String] {
        var lines = ["runs: \(trained.count) trained, \(reused.count) reused, \(failed.count) failed, \(skipped.count) skipped"
            + (interrupted.isEmpty ? "" : ", \(interrupted.count) interrupted")
            + " in \(Durations.words(wallSeconds)) (\(jobs) at a time)"]
        for failure in failed {
            lines.append("  failed: \(failure.label), \(failure.name): \(failure.reason); log: \(failure.log)")
        }
        for skip in skipped {
            lines.append("  skipped: \(skip.label), \(skip.name): it starts from \(skip.failedDependency), which failed")
        }
        if !interrupted.isEmpty {
            lines.append("  interrupted: \(interrupted.joined(separator: ", ")) (they resume from their checkpoints when run again)")
        }
        return lines
    }
}
