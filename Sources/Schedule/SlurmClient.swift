import Foundation

/// The kit's side of a Slurm cluster: finds `sbatch`, checks the controller answers, submits
/// scripts and reads back job IDs. Every failure is a `SlurmError` that says what to do.
public struct SlurmClient: Sendable {
    /// The `sbatch` executable.
    public var sbatch: URL

    /// The client of the `sbatch` found on `PATH` (or at `path` when given).
    public static func locate(path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SlurmClient {
        if let path {
            guard FileManager.default.isExecutableFile(atPath: path) else { throw SlurmError.sbatchMissing(searched: path) }
            return SlurmClient(sbatch: URL(fileURLWithPath: path))
        }
        let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for folder in folders {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent("sbatch")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return SlurmClient(sbatch: candidate) }
        }
        throw SlurmError.sbatchMissing(searched: folders.joined(separator: ":"))
    }

    /// Asks the controller whether a job with `settings` could run (`sbatch --test-only`), without
    /// submitting anything.
    public func check(_ settings: SlurmSettings) throws {
        _ = try run(["--test-only", "--cpus-per-task=\(settings.cpusPerTask)"] + settings.placementOptions + ["--wrap=true"])
    }

    /// Submits with `arguments` (which include `--parsable`) and returns the job ID.
    public func submit(_ arguments: [String]) throws -> String {
        let output = try run(arguments)
        guard let id = SlurmClient.jobID(parsable: output) else {
            throw SlurmError.noJobID(command: Shell.line([sbatch.path] + arguments), output: output)
        }
        return id
    }

    /// The job ID in `sbatch --parsable` output (`123` or `123;cluster`), or nil.
    public static func jobID(parsable output: String) -> String? {
        let first = output.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        let id = first.split(separator: ";").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        return !id.isEmpty && id.allSatisfy(\.isNumber) ? id : nil
    }

    /// Runs `sbatch arguments`; returns its standard output, or throws what went wrong.
    private func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = sbatch
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw SlurmError.sbatchMissing(searched: sbatch.path) }
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SlurmError.classify(command: Shell.line([sbatch.path] + arguments), message: errors + output)
        }
        return output
    }
}

/// What can go wrong talking to Slurm, each with what to do about it.
public enum SlurmError: Error, CustomStringConvertible, Equatable {
    /// No `sbatch` executable where it was looked for.
    case sbatchMissing(searched: String)
    /// `sbatch` could not reach `slurmctld`.
    case controllerUnreachable(String)
    /// The controller refused the job (partition, account, time limit, ...).
    case rejected(command: String, message: String)
    /// `sbatch --parsable` printed no job ID.
    case noJobID(command: String, output: String)

    /// The error for a failed `command` whose output was `message`.
    public static func classify(command: String, message: String) -> SlurmError {
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        let unreachable = ["Unable to contact slurm controller", "connect failure", "Connection refused", "Socket timed out",
                           "Zero Bytes were transmitted", "Could not establish a configuration source", "Can't find an address"]
        if unreachable.contains(where: { text.localizedCaseInsensitiveContains($0) }) { return .controllerUnreachable(text) }
        return .rejected(command: command, message: text)
    }

    public var description: String {
        switch self {
        case .sbatchMissing(let searched):
            return "sbatch not found (looked in \(searched)): run `lldif submit` on a Slurm login node, or train on this machine with `make runs` (SCHEDULER=local)"
        case .controllerUnreachable(let message):
            return "the Slurm controller is unreachable (\(message)): check `sinfo` and SLURM_CONF; nothing was submitted"
        case .rejected(let command, let message):
            return "Slurm refused `\(command)`: \(message) (partition, account and time limit come from LLDIF_SLURM_PARTITION, LLDIF_SLURM_ACCOUNT, LLDIF_SLURM_TIME)"
        case .noJobID(let command, let output):
            return "`\(command)` printed no job ID: '\(output)'"
        }
    }
}
