import Foundation

/// Starts one run of the plan: `ProcessLauncher` as an `lldif train` child process, a fake in the
/// scheduler's tests.
public protocol RunLauncher {
    /// Starts training `run`, its output going to the file `log`.
    func launch(_ run: ScheduledRun, log: URL) throws -> any LaunchedRun
}

/// A run that has been started.
public protocol LaunchedRun: AnyObject {
    /// The exit status once the run has ended (0: trained); nil while it runs.
    var exitStatus: Int32? { get }
    /// Asks the run to stop (it resumes from its last checkpoint next time).
    func terminate()
}

/// How far a running run has got.
public protocol RunProgress {
    /// The epochs of `run` its log holds so far (across its phases).
    func epochsDone(_ run: ScheduledRun) -> Int
}

/// A progress source that knows nothing: every run is at epoch 0.
public struct NoProgress: RunProgress {
    /// A source that reports no epochs.
    public init() {}
    public func epochsDone(_ run: ScheduledRun) -> Int { 0 }
}
