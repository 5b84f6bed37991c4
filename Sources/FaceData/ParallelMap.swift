import Dispatch
import Foundation

/// Parallel loops for the data side. Each index's result depends only on the index, so the output
/// is the same whatever the thread count. (FaceData keeps this tiny helper instead of importing the
/// Tensor module, which it must not depend on.)
public enum ParallelMap {
    /// Threads used by default: `LLDIF_THREADS` if set, else the active core count.
    public static let defaultThreads: Int = {
        if let text = ProcessInfo.processInfo.environment["LLDIF_THREADS"], let n = Int(text), n > 0 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// `[body(0), body(1), ..., body(count - 1)]`, computed on `threads` threads.
    public static func map<T>(_ count: Int, threads: Int = defaultThreads, _ body: (Int) throws -> T) rethrows -> [T] {
        if count == 0 { return [] }
        if threads <= 1 || count == 1 { return try (0..<count).map(body) }
        var results = [T?](repeating: nil, count: count)
        var firstError: Error? = nil
        let lock = NSLock()
        let workers = min(threads, count)
        try withoutActuallyEscaping(body) { body in
            // Safe: concurrentPerform returns only after every worker is done, each index is written
            // by exactly one worker, and the error slot is guarded by the lock.
            nonisolated(unsafe) let body = body
            nonisolated(unsafe) var out = results
            out.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let buffer = buffer
                nonisolated(unsafe) var failure: Error? = nil
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    var i = w
                    while i < count {
                        do { buffer[i] = try body(i) } catch {
                            lock.lock(); if failure == nil { failure = error }; lock.unlock()
                        }
                        i += workers
                    }
                }
                firstError = failure
            }
            results = out
            if let firstError { throw firstError }
        }
        return results.map { $0! }
    }
}
