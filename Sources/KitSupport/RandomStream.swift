import Foundation

/// A seeded, splittable stream of random numbers built on Philox4x32-10: the kit's one random
/// stream (tensor draws, weight initialisation, dropout; `SeededRandom` wraps it for the data and
/// analysis side's keyed, double-precision draws).
///
/// A stream is a key (from the seed, or from the parent stream and a label when split) and a
/// position. Every draw takes the next blocks of 128 bits: value `i` of a tensor draw comes
/// from block `position + i/4`, computed independently of all others, so the same seed gives the
/// same bits whatever the thread count. Split streams (`split("dropout")`, `split(epoch)`) are
/// independent of their parent's position, so adding draws in one place never shifts another.
public struct RandomStream: Sendable, Equatable {
    @usableFromInline var key: (UInt32, UInt32)
    /// Number of 128-bit blocks consumed so far.
    public internal(set) var position: UInt64 = 0

    /// A stream from a seed.
    public init(seed: UInt64) {
        key = (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
        // Mix once so that nearby seeds give unrelated keys.
        let mixed = Philox.block(counter: (0x5EED, 0, 0, 0), key: key)
        key = (mixed.0, mixed.1)
    }

    private init(key: (UInt32, UInt32)) { self.key = key }

    /// Same key and same position: the two streams will draw the same values.
    public static func == (a: RandomStream, b: RandomStream) -> Bool {
        a.key == b.key && a.position == b.position
    }

    /// An independent child stream named by `index` (same parent and index ⇒ same child).
    public func split(_ index: UInt64) -> RandomStream {
        let b = Philox.block(counter: (UInt32(truncatingIfNeeded: index), UInt32(truncatingIfNeeded: index >> 32),
                                       0x5B17_7ED0, 0xC41D_0000), key: key)
        return RandomStream(key: (b.0 ^ b.2, b.1 ^ b.3))
    }

    /// An independent child stream named by `label` (its FNV-1a hash, `SeededRandom.key`; stable
    /// across runs).
    public func split(_ label: String) -> RandomStream { split(SeededRandom.key(label)) }

    /// The block at `position + offset` (does not advance).
    @inlinable @inline(__always)
    public func block(at offset: UInt64) -> Philox.Block {
        let c = position &+ offset
        return Philox.block(counter: (UInt32(truncatingIfNeeded: c), UInt32(truncatingIfNeeded: c >> 32), 0, 0), key: key)
    }

    /// The next 128 random bits.
    @inlinable
    public mutating func nextBlock() -> Philox.Block {
        let b = block(at: 0)
        advance(by: 1)
        return b
    }

    /// The next 64 random bits (the first half of the next block).
    public mutating func nextUInt64() -> UInt64 {
        let b = nextBlock()
        return UInt64(b.0) << 32 | UInt64(b.1)
    }

    /// A uniform Float in `[low, high)`.
    public mutating func uniform(_ low: Float = 0, _ high: Float = 1) -> Float {
        let b = block(at: 0)
        position &+= 1
        return low + (high - low) * Philox.unit(b.0)
    }

    /// A normal draw with the given mean and standard deviation (Box–Muller).
    public mutating func normal(mean: Float = 0, std: Float = 1) -> Float {
        let b = block(at: 0)
        position &+= 1
        let r = (-2 * Foundation.log(Philox.unitOpen(b.0))).squareRoot()
        return mean + std * r * Foundation.cos(2 * Float.pi * Philox.unit(b.1))
    }

    /// A uniform integer in `range` (exact: rejection sampling, no modulo bias).
    public mutating func int(in range: Range<Int>) -> Int {
        require(!range.isEmpty, "RandomStream.int: empty range")
        let n = UInt64(range.count)
        let limit = UInt64.max - UInt64.max % n
        while true {
            let r = nextUInt64()
            if r < limit { return range.lowerBound + Int(r % n) }
        }
    }

    /// A uniform integer in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int { int(in: range.lowerBound..<(range.upperBound + 1)) }

    /// A random permutation of `0..<count` (Fisher–Yates).
    public mutating func permutation(_ count: Int) -> [Int] {
        var p = Array(0..<count)
        shuffle(&p)
        return p
    }

    /// Shuffles `array` in place (Fisher–Yates).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, int(in: 0..<(i + 1)))
        }
    }

    /// Fills `count` values: value `i` is `make(block(position + i/4), i % 4)`; advances past
    /// the blocks used. Chunked, in parallel, independently of the thread count (Tensor's
    /// `uniform`, `normal` and `bernoulli` draws are built on it).
    @inlinable
    public mutating func fill(_ output: UnsafeMutablePointer<Float>, count: Int,
                              _ make: (Philox.Block, Int) -> Float) {
        let blocks = (count + 3) / 4
        let base = self
        Parallel.forEachRange(blocks, grain: 1 << 13) { start, end in
            for b in start..<end {
                let bits = base.block(at: UInt64(b))
                for lane in 0..<Swift.min(4, count - b * 4) { output[b * 4 + lane] = make(bits, lane) }
            }
        }
        advance(by: UInt64(blocks))
    }

    /// Moves the position `blocks` blocks on.
    @usableFromInline
    mutating func advance(by blocks: UInt64) { position &+= blocks }
}
