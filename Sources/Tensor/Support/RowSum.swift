/// Sums of contiguous runs, vectorised with eight Float lanes and flushed to Double every 4096
/// values, so long sums stay accurate and the order (hence the bits) depends on the length alone.
enum RowSum {
    /// `Σ p[0..<n]`.
    @inline(__always)
    static func sum(_ p: UnsafePointer<Float>, _ n: Int) -> Double {
        var total: Double = 0
        var i = 0
        while i < n {
            let end = Swift.min(n, i + 4096)
            var lanes = SIMD8<Float>()
            while i + 8 <= end {
                lanes += UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
                i += 8
            }
            var tail: Float = 0
            while i < end { tail += p[i]; i += 1 }
            total += Double(lanes.sum() + tail)
        }
        return total
    }

    /// `Σ a[i]·b[i]` over `0..<n`.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Double {
        var total: Double = 0
        var i = 0
        while i < n {
            let end = Swift.min(n, i + 4096)
            var lanes = SIMD8<Float>()
            while i + 8 <= end {
                lanes += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
                    * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
                i += 8
            }
            var tail: Float = 0
            while i < end { tail += a[i] * b[i]; i += 1 }
            total += Double(lanes.sum() + tail)
        }
        return total
    }

    /// `Σ (p[i] − mean)²` over `0..<n`.
    @inline(__always)
    static func squaredDeviation(_ p: UnsafePointer<Float>, _ n: Int, mean: Float) -> Double {
        var total: Double = 0
        var i = 0
        let m = SIMD8<Float>(repeating: mean)
        while i < n {
            let end = Swift.min(n, i + 4096)
            var lanes = SIMD8<Float>()
            while i + 8 <= end {
                let d = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self) - m
                lanes += d * d
                i += 8
            }
            var tail: Float = 0
            while i < end { let d = p[i] - mean; tail += d * d; i += 1 }
            total += Double(lanes.sum() + tail)
        }
        return total
    }

    /// `max p[0..<n]` (n ≥ 1).
    @inline(__always)
    static func max(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var i = 0
        var lanes = SIMD8<Float>(repeating: -.infinity)
        while i + 8 <= n {
            lanes = pointwiseMax(lanes, UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self))
            i += 8
        }
        var m = lanes.max()
        while i < n { m = Swift.max(m, p[i]); i += 1 }
        return m
    }
}
