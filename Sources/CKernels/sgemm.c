// Reference GEMM: a plain triple loop, correct on every CPU. The packed, ISA-dispatched kernels
// replace its body; its contract (CKernels.h) stays.
#include "CKernels.h"

void lk_sgemm(bool transA, bool transB, long M, long N, long K, float alpha,
              const float *A, long lda, const float *B, long ldb,
              float beta, float *C, long ldc) {
    for (long i = 0; i < M; i++) {
        for (long j = 0; j < N; j++) {
            float sum = 0.0f;
            for (long p = 0; p < K; p++) {
                float a = transA ? A[p * lda + i] : A[i * lda + p];
                float b = transB ? B[j * ldb + p] : B[p * ldb + j];
                sum += a * b;
            }
            C[i * ldc + j] = alpha * sum + (beta == 0.0f ? 0.0f : beta * C[i * ldc + j]);
        }
    }
}

const char *lk_isa(void) { return "portable"; }
