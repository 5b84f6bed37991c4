import DatasetStore
import Foundation

/// The store of training runs under one root folder (`runs/` by default, `LLDIF_RUNS` to move it):
/// `ROOT/<model>/<hash>/`. A chapter asks for a run by its spec; a missing run is trained once even
/// when several processes ask at the same time, and an interrupted one is handed back to its
/// trainer, which resumes from the folder's last checkpoint.
public struct RunStore: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    /// The store at `LLDIF_RUNS`, or `runs/` in the current directory.
    public static func standard() -> RunStore {
        let path = ProcessInfo.processInfo.environment["LLDIF_RUNS"] ?? "runs"
        return RunStore(root: URL(fileURLWithPath: path, isDirectory: true))
    }

    /// The folder a spec's run lives in (whether or not it exists yet).
    public func folder(for spec: RunSpec) -> RunFolder {
        RunFolder(url: root.appendingPathComponent(spec.model.rawValue).appendingPathComponent(spec.hash), spec: spec)
    }

    /// Returns the complete run for `spec`, calling `train` first if it is not complete. `train`
    /// runs under the run's lock and may find a checkpoint from an interrupted attempt to resume
    /// from; it must write the metrics, and the store then marks the run complete.
    @discardableResult
    public func obtain(_ spec: RunSpec, train: (RunFolder) throws -> Void) throws -> RunFolder {
        let run = folder(for: spec)
        if run.isComplete { return run }
        try FileManager.default.createDirectory(at: run.url, withIntermediateDirectories: true)
        do {
            return try FileLock(run.url.appendingPathComponent(".lock")).withLock {
                if run.isComplete { return run }  // another process finished it while we waited
                let canonical = try spec.canonicalJSON()
                if let existing = try? Data(contentsOf: run.configURL), existing != canonical {
                    throw RunStoreError.configMismatch(run.configURL.path)
                }
                try canonical.write(to: run.configURL, options: .atomic)
                let start = Date()
                try train(run)
                guard FileManager.default.fileExists(atPath: run.metricsURL.path) else {
                    throw RunStoreError.noMetrics(spec.name)
                }
                try run.markComplete(wallSeconds: Date().timeIntervalSince(start))
                return run
            }
        } catch let error as FileLockError {
            throw RunStoreError.cannotLock(error.path, error.reason)
        }
    }

    /// Every run in the store with its state, sorted by model then hash.
    public func list() throws -> [RunRecord] {
        let fm = FileManager.default
        guard fm.fileExists(atPath: root.path) else { return [] }
        var records: [RunRecord] = []
        for model in try fm.contentsOfDirectory(atPath: root.path).sorted() {
            let modelURL = root.appendingPathComponent(model)
            guard let hashes = try? fm.contentsOfDirectory(atPath: modelURL.path) else { continue }
            for hash in hashes.sorted() {
                let url = modelURL.appendingPathComponent(hash)
                guard let data = try? Data(contentsOf: url.appendingPathComponent("config.json")) else { continue }
                guard let spec = try? JSONDecoder().decode(RunSpec.self, from: data) else {
                    throw RunStoreError.damagedFile(url.appendingPathComponent("config.json").path, line: nil)
                }
                let run = RunFolder(url: url, spec: spec)
                let status = try run.status()
                let hasCheckpoint = fm.fileExists(atPath: run.checkpointURL.path)
                records.append(RunRecord(name: spec.name, folder: url.path,
                                         state: status != nil ? "complete" : (hasCheckpoint ? "interrupted" : "started"),
                                         wallSeconds: status?.wallSeconds))
            }
        }
        return records
    }
}

/// One line of `lldif runs`.
public struct RunRecord: Sendable, Codable, Equatable {
    public var name: String
    public var folder: String
    public var state: String
    public var wallSeconds: Double?
}

/// Failures of the run store, each naming the file at fault.
public enum RunStoreError: Error, CustomStringConvertible, Equatable {
    case cannotLock(String, String)
    case configMismatch(String)
    case noMetrics(String)
    case damagedFile(String, line: Int?)

    public var description: String {
        switch self {
        case .cannotLock(let p, let why): return "cannot lock \(p): \(why)"
        case .configMismatch(let p): return "\(p) holds a different config than its folder's hash says; remove the folder"
        case .noMetrics(let n): return "run \(n) finished training without writing metrics.json"
        case .damagedFile(let p, let line): return "\(p)\(line.map { ":\($0)" } ?? ""): damaged or unreadable"
        }
    }
}
