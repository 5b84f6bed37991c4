import CKernels

/// Branch-free single-precision `exp` and `tanh` for the Swift elementwise loops, which LLVM
/// vectorises. `exp` is the C header's (`lk_fastmath.h`, the one home of the engine's exp and
/// erf, shared with the C loops), inlined here.
enum FastMath {
    /// `eˣ`, relative error about 2e-7 down to e⁻⁸⁶; 0 below −87.3, +∞ above 88.7 (`lk_fast_exp`).
    @inline(__always)
    static func exp(_ x: Float) -> Float { lk_fast_exp(x) }

    /// Hyperbolic tangent as `1 − 2/(e^{2x} + 1)`, absolute error about 2e-7.
    @inline(__always)
    static func tanh(_ x: Float) -> Float {
        1 - 2 / (exp(2 * x) + 1)
    }
}
