// Portable 4x16 tile in plain C: the compiler vectorises the inner loops for the host (SSE on
// x86-64, NEON on arm64). Used where neither AVX2 nor AVX-512 is available.
#include <math.h>
#include "microkernels.h"

void lk_kernel_portable(long k, const float *ap, const float *bp, long bstride, float *c, long ldc,
                        float alpha, float beta) {
    enum { MR = LK_PORTABLE_MR, NR = LK_PORTABLE_NR };
    float acc[MR][NR] = {{0}};
    for (long p = 0; p < k; p++) {
        for (int i = 0; i < MR; i++) {
            float a = ap[p * MR + i];
            for (int j = 0; j < NR; j++) acc[i][j] += a * bp[p * bstride + j];
        }
    }
    for (int i = 0; i < MR; i++) {
        float *row = c + i * ldc;
        if (beta == 0.0f) {
            for (int j = 0; j < NR; j++) row[j] = alpha * acc[i][j];
        } else {
            for (int j = 0; j < NR; j++) row[j] = fmaf(beta, row[j], alpha * acc[i][j]);
        }
    }
}
