import Foundation
import LLDif
import NN

/// One run's folder: its config, checkpoint, metrics, JSON-lines log and completion record.
/// Every file a later step trusts is written atomically (temporary file, then rename).
public struct RunFolder: Sendable {
    /// The folder, `ROOT/<model>/<hash>`.
    public let url: URL
    /// The run it holds.
    public let spec: RunSpec

    public var configURL: URL { url.appendingPathComponent("config.json") }
    public var checkpointURL: URL { url.appendingPathComponent("checkpoint.safetensors") }
    public var metricsURL: URL { url.appendingPathComponent("metrics.json") }
    public var logURL: URL { url.appendingPathComponent("log.jsonl") }
    public var statusURL: URL { url.appendingPathComponent("status.json") }

    /// True once `markComplete` has run: the metrics and checkpoint are final.
    public var isComplete: Bool { (try? status())?.state == .complete }

    /// The completion record, or nil for a run that has not finished.
    public func status() throws -> RunStatus? {
        guard FileManager.default.fileExists(atPath: statusURL.path) else { return nil }
        return try JSONDecoder().decode(RunStatus.self, from: Data(contentsOf: statusURL))
    }

    /// Appends one epoch's record as a line of the log (one `write` per line, so lines never
    /// interleave).
    ///
    /// The training loops log an epoch before they commit its checkpoint, so a process killed
    /// between the two keeps the line, and the resumed run trains and logs that epoch again. A line
    /// for the same epoch (and stage) already in the log is therefore from an attempt whose
    /// checkpoint never committed: it and any line after it are dropped (the log rewritten
    /// atomically) before the new line is added. No epoch is missing, none is there twice.
    public func log(_ record: EpochReport) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var line = try encoder.encode(record)
        line.append(0x0A)
        let earlier = try logEntries()
        if let stale = earlier.firstIndex(where: { $0.epoch == record.epoch && $0.stage == record.stage }) {
            var kept = Data()
            for entry in earlier[..<stale] {
                kept += try encoder.encode(entry)
                kept.append(0x0A)
            }
            try Self.write(kept + line, to: logURL)
            return
        }
        do {
            if !FileManager.default.fileExists(atPath: logURL.path) {
                guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else {
                    throw RunStoreError.cannotWrite(logURL.path, "cannot create the log")
                }
            }
            let handle = try FileHandle(forWritingTo: logURL)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        } catch let error as RunStoreError {
            throw error
        } catch {
            throw RunStoreError.cannotWrite(logURL.path, "cannot append to the log: \(error.localizedDescription)")
        }
    }

    /// Writes `data` to `url` atomically (`AtomicFile`: a temporary file renamed into place, removed
    /// when the write fails); an error names the file and the operating system's reason.
    static func write(_ data: Data, to url: URL) throws {
        do {
            try AtomicFile.write(data, to: url)
        } catch let error as AtomicFile.WriteError {
            throw RunStoreError.cannotWrite(error.file, error.reason)
        }
    }

    /// The log's records in order; a damaged line is an error naming the file and line number.
    public func logEntries() throws -> [EpochReport] {
        guard FileManager.default.fileExists(atPath: logURL.path) else { return [] }
        let text = try String(contentsOf: logURL, encoding: .utf8)
        return try text.split(separator: "\n").enumerated().map { (i, line) in
            do { return try JSONDecoder().decode(EpochReport.self, from: Data(line.utf8)) }
            catch { throw RunStoreError.damagedFile(logURL.path, line: i + 1) }
        }
    }

    /// Writes the run's final metrics (any Encodable), atomically.
    public func writeMetrics<T: Encodable>(_ metrics: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try Self.write(try encoder.encode(metrics), to: metricsURL)
    }

    /// Reads the run's metrics back.
    public func readMetrics<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try JSONDecoder().decode(type, from: Data(contentsOf: metricsURL)) }
        catch { throw RunStoreError.damagedFile(metricsURL.path, line: nil) }
    }

    /// Records that the run finished; written last, so a run killed earlier is never taken as done.
    public func markComplete(wallSeconds: Double) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let record = RunStatus(state: .complete, wallSeconds: wallSeconds,
                               finished: ISO8601DateFormatter().string(from: Date()))
        try Self.write(try encoder.encode(record), to: statusURL)
    }
}

/// A run's completion record (`status.json`).
public struct RunStatus: Codable, Sendable, Equatable {
    /// The states a finished run can be recorded in.
    public enum State: String, Codable, Sendable { case complete }
    public var state: State
    public var wallSeconds: Double
    public var finished: String
}
