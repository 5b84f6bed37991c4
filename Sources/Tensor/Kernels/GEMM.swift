import CKernels

/// Single-precision matrix multiply on raw row-major buffers: the one entry point every matmul,
/// linear layer and convolution of the engine goes through.
public enum GEMM {
    /// `C[M×N] = alpha·op(A)·op(B) + beta·C`. `op(A)` is M×K (A is stored K×M when `transA`),
    /// `op(B)` is K×N (B is stored N×K when `transB`). Leading dimensions are row strides.
    public static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        lk_sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// The instruction set the kernel dispatcher chose on this CPU, recorded in run metadata.
    public static var instructionSet: String { String(cString: lk_isa()) }
}
