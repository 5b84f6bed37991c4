/// The Philox4x32-10 counter-based generator (Salmon et al., "Parallel random numbers: as easy
/// as 1, 2, 3", SC 2011): a keyed bijection of a 128-bit counter, so the n-th block of random
/// bits can be computed directly, in any order, on any thread. It is the kit's one random
/// generator: `RandomStream` and `SeededRandom` draw from it. Written here (40 lines) because
/// no maintained Swift package in reach provides a counter-based generator.
public enum Philox {
    /// 128 random bits: one output of the generator.
    public typealias Block = (UInt32, UInt32, UInt32, UInt32)

    /// Ten rounds of Philox on `counter` under `key`.
    @inlinable @inline(__always)
    public static func block(counter: Block, key: (UInt32, UInt32)) -> Block {
        var (c0, c1, c2, c3) = counter
        var (k0, k1) = key
        for round in 0..<10 {
            if round > 0 { k0 &+= 0x9E37_79B9; k1 &+= 0xBB67_AE85 }
            let p0 = UInt64(0xD251_1F53) &* UInt64(c0)
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(c2)
            let (hi0, lo0) = (UInt32(truncatingIfNeeded: p0 >> 32), UInt32(truncatingIfNeeded: p0))
            let (hi1, lo1) = (UInt32(truncatingIfNeeded: p1 >> 32), UInt32(truncatingIfNeeded: p1))
            (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)
        }
        return (c0, c1, c2, c3)
    }

    /// A uniform Float in [0, 1) from the top 24 bits of `bits`.
    @inlinable @inline(__always)
    public static func unit(_ bits: UInt32) -> Float { Float(bits >> 8) * (1.0 / 16_777_216.0) }

    /// A uniform Float in (0, 1] (safe under `log`).
    @inlinable @inline(__always)
    public static func unitOpen(_ bits: UInt32) -> Float { Float((bits >> 8) + 1) * (1.0 / 16_777_216.0) }
}
