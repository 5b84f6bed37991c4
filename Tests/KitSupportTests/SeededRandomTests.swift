import KitSupport
import Testing

@Suite struct SeededRandomTests {
    @Test func streamsAreReproducibleAndKeyed() {
        var a = SeededRandom(seed: 1, keys: [2, 3]), b = SeededRandom(seed: 1, keys: [2, 3]), c = SeededRandom(seed: 1, keys: [3, 2])
        let xa = (0..<5).map { _ in a.next() }, xb = (0..<5).map { _ in b.next() }, xc = (0..<5).map { _ in c.next() }
        #expect(xa == xb && xa != xc)
        var r = SeededRandom(seed: 4)
        let p = r.permutation(50)
        #expect(p.sorted() == Array(0..<50) && p != Array(0..<50))
        let draws = (0..<20000).map { _ in r.normal() }
        let mean = draws.reduce(0, +) / 20000, variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 20000
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)
        let poisson = (0..<20000).map { _ in r.poisson(4) }
        #expect(abs(poisson.reduce(0, +) / 20000 - 4) < 0.08)
    }

    @Test func keyedStreamsAreSplitsOfThePhiloxStream() {
        // One generator: a keyed stream's words are the halves of the split stream's blocks.
        var keyed = SeededRandom(seed: 9, keys: [SeededRandom.key("faces"), 12])
        var stream = RandomStream(seed: 9).split("faces").split(12)
        for _ in 0..<3 {
            let block = stream.nextBlock()
            #expect(keyed.next() == UInt64(block.0) << 32 | UInt64(block.1))
            #expect(keyed.next() == UInt64(block.2) << 32 | UInt64(block.3))
        }
    }

    @Test func integersAreUniformAndInRange() {
        var r = SeededRandom(seed: 2)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[r.int(below: 7)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 400 })
        let u = (0..<10_000).map { _ in r.uniform(-2, 3) }
        #expect(u.allSatisfy { $0 >= -2 && $0 < 3 })
    }
}
