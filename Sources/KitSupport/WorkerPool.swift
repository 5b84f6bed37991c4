import Foundation
import Synchronization

/// The threads behind `Parallel.forEachChunk`: workers that stay alive between loops and spin for
/// a short while after each one before they sleep, so that the next loop of a training step starts
/// on every core at once.
///
/// Hand-written because Dispatch's `concurrentPerform`, which the loops used before, wakes its
/// threads anew for every loop: about 11 µs per loop back to back and 25–70 µs after half a
/// millisecond of serial work, on this kind of VM (bench/engine/FINDINGS.md, session 18), against
/// a few µs of work per chunk in many of a quick model's ops. OpenMP runtimes, which PyTorch's
/// loops use, spin the same way. The pool serves one loop at a time; a loop started while another
/// thread's loop holds it runs on Dispatch instead. Which worker runs which chunks is fixed by the
/// caller, so nothing here can change a result.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    /// How long an idle worker spins before it sleeps (seconds). Chosen, not tuned: about the
    /// serial stretch (0.44 ms) after which Dispatch's threads were measured asleep, and a cap on
    /// what a single-threaded stretch costs the other cores.
    static let spinSeconds = 0.0005

    /// The loop's number and its count of workers in one word (number << 16 | workers), so that a
    /// worker reads both at once: it takes part only when its index is below that count, and the
    /// caller then waits for it, so a worker never runs a share of a loop it did not see start.
    private let loop = Atomic<Int>(0)
    private let pending = Atomic<Int>(0)
    private let inUse = Atomic<Bool>(false)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wakeUp = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Worker threads started so far (guarded by `mutex`); worker i (from 1) runs share i of a loop.
    private var started = 0
    /// The loop being run: its body per worker. Written by the caller before `loop` moves on, read
    /// only by the workers that take part.
    private var job: ((Int) -> Void)?

    private init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wakeUp, nil)
    }

    /// Runs `share(w)` for every worker `w` in `0..<workers`, share 0 on the calling thread, and
    /// returns when all are done. Returns false without running anything when the pool is serving
    /// another thread's loop.
    func run(workers: Int, _ share: (Int) -> Void) -> Bool {
        guard inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            return false
        }
        defer { inUse.store(false, ordering: .releasing) }
        startWorkers(upTo: workers - 1)
        withoutActuallyEscaping(share) { share in
            // Safe: the workers call `job` only between the loop's start below and their decrement
            // of `pending`, and this call waits for every decrement before it returns.
            job = share
            pending.store(workers - 1, ordering: .relaxed)
            pthread_mutex_lock(mutex)
            let next = (((loop.load(ordering: .relaxed) >> 16) + 1) << 16) | workers
            loop.store(next, ordering: .releasing)
            pthread_cond_broadcast(wakeUp)
            pthread_mutex_unlock(mutex)
            share(0)
            while pending.load(ordering: .acquiring) > 0 {}
            job = nil
        }
        return true
    }

    private func startWorkers(upTo count: Int) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while started < count {
            started += 1
            let index = started, seen = loop.load(ordering: .acquiring)
            let thread = Thread { [self] in work(index: index, seen: seen) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// A worker's life: wait for the next loop (spinning, then sleeping), run its share if the
    /// loop has one for it, report done.
    private func work(index: Int, seen start: Int) {
        var seen = start
        while true {
            seen = waitForNextLoop(after: seen)
            if index < (seen & 0xFFFF) {
                runShare(index)
                pending.subtract(1, ordering: .releasing)
            }
        }
    }

    /// Runs share `index` of the current loop. A function of its own, never inlined, so that the
    /// worker's reference to `job` is gone before it reports done: the caller's
    /// `withoutActuallyEscaping` traps if the closure is still held when it returns.
    @inline(never)
    private func runShare(_ index: Int) {
        job?(index)
    }

    private func waitForNextLoop(after seen: Int) -> Int {
        let deadline = Self.now() + Self.spinSeconds
        var spins = 0
        while true {
            let current = loop.load(ordering: .acquiring)
            if current != seen { return current }
            spins += 1
            if spins % 64 == 0 && Self.now() > deadline { break }
        }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while loop.load(ordering: .acquiring) == seen { pthread_cond_wait(wakeUp, mutex) }
        return loop.load(ordering: .acquiring)
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
