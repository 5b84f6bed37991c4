import Foundation

/// A small, fast, seeded random stream (SplitMix64). FaceData keeps its own stream instead of the
/// Tensor module's so that the data side stands alone; every draw is a pure function of the seed
/// and the keys the stream was derived from, so any sample can be regenerated alone.
public struct SeededRandom: Sendable {
    private var state: UInt64

    /// A stream seeded directly with `seed`.
    public init(seed: UInt64) {
        state = SeededRandom.mix(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// A stream derived from a seed and a list of keys (flavour, index, purpose, ...). Different key
    /// lists give statistically independent streams.
    public init(seed: UInt64, keys: [UInt64]) {
        var h = SeededRandom.mix(seed &+ 0x632B_E59B_D9B4_E019)
        for k in keys { h = SeededRandom.mix(h ^ SeededRandom.mix(k &+ 0x9E37_79B9_7F4A_7C15)) }
        state = h
    }

    /// The SplitMix64 finaliser: a bijective 64-bit mixing function.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A stable 64-bit key for a string (FNV-1a), used to key streams by names such as a flavour.
    public static func key(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SeededRandom.mix(state)
    }

    /// A uniform Double in [0, 1).
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform Double in [lo, hi).
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

    /// A uniform integer in 0..<n (n > 0).
    public mutating func int(below n: Int) -> Int {
        Int(next() % UInt64(n))
    }

    /// True with probability p.
    public mutating func bernoulli(_ p: Double) -> Bool {
        uniform() < p
    }

    /// A standard normal draw (Box-Muller).
    public mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300)
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Two independent standard normal draws for the price of one (both Box-Muller outputs).
    public mutating func normalPair() -> (Double, Double) {
        let u1 = max(uniform(), 1e-300)
        let u2 = uniform()
        let r = (-2 * log(u1)).squareRoot()
        return (r * cos(2 * Double.pi * u2), r * sin(2 * Double.pi * u2))
    }

    /// A normal draw with the given mean and standard deviation.
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

    /// The elements of `0..<n` in a seeded random order (Fisher-Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var order = Array(0..<n)
        if n < 2 { return order }
        for i in stride(from: n - 1, to: 0, by: -1) {
            order.swapAt(i, int(below: i + 1))
        }
        return order
    }
}
