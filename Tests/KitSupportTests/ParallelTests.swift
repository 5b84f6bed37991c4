import Foundation
import Synchronization
import KitSupport
import Testing

@Suite struct ParallelTests {
    struct Boom: Error, Equatable { let index: Int }

    @Test func mapKeepsOrderAndRethrows() throws {
        #expect(Parallel.map(100, threads: 3) { $0 * $0 } == (0..<100).map { $0 * $0 })
        #expect(Parallel.map(0) { $0 }.isEmpty)
        #expect(throws: Boom.self) { try Parallel.map(50, threads: 2) { i -> Int in if i == 17 { throw Boom(index: i) }; return i } }
    }

    @Test func chunkedSumsAreTheSameAtOneAndTwoThreads() {
        // Per-chunk partial sums in Float: the chunking, not the thread count, fixes the order.
        let values = (0..<100_003).map { Float(($0 * 7919) % 1000) * 1e-3 }
        func sum(threads: Int) -> Float {
            var parts = [Float](repeating: 0, count: (values.count + 4095) / 4096)
            parts.withUnsafeMutableBufferPointer { out in
                let out = out
                Parallel.forEachRange(values.count, grain: 4096, threads: threads) { start, end in
                    out[start / 4096] = values[start..<end].reduce(0, +)
                }
            }
            return parts.reduce(0, +)
        }
        #expect(sum(threads: 1).bitPattern == sum(threads: 2).bitPattern)
        var one = RandomStream(seed: 3), two = RandomStream(seed: 3)
        var a = [Float](repeating: 0, count: 50_000), b = a
        Parallel.withThreadCount(1) { a.withUnsafeMutableBufferPointer { one.fill($0.baseAddress!, count: 50_000) { bits, _ in Philox.unit(bits.0) } } }
        Parallel.withThreadCount(2) { b.withUnsafeMutableBufferPointer { two.fill($0.baseAddress!, count: 50_000) { bits, _ in Philox.unit(bits.0) } } }
        #expect(a == b && one == two)
    }

    @Test func loopsInsideAChunkRunSerially() {
        let inner = Parallel.map(4, threads: 2) { _ in
            Parallel.map(3, threads: 4) { _ in Parallel.threadCount }
        }
        #expect(inner.allSatisfy { $0 == [1, 1, 1] })
    }

    @Test func chunksInheritTheCallersSetting() {
        let seen = Parallel.withInheritedSetting(3) { Parallel.map(8, threads: 2) { _ in Parallel.inheritedSetting } }
        #expect(seen == [UInt8](repeating: 3, count: 8))
        #expect(Parallel.inheritedSetting == 0)
    }

    /// Runs `loops` parallel loops with changing thread and chunk counts and returns how often each
    /// chunk of each loop ran (all ones when every chunk ran exactly once).
    private func chunkRuns(loops: Int, pause: Double = 0) -> [Int] {
        var counts: [Int] = []
        for loop in 0..<loops {
            let chunks = 1 + loop % 9, threads = 2 + loop % 3
            // Counted under a lock: two threads running the same chunk at once must both count.
            let hits = Mutex([Int](repeating: 0, count: chunks))
            Parallel.forEachChunk(chunks, threads: threads) { c in hits.withLock { $0[c] += 1 } }
            counts += hits.withLock { $0 }
            if pause > 0 { Thread.sleep(forTimeInterval: pause) }
        }
        return counts
    }

    @Test(.timeLimit(.minutes(1))) func everyChunkRunsOnceAcrossManyLoops() {
        let counts = chunkRuns(loops: 3000)
        #expect(counts.count == (0..<3000).reduce(0) { $0 + 1 + $1 % 9 })
        #expect(counts.allSatisfy { $0 == 1 })
    }

    /// Workers that went to sleep between loops (the pause outlasts their spin) wake for the next.
    @Test(.timeLimit(.minutes(1))) func workersWakeAfterSleeping() {
        #expect(chunkRuns(loops: 12, pause: 0.005).allSatisfy { $0 == 1 })
    }

    /// Loops started from two threads at once: one has the worker pool, the other runs on Dispatch,
    /// and both run every chunk once.
    @Test(.timeLimit(.minutes(1))) func loopsFromTwoThreadsAtOnceRunEveryChunkOnce() {
        let results = Mutex<[[Int]]>([])
        let done = DispatchGroup()
        for _ in 0..<2 {
            done.enter()
            let thread = Thread {
                let counts = chunkRuns(loops: 2000)
                results.withLock { $0.append(counts) }
                done.leave()
            }
            thread.start()
        }
        done.wait()
        let all = results.withLock { $0 }
        #expect(all.count == 2)
        #expect(all.allSatisfy { $0.count == (0..<2000).reduce(0) { $0 + 1 + $1 % 9 } && $0.allSatisfy { $0 == 1 } })
    }

    /// Many loops of tiny chunks, back to back: the caller's `withoutActuallyEscaping` traps if a
    /// worker still holds the loop's closure when the loop returns (a worker that dropped it only
    /// after reporting done crashed the test process about once per CI run). The time limit only
    /// catches a hang: with both cores busy with other work each loop waits for a worker to be
    /// scheduled, and the 200,000 loops took more than a minute (session 20's CI run beside a
    /// training run).
    @Test(.timeLimit(.minutes(10))) func tinyLoopsBackToBackNeverOutliveTheirClosure() {
        let total = Mutex(0)
        for _ in 0..<200_000 {
            Parallel.forEachChunk(2, threads: 2) { _ in total.withLock { $0 += 1 } }
        }
        #expect(total.withLock { $0 } == 400_000)
    }
}
