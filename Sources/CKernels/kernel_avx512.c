// AVX-512 tiles of 8 rows and 16 * NV columns: 8 * NV accumulators in zmm registers, NV vector
// loads of B and eight broadcasts of A per k step, enough independent chains to keep two 512-bit
// FMA pipes busy. 8x32 (NV = 2) is the default tile; 8x48 (NV = 3) feeds three FMAs from each
// broadcast, for wide products.
#if defined(__x86_64__)
#include <immintrin.h>
#include "microkernels.h"

__attribute__((target("avx512f,avx512vl,fma"), always_inline))
static inline void tile_8xnv(long k, const float *ap, const float *bp, long bstride, float *c, long ldc,
                             float alpha, float beta, const int NV) {
    enum { MR = LK_AVX512_MR };
    __m512 acc[MR][3];
    for (int i = 0; i < MR; i++)
        for (int j = 0; j < NV; j++) acc[i][j] = _mm512_setzero_ps();
    for (long p = 0; p < k; p++) {
        __m512 b[3];
        for (int j = 0; j < NV; j++) b[j] = _mm512_loadu_ps(bp + 16 * j);
        for (int i = 0; i < MR; i++) {
            __m512 a = _mm512_set1_ps(ap[i]);
            for (int j = 0; j < NV; j++) acc[i][j] = _mm512_fmadd_ps(a, b[j], acc[i][j]);
        }
        ap += MR; bp += bstride;
    }
    __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    for (int i = 0; i < MR; i++) {
        float *row = c + i * ldc;
        for (int j = 0; j < NV; j++) {
            __m512 r = _mm512_mul_ps(va, acc[i][j]);
            if (beta != 0.0f) r = _mm512_fmadd_ps(vb, _mm512_loadu_ps(row + 16 * j), r);
            _mm512_storeu_ps(row + 16 * j, r);
        }
    }
}

__attribute__((target("avx512f,avx512vl,fma")))
void lk_kernel_avx512(long k, const float *ap, const float *bp, long bstride, float *c, long ldc,
                      float alpha, float beta) {
    tile_8xnv(k, ap, bp, bstride, c, ldc, alpha, beta, LK_AVX512_NR / 16);
}

__attribute__((target("avx512f,avx512vl,fma")))
void lk_kernel_avx512_wide(long k, const float *ap, const float *bp, long bstride, float *c, long ldc,
                           float alpha, float beta) {
    tile_8xnv(k, ap, bp, bstride, c, ldc, alpha, beta, LK_AVX512_WIDE_NR / 16);
}
#endif
