#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An exclusive advisory lock on a file (flock(2)), held while a closure runs. Two processes that
/// need the same run or the same cached data (chapters under `make -j`, `make runs`) take turns; the
/// lock dies with its process, so a killed trainer never leaves a stale lock behind. Threads of one
/// process exclude each other too, since each call opens its own descriptor.
public struct FileLock: Sendable {
    /// The lock file (created when missing).
    public let url: URL

    /// A lock on `url`.
    public init(_ url: URL) { self.url = url }

    /// Runs `body` holding the lock; throws `FileLockError` when the lock file cannot be opened or locked.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(url.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileLockError(path: url.path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw FileLockError(path: url.path, reason: String(cString: strerror(errno))) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}

/// A lock file that could not be opened or locked, and why.
public struct FileLockError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot lock \(path): \(reason)" }
}
