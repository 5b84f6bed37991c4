// AVX-512 8x32 tile: 16 accumulators in zmm registers, two vector loads of B and eight
// broadcasts of A per k step, enough independent chains to keep two 512-bit FMA pipes busy.
#if defined(__x86_64__)
#include <immintrin.h>
#include "microkernels.h"

__attribute__((target("avx512f,avx512vl,fma")))
void lk_kernel_avx512(long k, const float *ap, const float *bp, float *c, long ldc,
                      float alpha, float beta) {
    enum { MR = LK_AVX512_MR };
    __m512 acc[MR][2];
    for (int i = 0; i < MR; i++) { acc[i][0] = _mm512_setzero_ps(); acc[i][1] = _mm512_setzero_ps(); }
    for (long p = 0; p < k; p++) {
        __m512 b0 = _mm512_loadu_ps(bp), b1 = _mm512_loadu_ps(bp + 16);
        for (int i = 0; i < MR; i++) {
            __m512 a = _mm512_set1_ps(ap[i]);
            acc[i][0] = _mm512_fmadd_ps(a, b0, acc[i][0]);
            acc[i][1] = _mm512_fmadd_ps(a, b1, acc[i][1]);
        }
        ap += MR; bp += 32;
    }
    __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    for (int i = 0; i < MR; i++) {
        float *row = c + i * ldc;
        __m512 r0 = _mm512_mul_ps(va, acc[i][0]), r1 = _mm512_mul_ps(va, acc[i][1]);
        if (beta != 0.0f) {
            r0 = _mm512_fmadd_ps(vb, _mm512_loadu_ps(row), r0);
            r1 = _mm512_fmadd_ps(vb, _mm512_loadu_ps(row + 16), r1);
        }
        _mm512_storeu_ps(row, r0);
        _mm512_storeu_ps(row + 16, r1);
    }
}
#endif
