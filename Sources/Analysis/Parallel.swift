import Dispatch
import Foundation

/// Thread counts for the Analysis module's parallel work.
public enum AnalysisThreads {
    /// Threads used when a caller passes no explicit count: the active core count.
    public static var defaultCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

/// Data-parallel loops for the Analysis module, which stands on no other module of the kit.
/// Work is cut into chunks whose boundaries depend only on the problem size, never on the thread
/// count, and every chunk writes only its own outputs, so results are bit-identical for any number
/// of threads.
enum ChunkedLoop {

    /// Calls `body(chunk)` for every chunk in `0..<chunks` on up to `threads` threads (worker `w`
    /// takes chunks `w, w + threads, …`). `body` must write only memory that belongs to its chunk.
    static func run(chunks: Int, threads: Int, _ body: (Int) -> Void) {
        let workers = min(max(1, threads), chunks)
        guard workers > 1 else {
            for c in 0..<chunks { body(c) }
            return
        }
        withoutActuallyEscaping(body) { body in
            // Safe: concurrentPerform returns only after every iteration has finished, and the
            // contract above keeps the chunks' writes disjoint.
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var c = w
                while c < chunks { body(c); c += workers }
            }
        }
    }

    /// Calls `body(range)` for consecutive ranges of `chunkSize` items covering `0..<count`.
    static func forEachRange(count: Int, chunkSize: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        let chunks = (count + chunkSize - 1) / chunkSize
        run(chunks: chunks, threads: threads) { c in
            body(c * chunkSize..<min(count, (c + 1) * chunkSize))
        }
    }
}

/// A raw pointer that parallel chunks may share; each chunk writes a disjoint part of it.
struct SharedPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    subscript(i: Int) -> T {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}
