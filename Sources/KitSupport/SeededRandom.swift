import Foundation

/// Double-precision draws from the kit's one generator, keyed by a seed and a list of keys: the
/// form the data side (SynFER faces, low-light synthesis, batches, augmentation), the analysis
/// side (bootstrap, t-SNE initialisation) and the chart gallery use. A thin wrapper of
/// `RandomStream` (Philox4x32-10): `SeededRandom(seed: s, keys: [a, b])` draws from
/// `RandomStream(seed: s).split(a).split(b)`, taking each 128-bit block as two 64-bit words. Every
/// draw is a pure function of the seed and the keys, so any sample can be regenerated alone, and
/// different key lists give independent streams.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    @usableFromInline var stream: RandomStream
    /// The second half of the last block, not yet drawn.
    @usableFromInline var spare: UInt64?

    /// A stream seeded directly with `seed`.
    public init(seed: UInt64) {
        stream = RandomStream(seed: seed)
    }

    /// A stream derived from a seed and a list of keys (flavour, index, purpose, ...).
    public init(seed: UInt64, keys: [UInt64]) {
        stream = keys.reduce(RandomStream(seed: seed)) { $0.split($1) }
    }

    /// A stable 64-bit key for a string (FNV-1a of its UTF-8 bytes), used to key streams by names
    /// such as a flavour.
    public static func key(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        if let word = spare {
            spare = nil
            return word
        }
        let b = stream.nextBlock()
        spare = UInt64(b.2) << 32 | UInt64(b.3)
        return UInt64(b.0) << 32 | UInt64(b.1)
    }

    /// A uniform Double in [0, 1).
    @inlinable
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform Double in [lo, hi).
    @inlinable
    public mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * uniform()
    }

    /// A uniform Double in the closed range.
    public mutating func uniform(in range: ClosedRange<Double>) -> Double {
        uniform(range.lowerBound, range.upperBound)
    }

    /// A log-uniform Double in the range (both bounds positive).
    public mutating func logUniform(in range: ClosedRange<Double>) -> Double {
        exp(uniform(log(range.lowerBound), log(range.upperBound)))
    }

    /// A uniform integer in `0..<n` (Lemire's multiply-shift with rejection, so unbiased).
    public mutating func int(below n: Int) -> Int {
        require(n > 0, "SeededRandom.int(below:): the bound must be positive, got \(n)")
        let bound = UInt64(n)
        while true {
            let product = next().multipliedFullWidth(by: bound)
            if product.low >= (0 &- bound) % bound { return Int(product.high) }
        }
    }

    /// True with probability p.
    public mutating func bernoulli(_ p: Double) -> Bool {
        uniform() < p
    }

    /// A standard normal draw (Box–Muller; the pair's second value is dropped, so the stream's
    /// position depends only on how many draws were made).
    @inlinable
    public mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300)
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Two independent standard normal draws for the price of one (both Box–Muller outputs).
    @inlinable
    public mutating func normalPair() -> (Double, Double) {
        let u1 = max(uniform(), 1e-300)
        let u2 = uniform()
        let r = (-2 * log(u1)).squareRoot()
        return (r * cos(2 * Double.pi * u2), r * sin(2 * Double.pi * u2))
    }

    /// A normal draw with the given mean and standard deviation.
    @inlinable
    public mutating func normal(mean: Double, std: Double) -> Double {
        mean + std * normal()
    }

    /// An index drawn with probability proportional to `weights`.
    public mutating func categorical(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var u = uniform() * total
        for (i, w) in weights.enumerated() {
            if u < w { return i }
            u -= w
        }
        return weights.count - 1
    }

    /// A Poisson draw with mean lambda (Knuth for small means, a normal approximation above 30).
    public mutating func poisson(_ lambda: Double) -> Double {
        if lambda <= 0 { return 0 }
        if lambda > 30 { return max(0, (normal(mean: lambda, std: lambda.squareRoot())).rounded()) }
        let limit = exp(-lambda)
        var k = 0.0
        var p = uniform()
        while p > limit { k += 1; p *= uniform() }
        return k
    }

    /// The elements of `0..<n` in a seeded random order (Fisher–Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var order = Array(0..<n)
        if n < 2 { return order }
        for i in stride(from: n - 1, to: 0, by: -1) {
            order.swapAt(i, int(below: i + 1))
        }
        return order
    }
}
