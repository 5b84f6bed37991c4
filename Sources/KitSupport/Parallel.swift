import Dispatch
import Foundation

/// The kit's one parallel loop, over the machine's cores. Work is cut into chunks whose
/// boundaries depend only on the problem size, never on the thread count, so every result is
/// bit-identical however many threads run it (set `LLDIF_THREADS` to choose; default: all active
/// cores). The one exception is the GEMM's blocks of C, which follow the thread count because no
/// cut of C changes a bit (`GEMM`). The tensor kernels, the analysis (t-SNE, PCA, cluster quality) and the data side
/// (faces, batches) all run on it.
///
/// A loop started inside another loop's chunk runs serially on that chunk's thread, so kernels can
/// call each other freely without oversubscribing the cores. The threads are `WorkerPool`'s, which
/// stay awake briefly between loops.
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
        context.threadLimit = max(1, count)
        return try ThreadContext.with(context, body)
    }

    /// A small per-thread setting (0–255, 0 by default) that a loop's chunks inherit from the
    /// thread that started the loop. Tensor keeps the GEMM instruction set forced by
    /// `GEMM.withInstructionSet` in it, so that GEMMs inside chunks use it too.
    public static var inheritedSetting: UInt8 { ThreadContext.current.inheritedSetting }

    /// Runs `body` with `inheritedSetting` set to `value` on this thread and in the chunks it starts.
    public static func withInheritedSetting<R>(_ value: UInt8, _ body: () throws -> R) rethrows -> R {
        var context = ThreadContext.current
        context.inheritedSetting = value
        return try ThreadContext.with(context, body)
    }

    /// Calls `body(chunk)` for every chunk index in `0..<chunks`, spread over `threads` threads
    /// (default `threadCount`; a loop inside a chunk runs serially whatever `threads` says): worker
    /// `w` takes chunks `w, w + workers, …`. `body` must only write memory that belongs to its
    /// own chunk.
    public static func forEachChunk(_ chunks: Int, threads: Int? = nil, _ body: (Int) -> Void) {
        let context = ThreadContext.current
        let threads = context.insideChunk ? 1 : threads ?? threadCount
        guard chunks > 1, threads > 1 else {
            for c in 0..<chunks { body(c) }
            return
        }
        let workers = min(threads, chunks)
        // Chunks run serially inside, and keep the caller's inherited setting.
        var inner = context
        inner.threadLimit = 1
        inner.insideChunk = true
        let workerContext = inner
        withoutActuallyEscaping(body) { body in
            // Safe: both runners return only after every share finished, and the contract above
            // keeps the chunks' writes disjoint.
            nonisolated(unsafe) let body = body
            let share = { @Sendable (w: Int) in
                ThreadContext.with(workerContext) {
                    var c = w
                    while c < chunks { body(c); c += workers }
                }
            }
            if !WorkerPool.shared.run(workers: workers, share) {
                DispatchQueue.concurrentPerform(iterations: workers, execute: share)
            }
        }
    }

    /// Splits `0..<count` into chunks of `grain` items (the split depends only on `count` and
    /// `grain`, never on the thread count) and runs `body(start, end)` on each, in parallel when
    /// there is more than one chunk.
    @inlinable @inline(__always)
    public static func forEachRange(_ count: Int, grain: Int = 1 << 15, threads: Int? = nil,
                                    _ body: (Int, Int) -> Void) {
        if count <= grain {
            if count > 0 { body(0, count) }
            return
        }
        let chunks = (count + grain - 1) / grain
        forEachChunk(chunks, threads: threads) { c in body(c * grain, Swift.min(count, (c + 1) * grain)) }
    }

    /// `[body(0), body(1), ..., body(count - 1)]`, each index its own chunk, on `threads` threads
    /// (default `threadCount`). When some calls throw, the error of one of them is rethrown.
    public static func map<T>(_ count: Int, threads: Int? = nil, _ body: (Int) throws -> T) rethrows -> [T] {
        try withoutActuallyEscaping(body) { body in
            var results = [T?](repeating: nil, count: count)
            var failure: Error? = nil
            let lock = NSLock()
            results.withUnsafeMutableBufferPointer { buffer in
                // Safe: each index is written by exactly one chunk, and the error slot is
                // guarded by the lock.
                nonisolated(unsafe) let buffer = buffer
                forEachChunk(count, threads: threads) { i in
                    do { buffer[i] = try body(i) } catch {
                        lock.lock(); if failure == nil { failure = error }; lock.unlock()
                    }
                }
            }
            if let failure { throw failure }
            return results.compactMap { $0 }
        }
    }
}

/// Per-thread execution settings: a thread limit for nested loops and tests, whether the thread
/// is running a chunk, and `Parallel.inheritedSetting`. Kept in one pthread key as a packed word.
struct ThreadContext: Equatable {
    var threadLimit = 0
    var insideChunk = false
    var inheritedSetting: UInt8 = 0

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static var current: ThreadContext {
        get {
            let word = UInt(bitPattern: pthread_getspecific(key))
            return ThreadContext(threadLimit: Int(word >> 9), insideChunk: word & 0x100 != 0,
                                 inheritedSetting: UInt8(truncatingIfNeeded: word))
        }
        set {
            let word = UInt(newValue.threadLimit) << 9 | (newValue.insideChunk ? 0x100 : 0) | UInt(newValue.inheritedSetting)
            pthread_setspecific(key, UnsafeRawPointer(bitPattern: word))
        }
    }

    /// Runs `body` with `context` as this thread's context, then restores the previous one.
    static func with<R>(_ context: ThreadContext, _ body: () throws -> R) rethrows -> R {
        let saved = current
        current = context
        defer { current = saved }
        return try body()
    }
}
