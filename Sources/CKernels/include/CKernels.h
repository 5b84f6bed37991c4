#ifndef CKERNELS_H
#define CKERNELS_H
// C micro-kernels for the kit's numeric engine. Hand-written because Debian's OpenBLAS 0.3.21
// mistakes this CPU for an old one and runs about 5x below its speed; no other maintained BLAS
// is packaged here. The Swift side (Tensor/Kernels) owns threading and calls these on blocks.
#include <stdbool.h>

/// C[M x N] = alpha * op(A) * op(B) + beta * C, all row-major with leading dimensions.
/// op(A) is M x K (A is K x M when transA), op(B) is K x N (B is N x K when transB).
void lk_sgemm(bool transA, bool transB, long M, long N, long K, float alpha,
              const float *A, long lda, const float *B, long ldb,
              float beta, float *C, long ldc);

/// The instruction set the GEMM dispatcher chose on this CPU ("avx512", "avx2", "portable").
const char *lk_isa(void);

#endif
