#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An exclusive advisory lock on a file (flock(2)), held while a closure runs. Two processes that
/// need the same run — chapters under `make -j` — take turns; the lock dies with its process, so a
/// killed trainer never leaves a stale lock behind.
public struct FileLock: Sendable {
    public let url: URL

    public init(_ url: URL) { self.url = url }

    public func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(url.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RunStoreError.cannotLock(url.path, String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw RunStoreError.cannotLock(url.path, String(cString: strerror(errno))) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
