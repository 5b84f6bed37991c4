import Foundation

// Tensor draws from the kit's one random stream (`RandomStream`, in KitSupport).

extension Tensor {
    /// Values drawn uniformly from `[low, high)`.
    public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1, using stream: inout RandomStream) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        let span = high - low
        stream.fill(t.storage.pointer, count: t.count) { bits, lane in
            let word = lane == 0 ? bits.0 : lane == 1 ? bits.1 : lane == 2 ? bits.2 : bits.3
            return low + span * Philox.unit(word)
        }
        return t
    }

    /// Values drawn from a normal distribution (Box–Muller on pairs of 32-bit words).
    public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1, using stream: inout RandomStream) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        stream.fill(t.storage.pointer, count: t.count) { bits, lane in
            let (u, v) = lane < 2 ? (bits.0, bits.1) : (bits.2, bits.3)
            let r = (-2 * Foundation.log(Philox.unitOpen(u))).squareRoot()
            let angle = 2 * Float.pi * Philox.unit(v)
            return mean + std * r * (lane % 2 == 0 ? Foundation.cos(angle) : Foundation.sin(angle))
        }
        return t
    }

    /// 1 with probability `probability`, else 0.
    public static func bernoulli(_ shape: [Int], probability: Float, using stream: inout RandomStream) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        stream.fill(t.storage.pointer, count: t.count) { bits, lane in
            let word = lane == 0 ? bits.0 : lane == 1 ? bits.1 : lane == 2 ? bits.2 : bits.3
            return Philox.unit(word) < probability ? 1 : 0
        }
        return t
    }
}
