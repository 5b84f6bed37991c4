#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension RunStore {
    /// Creates the store's root folder when it is missing and checks that runs can be written under
    /// it; `RunStoreError.unusableRoot` naming the path and the reason in one line otherwise (a
    /// regular file in the way, a read-only folder or file system, a path under /proc).
    public func prepareRoot() throws {
        let path = root.standardizedFileURL.path
        func unusable(_ reason: String) -> RunStoreError { .unusableRoot(path, reason) }
        // Each folder from the top down: the first one missing is created, so the error names the
        // level at which creation failed and the operating system's reason.
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: prefix, isDirectory: &isFolder) {
                guard isFolder.boolValue else {
                    throw unusable(prefix == path ? "it is a file, not a folder" : "\(prefix) is a file, not a folder")
                }
                continue
            }
            guard mkdir(prefix, 0o755) == 0 || errno == EEXIST else {
                throw unusable("cannot create \(prefix == path ? "it" : prefix): \(String(cString: strerror(errno)))")
            }
        }
        // Writable: create and remove a file (as root, permission bits alone do not say).
        let probe = path + "/.write-test.\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw unusable("cannot create files in it: \(String(cString: strerror(errno)))") }
        close(descriptor)
        unlink(probe)
    }
}
