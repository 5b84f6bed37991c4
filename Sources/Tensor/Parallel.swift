import Dispatch
import Foundation

/// Data-parallel loops over the machine's cores. Work is cut into chunks whose boundaries depend
/// only on the problem size, never on the thread count, so every result is bit-identical however
/// many threads run it (set `LLDIF_THREADS` to choose; default: all active cores).
///
/// A loop started inside another loop's chunk runs serially on that chunk's thread, so kernels can
/// call each other freely without oversubscribing the cores.
public enum Parallel {
    /// Threads the process uses by default: `LLDIF_THREADS` when set, else the active core count.
    public static let defaultThreadCount: Int = {
        if let text = ProcessInfo.processInfo.environment["LLDIF_THREADS"], let n = Int(text), n > 0 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Threads `forEachChunk` uses when called from this thread: `defaultThreadCount`, unless
    /// `withThreadCount` chose another number here, or this thread is itself running a chunk (1).
    public static var threadCount: Int {
        let limit = ThreadContext.current.threadLimit
        return limit > 0 ? limit : defaultThreadCount
    }

    /// Runs `body` with `forEachChunk` calls made from this thread (and the chunks they start)
    /// limited to `count` threads. Other threads are not affected. Results do not depend on it.
    public static func withThreadCount<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
        var context = ThreadContext.current
        let saved = context
        context.threadLimit = max(1, count)
        ThreadContext.current = context
        defer { ThreadContext.current = saved }
        return try body()
    }

    /// Calls `body(chunk)` for every chunk index in `0..<chunks`, spread over `threadCount` threads.
    /// `body` must only write memory that belongs to its own chunk.
    public static func forEachChunk(_ chunks: Int, _ body: (Int) -> Void) {
        let threads = threadCount
        guard chunks > 1, threads > 1 else {
            for c in 0..<chunks { body(c) }
            return
        }
        let workers = min(threads, chunks)
        // Chunks run serially inside, and keep the caller's instruction-set choice.
        var inner = ThreadContext.current
        inner.threadLimit = 1
        let workerContext = inner
        withoutActuallyEscaping(body) { body in
            // Safe: concurrentPerform returns only after every iteration finished, and the
            // contract above keeps the chunks' writes disjoint.
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let saved = ThreadContext.current
                ThreadContext.current = workerContext
                var c = w
                while c < chunks { body(c); c += workers }
                ThreadContext.current = saved
            }
        }
    }
}

/// Per-thread execution settings: a thread limit for nested loops and tests, and an instruction
/// set forced for the GEMM kernels (0: none). Kept in one pthread key as a packed word.
struct ThreadContext: Equatable {
    var threadLimit = 0
    var instructionSet: Int32 = 0

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static var current: ThreadContext {
        get {
            let word = UInt(bitPattern: pthread_getspecific(key))
            return ThreadContext(threadLimit: Int(word >> 8), instructionSet: Int32(word & 0xff))
        }
        set {
            let word = UInt(newValue.threadLimit) << 8 | UInt(newValue.instructionSet & 0xff)
            pthread_setspecific(key, UnsafeRawPointer(bitPattern: word))
        }
    }
}
