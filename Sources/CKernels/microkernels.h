#ifndef LK_MICROKERNELS_H
#define LK_MICROKERNELS_H
// The register-tile micro-kernels, one per instruction set. Each computes one MR x NR tile:
// C = alpha * (Ap . Bp) + beta * C over k steps, where Ap holds MR floats per step (a packed panel)
// and Bp holds NR floats per step, `bstride` floats apart (NR for a packed panel, B's own row
// stride when B is read in place). beta == 0 never reads C. Each element is accumulated from zero
// in k order with fused multiply-adds and finished as fma(beta, C, alpha * acc).

// Data movement (packing, im2col) compiled for AVX-512, AVX2 and the baseline, picked at load
// time: pure copies and adds, so every clone gives the same bits.
#if defined(__x86_64__)
#define LK_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define LK_CLONES
#endif

typedef void (*lk_microkernel)(long k, const float *ap, const float *bp, long bstride, float *c, long ldc,
                               float alpha, float beta);

#define LK_PORTABLE_MR 4
#define LK_PORTABLE_NR 16
void lk_kernel_portable(long k, const float *ap, const float *bp, long bstride, float *c, long ldc, float alpha,
                 float beta);

#if defined(__x86_64__)
#define LK_AVX2_MR 6
#define LK_AVX2_NR 16
void lk_kernel_avx2(long k, const float *ap, const float *bp, long bstride, float *c, long ldc, float alpha,
                 float beta);
/// `lk_pack8_avx512`'s transposing pack of eight rows, with AVX2 8x8 transposes.
void lk_pack8_avx2(const float *src, long lds, long kc, float *dst, long dstStride);
/// Transposing pack of six rows into the AVX2 tile's A panel: dst[p * 6 + i] = src[i * lds + p].
void lk_pack6_avx2(const float *src, long lds, long kc, float *dst);

#define LK_AVX512_MR 8
#define LK_AVX512_NR 32
void lk_kernel_avx512(long k, const float *ap, const float *bp, long bstride, float *c, long ldc, float alpha,
                 float beta);
#define LK_AVX512_WIDE_NR 48
void lk_kernel_avx512_wide(long k, const float *ap, const float *bp, long bstride, float *c, long ldc, float alpha,
                 float beta);

/// Transposing pack of eight rows: dst[p * dstStride + i] = src[i * lds + p] for p < kc, i < 8.
void lk_pack8_avx512(const float *src, long lds, long kc, float *dst, long dstStride);
#endif

#endif
