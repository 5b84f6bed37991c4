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
    ///
    /// A complete run is reused only when its checkpoint reads back whole and matches the checksum
    /// recorded in it. A checkpoint that is missing, truncated or altered is not reused: `report`
    /// names the file and the damage, the completion record and the checkpoint are removed, and the
    /// run is trained again (training is deterministic, so it gives the same run; the run store is
    /// a cache, like the data cache, which is rebuilt the same way). A checkpoint written before
    /// checkpoints carried a checksum is reused with a warning through `report`: its layout is
    /// still checked, and retraining every older run would cost hours for no detected fault.
    /// An interrupted run resumes from its checkpoint only when that file passes the same checks:
    /// otherwise the resume stops with an error naming the file and the damage (`SafeTensorsError`),
    /// and removing the file trains the run from its start.
    @discardableResult
    public func obtain(_ spec: RunSpec, report: (String) -> Void = { _ in },
                       train: (RunFolder) throws -> Void) throws -> RunFolder {
        let run = folder(for: spec)
        if run.isComplete {
            let check = run.checkCheckpoint()
            if !check.isDamaged, run.reuse(check, report: report) { return run }
        }
        try prepareRoot()
        do {
            try FileManager.default.createDirectory(at: run.url, withIntermediateDirectories: true)
        } catch {
            throw RunStoreError.unusableRoot(run.url.path, "cannot create the run's folder: \(error.localizedDescription)")
        }
        do {
            return try FileLock(run.url.appendingPathComponent(".lock")).withLock {
                // Another process may have finished it while we waited.
                if run.isComplete {
                    if run.reuse(run.checkCheckpoint(), report: report) { return run }
                    try run.forgetCompletion()
                }
                let canonical = try spec.canonicalJSON()
                if let existing = try? Data(contentsOf: run.configURL), existing != canonical {
                    throw RunStoreError.configMismatch(run.configURL.path)
                }
                try RunFolder.write(canonical, to: run.configURL)
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
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: root.path, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { throw RunStoreError.unusableRoot(root.path, "it is a file, not a folder") }
        var records: [RunRecord] = []
        let models: [String]
        do { models = try fm.contentsOfDirectory(atPath: root.path) } catch {
            throw RunStoreError.unusableRoot(root.path, "cannot list it: \(error.localizedDescription)")
        }
        for model in models.sorted() {
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
    /// The store's root (or a run's folder) cannot hold runs: the path and the reason.
    case unusableRoot(String, String)
    /// A file of a run cannot be written or removed: the path and the operating system's reason.
    case cannotWrite(String, String)
    case cannotLock(String, String)
    case configMismatch(String)
    case noMetrics(String)
    case damagedFile(String, line: Int?)

    public var description: String {
        switch self {
        case .unusableRoot(let p, let why): return "run store \(p): \(why)"
        case .cannotWrite(let p, let why): return "\(p): \(why)"
        case .cannotLock(let p, let why): return "cannot lock \(p): \(why)"
        case .configMismatch(let p): return "\(p) holds a different config than its folder's hash says; remove the folder"
        case .noMetrics(let n): return "run \(n) finished training without writing metrics.json"
        case .damagedFile(let p, let line): return "\(p)\(line.map { ":\($0)" } ?? ""): damaged or unreadable"
        }
    }
}
