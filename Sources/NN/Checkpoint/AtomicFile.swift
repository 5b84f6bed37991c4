#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

#if canImport(Glibc)
/// The system's `write(2)` (a bare `write` inside `AtomicFile` would name its own method).
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif

/// Writes a whole file so that a reader sees the old contents or the new, never a part: the bytes
/// go to a temporary sibling `.NAME.PID.RANDOM.tmp`, which is then renamed over the destination.
/// A write that fails (a full disk, a read-only folder) removes its temporary file before it
/// throws, so nothing is left behind; only a process killed mid-write leaves one, which the next
/// writer of the file under its lock may remove (`DataCache` does).
public enum AtomicFile {
    /// A failed write, naming the file and the operating system's reason in one line.
    public struct WriteError: Error, Equatable, CustomStringConvertible {
        /// The destination (or the temporary file, when writing it failed).
        public var file: String
        /// What failed, e.g. "cannot write: No space left on device".
        public var reason: String

        /// `file: reason`.
        public var description: String { "\(file): \(reason)" }
    }

    /// Writes `bytes` to `url` atomically. `writeTemporary` writes the bytes to the temporary path
    /// (the default, `writeAll`, is the only one the kit uses; tests pass one that fails midway).
    public static func write(_ bytes: [UInt8], to url: URL,
                             writeTemporary: (UnsafeRawBufferPointer, String) throws -> Void = writeAll) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp").path
        do {
            try bytes.withUnsafeBytes { try writeTemporary($0, temporary) }
        } catch {
            unlink(temporary)
            if let error = error as? WriteError { throw error }
            throw WriteError(file: temporary, reason: "cannot write: \(error)")
        }
        guard rename(temporary, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(file: url.path, reason: "cannot rename the temporary file \(temporary) into place: \(reason)")
        }
    }

    /// Writes `data` to `url` atomically (see `write(_:to:writeTemporary:)`).
    public static func write(_ data: Data, to url: URL) throws {
        try write([UInt8](data), to: url)
    }

    /// Creates `path` (which must not exist) and writes `bytes` to it; a `WriteError` with the
    /// operating system's reason when it cannot.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw WriteError(file: path, reason: "cannot create: \(String(cString: strerror(errno)))")
        }
        var written = 0
        while written < bytes.count {
            let n = systemWrite(descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = n < 0 ? String(cString: strerror(errno)) : "the device accepted no more bytes"
                close(descriptor)
                throw WriteError(file: path, reason: "cannot write: \(reason)")
            }
            written += n
        }
        guard close(descriptor) == 0 else {
            throw WriteError(file: path, reason: "cannot write: \(String(cString: strerror(errno)))")
        }
    }
}
