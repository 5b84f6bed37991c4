// AVX2 transposing packs. Eight source rows, read 8 floats at a time, written as groups of eight
// (one per column) in 8x8 register transposes. It packs the transposed operand of a weight
// gradient (a convolution's columns, Bᵀ), which the scalar loop stores one float at a time: on
// the kit's quick ResNet-18 that loop took a third as long as the micro-kernel of the same GEMMs.
#if defined(__x86_64__)
#include <immintrin.h>
#include "microkernels.h"

// The 8x8 transpose of rows r[0..7] into columns: pairs of rows, then quads, within each 128-bit
// lane (u[e] lane l holds rows 0-3 of column 4l+e, u[4+e] rows 4-7 of it); then the lanes swap halves.
__attribute__((target("avx2")))
static inline void transpose8x8(const __m256 r[8], __m256 column[8]) {
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 u[8] = {
        _mm256_shuffle_ps(t0, t2, 0x44), _mm256_shuffle_ps(t0, t2, 0xEE),
        _mm256_shuffle_ps(t1, t3, 0x44), _mm256_shuffle_ps(t1, t3, 0xEE),
        _mm256_shuffle_ps(t4, t6, 0x44), _mm256_shuffle_ps(t4, t6, 0xEE),
        _mm256_shuffle_ps(t5, t7, 0x44), _mm256_shuffle_ps(t5, t7, 0xEE),
    };
    for (int e = 0; e < 4; e++) {
        column[e] = _mm256_permute2f128_ps(u[e], u[4 + e], 0x20);
        column[4 + e] = _mm256_permute2f128_ps(u[e], u[4 + e], 0x31);
    }
}

__attribute__((target("avx2")))
void lk_pack8_avx2(const float *src, long lds, long kc, float *dst, long dstStride) {
    long p = 0;
    for (; p + 8 <= kc; p += 8) {
        __m256 r[8];
        for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(src + i * lds + p);
        __m256 column[8];
        transpose8x8(r, column);
        for (int e = 0; e < 8; e++) _mm256_storeu_ps(dst + (p + e) * dstStride, column[e]);
    }
    for (; p < kc; p++)
        for (int i = 0; i < 8; i++) dst[p * dstStride + i] = src[i * lds + p];
}

// The AVX2 tile's A panel: six rows into dst[p * 6 + i]. Eight steps of p fill 48 contiguous
// floats; each step's six values are stored as eight (two rows of zeros pad the transpose), the
// two extra overwritten by the next step's store, and the block's last step stored masked.
__attribute__((target("avx2")))
void lk_pack6_avx2(const float *src, long lds, long kc, float *dst) {
    const __m256i six = _mm256_setr_epi32(-1, -1, -1, -1, -1, -1, 0, 0);
    long p = 0;
    for (; p + 8 <= kc; p += 8) {
        __m256 r[8];
        for (int i = 0; i < 6; i++) r[i] = _mm256_loadu_ps(src + i * lds + p);
        r[6] = _mm256_setzero_ps(); r[7] = _mm256_setzero_ps();
        __m256 column[8];
        transpose8x8(r, column);
        for (int e = 0; e < 7; e++) _mm256_storeu_ps(dst + (p + e) * 6, column[e]);
        _mm256_maskstore_ps(dst + (p + 7) * 6, six, column[7]);
    }
    for (; p < kc; p++)
        for (int i = 0; i < 6; i++) dst[p * 6 + i] = src[i * lds + p];
}
#endif
