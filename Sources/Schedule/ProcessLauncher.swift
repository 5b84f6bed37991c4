import Foundation

/// Starts each run as an `lldif train` child process with the run's arguments, `LLDIF_THREADS`
/// threads and the run store in `LLDIF_RUNS`, its standard output and error appended to the run's
/// log file; a child that fails leaves the others running.
public struct ProcessLauncher: RunLauncher {
    /// The `lldif` executable.
    public var executable: URL
    /// The run store's root.
    public var store: URL
    /// Threads of each run (`LLDIF_THREADS`).
    public var threads: Int

    /// A launcher of `executable train …` on `store` with `threads` threads per run.
    public init(executable: URL, store: URL, threads: Int) {
        self.executable = executable
        self.store = store
        self.threads = threads
    }

    public func launch(_ run: ScheduledRun, log: URL) throws -> any LaunchedRun {
        let fm = FileManager.default
        try fm.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !fm.fileExists(atPath: log.path) { _ = fm.createFile(atPath: log.path, contents: nil) }
        let output = try FileHandle(forWritingTo: log)
        try output.seekToEnd()
        let header = "== \(ISO8601DateFormatter().string(from: Date())) \(executable.path) train \(run.arguments.joined(separator: " "))\n"
        try output.write(contentsOf: Data(header.utf8))
        let process = Process()
        process.executableURL = executable
        process.arguments = ["train"] + run.arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LLDIF_THREADS"] = String(threads)
        environment["LLDIF_RUNS"] = store.path
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        do { try process.run() } catch {
            try? output.close()
            throw ScheduleError.cannotStart(executable.path, "\(error)")
        }
        return ChildProcess(process: process, output: output)
    }
}

/// A running `lldif train` child.
final class ChildProcess: LaunchedRun {
    private let process: Process
    private var output: FileHandle?

    init(process: Process, output: FileHandle) {
        self.process = process
        self.output = output
    }

    var exitStatus: Int32? {
        guard !process.isRunning else { return nil }
        if let output {
            try? output.close()
            self.output = nil
        }
        // A child killed by a signal reports the signal; shown as 128 + signal, as shells do.
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    func terminate() {
        if process.isRunning { process.terminate() }
    }
}
