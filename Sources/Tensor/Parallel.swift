import Dispatch
import Foundation

/// Data-parallel loops over the machine's cores. Work is cut into chunks whose boundaries depend
/// only on the problem size, never on the thread count, so every result is bit-identical however
/// many threads run it (set `LLDIF_THREADS` to choose; default: all active cores).
public enum Parallel {
    /// Threads used by `forEachChunk`; read once from `LLDIF_THREADS`, else the active core count.
    public static let threadCount: Int = {
        if let text = ProcessInfo.processInfo.environment["LLDIF_THREADS"], let n = Int(text), n > 0 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Calls `body(chunk)` for every chunk index in `0..<chunks`, spread over `threadCount` threads.
    /// `body` must only write memory that belongs to its own chunk.
    public static func forEachChunk(_ chunks: Int, _ body: (Int) -> Void) {
        guard chunks > 1, threadCount > 1 else {
            for c in 0..<chunks { body(c) }
            return
        }
        let workers = min(threadCount, chunks)
        withoutActuallyEscaping(body) { body in
            // Safe: concurrentPerform returns only after every iteration finished, and the
            // contract above keeps the chunks' writes disjoint.
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var c = w
                while c < chunks { body(c); c += workers }
            }
        }
    }
}
