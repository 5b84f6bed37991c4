/// Branch-free single-precision `exp`, `erf` and `tanh`, written so LLVM vectorises the loops
/// that call them (the C library's `expf` is an opaque call per element and was the bottleneck
/// of softmax, GELU and sigmoid: measured here, 4M GELUs took 74 ms). Hand-written because no
/// maintained Swift package here offers vectorisable transcendental functions.
enum FastMath {
    /// `eˣ` (Cephes' polynomial after range reduction by ln 2), relative error about 2e-7 down to
    /// e⁻⁸⁶; 0 below −87.3 (so exp(−∞) = 0), +∞ above 88.7. The rounding uses the 1.5·2²³
    /// trick instead of `rounded()`, which compiles to a libm call on baseline x86-64.
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -87.3), 88.7)
        // n = round(x / ln 2), read back from the low mantissa bits of `shifted`.
        let shifted = clamped * 1.44269504088896341 + 12_582_912
        let n = shifted - 12_582_912
        let r = clamped - n * 0.693359375 + n * 2.12194440e-4
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let e = p * r * r + r + 1
        // 2ⁿ applied as 2ⁿ⁻¹·2 so that n = 128 (x near 88.7) stays representable.
        let half = Float(bitPattern: (shifted.bitPattern &- 0x4B40_0000 &+ 126) << 23)
        let result = e * half * 2
        return x < -87.3 ? 0 : (x > 88.7 ? .infinity : result)
    }

    /// The error function (Abramowitz & Stegun 7.1.26), absolute error below 1.5e-7.
    @inline(__always)
    static func erf(_ x: Float) -> Float {
        erf(x, gaussian: exp(-x * x))
    }

    /// `erf(x)` given `gaussian = e^(−x²)` (callers that also need the Gaussian share one exp).
    @inline(__always)
    static func erf(_ x: Float, gaussian: Float) -> Float {
        let t = 1 / (1 + 0.3275911 * Swift.abs(x))
        var p: Float = 1.061405429
        p = p * t - 1.453152027
        p = p * t + 1.421413741
        p = p * t - 0.284496736
        p = p * t + 0.254829592
        let y = 1 - p * t * gaussian
        return x < 0 ? -y : y
    }

    /// Hyperbolic tangent as `1 − 2/(e^{2x} + 1)`, absolute error about 2e-7.
    @inline(__always)
    static func tanh(_ x: Float) -> Float {
        1 - 2 / (exp(2 * x) + 1)
    }
}
