// The GEMM driver (GotoBLAS/BLIS layout): op(B) is packed into KC x NR column panels and op(A)
// into MC x KC blocks of MR-row panels, so the micro-kernel streams both from cache with unit
// stride. Loops: N in NC blocks, K in KC blocks, M in MC blocks, then NR x MR register tiles.
// Summation order of every C element depends on K and KC alone, and every element is finished with
// the same fma whether its tile is full or on an edge, so no split of M or N changes a bit.
// A segmented product (seg < K) sums K in segments of seg steps, each added onto C in turn, as
// K / seg separate products would.
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "CKernels.h"
#include "microkernels.h"

// WIDE_N: products at least this many columns wide take AVX-512's 8x48 tile, which runs about 10 %
// faster than the 8x32 one on a 1024^3 product here (bench/engine/FINDINGS.md, session 17); narrower
// ones keep the 8x32 tile, which wastes fewer columns on their edges. Both give the same bits.
// DIRECT_ROWS: products at most this many rows tall read a row-major B in place instead of packing
// it. Few panels of A meet each panel of B, so the packing copy costs more than the strided reads
// save: on this CPU a 16x1024x72 product ran 1.7x and a 64x1024x288 one 1.17x faster in place, and
// taller ones gained less or nothing (bench/engine/FINDINGS.md, session 18). Both give the same bits.
enum { KC_MAX = 256, MC_ROWS = 256, NC = 4096, WIDE_N = 256, DIRECT_ROWS = 64 };

// K is cut into equal blocks of at most KC_MAX (a multiple of 16 unless K is smaller): a tail
// block of a few steps would cost a full load and store of C for little work.
static long k_block(long K) {
    long blocks = (K + KC_MAX - 1) / KC_MAX;
    long kc = (K + blocks - 1) / blocks;
    kc = (kc + 15) / 16 * 16;
    return kc < K ? kc : K;
}

typedef void (*lk_pack8)(const float *src, long lds, long kc, float *dst, long dstStride);
typedef void (*lk_pack6)(const float *src, long lds, long kc, float *dst);

// One instruction set's tile shape, micro-kernel and (optional) vector transposing packs: eight
// rows (of B, or of A when MR is 8) and six rows (of A when MR is 6).
typedef struct { int isa, mr, nr; lk_microkernel kernel; lk_pack8 pack8; lk_pack6 pack6; } lk_config;

static lk_config config_for(int isa, long N) {
#if defined(__x86_64__)
    if (isa == LK_ISA_AVX512 && N >= WIDE_N)
        return (lk_config){isa, LK_AVX512_MR, LK_AVX512_WIDE_NR, lk_kernel_avx512_wide, lk_pack8_avx512, NULL};
    if (isa == LK_ISA_AVX512)
        return (lk_config){isa, LK_AVX512_MR, LK_AVX512_NR, lk_kernel_avx512, lk_pack8_avx512, NULL};
    if (isa == LK_ISA_AVX2)
        return (lk_config){isa, LK_AVX2_MR, LK_AVX2_NR, lk_kernel_avx2, lk_pack8_avx2, lk_pack6_avx2};
#endif
    return (lk_config){LK_ISA_PORTABLE, LK_PORTABLE_MR, LK_PORTABLE_NR, lk_kernel_portable, NULL, NULL};
}

// op(A)[i0.., p0..] (mc x kc) into ceil(mc/mr) panels of kc steps x mr rows, zero-padded.
LK_CLONES
static void pack_a(bool trans, const float *A, long lda, long i0, long mc, long p0, long kc,
                   int mr, lk_pack8 pack8, lk_pack6 pack6, float *dst) {
    for (long ip = 0; ip < mc; ip += mr) {
        long rows = mc - ip < mr ? mc - ip : mr;
        if (!trans && pack8 && mr == 8 && rows == 8) {
            pack8(A + (i0 + ip) * lda + p0, lda, kc, dst, 8);
        } else if (!trans && pack6 && mr == 6 && rows == 6) {
            pack6(A + (i0 + ip) * lda + p0, lda, kc, dst);
        } else if (trans && rows == 8 && mr == 8) {
            for (long p = 0; p < kc; p++) memcpy(dst + p * 8, A + (p0 + p) * lda + i0 + ip, 8 * sizeof(float));
        } else if (trans && rows == 6 && mr == 6) {
            for (long p = 0; p < kc; p++) memcpy(dst + p * 6, A + (p0 + p) * lda + i0 + ip, 6 * sizeof(float));
        } else if (trans) {
            for (long p = 0; p < kc; p++) {
                const float *src = A + (p0 + p) * lda + i0 + ip;
                float *d = dst + p * mr;
                long i = 0;
                for (; i < rows; i++) d[i] = src[i];
                for (; i < mr; i++) d[i] = 0.0f;
            }
        } else {
            for (long i = 0; i < rows; i++) {
                const float *src = A + (i0 + ip + i) * lda + p0;
                for (long p = 0; p < kc; p++) dst[p * mr + i] = src[p];
            }
            for (long i = rows; i < mr; i++)
                for (long p = 0; p < kc; p++) dst[p * mr + i] = 0.0f;
        }
        dst += kc * mr;
    }
}

// op(B)[p0.., j0..] (kc x nc) into ceil(nc/nr) panels of kc steps x nr columns, zero-padded.
LK_CLONES
static void pack_b(bool trans, const float *B, long ldb, long p0, long kc, long j0, long nc,
                   int nr, lk_pack8 pack8, float *dst) {
    for (long jp = 0; jp < nc; jp += nr) {
        long cols = nc - jp < nr ? nc - jp : nr;
        if (trans && pack8 && cols == nr && nr % 8 == 0) {
            for (long j = 0; j < nr; j += 8) pack8(B + (j0 + jp + j) * ldb + p0, ldb, kc, dst + j, nr);
        } else if (!trans && cols == nr) {
            for (long p = 0; p < kc; p++) memcpy(dst + p * nr, B + (p0 + p) * ldb + j0 + jp, (size_t)nr * sizeof(float));
        } else if (!trans) {
            for (long p = 0; p < kc; p++) {
                const float *src = B + (p0 + p) * ldb + j0 + jp;
                float *d = dst + p * nr;
                long j = 0;
                for (; j < cols; j++) d[j] = src[j];
                for (; j < nr; j++) d[j] = 0.0f;
            }
        } else {
            // An edge panel of a transposed B: whole groups of eight columns by the vector pack,
            // the rest one by one.
            long j = 0;
            if (pack8)
                for (; j + 8 <= cols; j += 8) pack8(B + (j0 + jp + j) * ldb + p0, ldb, kc, dst + j, nr);
            for (; j < cols; j++) {
                const float *src = B + (j0 + jp + j) * ldb + p0;
                for (long p = 0; p < kc; p++) dst[p * nr + j] = src[p];
            }
            for (long p = 0; p < kc; p++) memset(dst + p * nr + cols, 0, (size_t)(nr - cols) * sizeof(float));
        }
        dst += kc * nr;
    }
}

// C = beta * C for the degenerate products (K == 0 or alpha == 0); beta == 0 writes zeros.
LK_CLONES
static void scale_c(long M, long N, float beta, float *C, long ldc) {
    for (long i = 0; i < M; i++) {
        float *row = C + i * ldc;
        if (beta == 0.0f) memset(row, 0, (size_t)N * sizeof(float));
        else for (long j = 0; j < N; j++) row[j] *= beta;
    }
}

// One register tile of C (rows x cols, at most MR x NR) += the product of its panels of A and B
// over a K block of kc steps, in segments of `seg` steps when segmented. An edge tile is computed
// whole into `tile` and its rows x cols corner finished with the micro-kernels' own finish,
// fma(beta, C, alpha * acc), spelled out so that it gives the bits a full tile would.
static inline void run_tile(lk_config cfg, long kc, long seg, bool segmented, float alpha, float betaBlock,
                            const float *ap, const float *bp, long bstride, float *c, long ldc, long rows,
                            long cols, float *tile) {
    const int mr = cfg.mr, nr = cfg.nr;
    const long step = segmented ? seg : kc;
    for (long s = 0; s < kc; s += step) {
        const long ks = kc - s < step ? kc - s : step;
        const float betaStep = s == 0 ? betaBlock : 1.0f;
        if (rows == mr && cols == nr) {
            cfg.kernel(ks, ap + s * mr, bp + s * bstride, bstride, c, ldc, alpha, betaStep);
            continue;
        }
        cfg.kernel(ks, ap + s * mr, bp + s * bstride, bstride, tile, nr, 1.0f, 0.0f);
        for (long i = 0; i < rows; i++) {
            float *row = c + i * ldc;
            const float *t = tile + i * nr;
            if (betaStep == 0.0f) for (long j = 0; j < cols; j++) row[j] = alpha * t[j];
            else for (long j = 0; j < cols; j++) row[j] = fmaf(betaStep, row[j], alpha * t[j]);
        }
    }
}

// The blocked product. A comes either raw (A, lda, transA) or packed for all of M and K by
// lk_pack_a (`packed`, non-NULL): block (pc, ic) then starts at packed + pc * Mpad + ic * kc.
// K is summed in segments of `seg` steps (seg >= K: one segment): each segment of each register
// tile is one micro-kernel call that adds onto C, which stays in L1 between the calls.
static void gemm(lk_config cfg, long M, long N, long K, long seg, float alpha, bool transA, const float *A,
                 long lda, const float *packed, bool transB, const float *B, long ldb, float beta, float *C,
                 long ldc) {
    if (M <= 0 || N <= 0) return;
    if (K <= 0 || alpha == 0.0f) { scale_c(M, N, beta, C, ldc); return; }
    const int mr = cfg.mr, nr = cfg.nr;
    const long mcMax = (MC_ROWS / mr) * mr, mPadded = (M + mr - 1) / mr * mr;
    // A segmented product packs whole segments per K block; a lone segment is blocked as usual.
    const bool segmented = seg < K;
    const long KC = segmented ? (KC_MAX / seg) * seg : k_block(K), kcMax = KC;
    const long ncMax = N < NC ? N : NC;
    // A short product (DIRECT_ROWS) reads a row-major B in place: only an edge panel is packed
    // (zero-padded), once for every panel of A it meets.
    const bool direct = !transB && M <= DIRECT_ROWS;
    float *abuf = packed ? NULL : lk_scratch(2, (size_t)(mcMax * kcMax));
    float *bbuf = lk_scratch(3, (size_t)(((ncMax + nr - 1) / nr) * nr * kcMax));
    float tile[8 * 64] __attribute__((aligned(64)));  // an edge tile: room for the largest MR x NR, 8 x 48

    for (long jc = 0; jc < N; jc += NC) {
        long nc = N - jc < NC ? N - jc : NC;
        for (long pc = 0; pc < K; pc += KC) {
            long kc = K - pc < KC ? K - pc : KC;
            float betaBlock = pc == 0 ? beta : 1.0f;
            if (!direct) pack_b(transB, B, ldb, pc, kc, jc, nc, nr, cfg.pack8, bbuf);
            for (long ic = 0; ic < M; ic += mcMax) {
                long mc = M - ic < mcMax ? M - ic : mcMax;
                const float *ablock = packed ? packed + pc * mPadded + ic * kc : abuf;
                if (!packed) pack_a(transA, A, lda, ic, mc, pc, kc, mr, cfg.pack8, cfg.pack6, abuf);
                if (direct) {
                    // B is read in place, so each panel of B meets every panel of A while its columns
                    // are hot; an edge panel is packed once for all of them.
                    for (long jr = 0; jr < nc; jr += nr) {
                        long cols = nc - jr < nr ? nc - jr : nr;
                        const float *bp = B + pc * ldb + jc + jr;
                        long bstride = ldb;
                        if (cols < nr) {
                            pack_b(transB, B, ldb, pc, kc, jc + jr, cols, nr, cfg.pack8, bbuf);
                            bp = bbuf;
                            bstride = nr;
                        }
                        for (long ir = 0; ir < mc; ir += mr)
                            run_tile(cfg, kc, seg, segmented, alpha, betaBlock, ablock + (ir / mr) * mr * kc, bp, bstride,
                                     C + (ic + ir) * ldc + jc + jr, ldc, mc - ir < mr ? mc - ir : mr, cols, tile);
                    }
                } else {
                    // A panel of A (MR x KC, a few KB) stays in L1 while the packed panels of B stream
                    // past it (from L2 while the block of B, KC x min(N, NC), fits there: N up to about
                    // 1024 columns here): a panel of B (KC x NR, up to 48 KB) would fill L1 by itself.
                    // Measured: bench/engine/FINDINGS.md, session 22.
                    for (long ir = 0; ir < mc; ir += mr) {
                        const float *ap = ablock + (ir / mr) * mr * kc;
                        const long rows = mc - ir < mr ? mc - ir : mr;
                        for (long jr = 0; jr < nc; jr += nr)
                            run_tile(cfg, kc, seg, segmented, alpha, betaBlock, ap, bbuf + (jr / nr) * nr * kc, nr,
                                     C + (ic + ir) * ldc + jc + jr, ldc, rows, nc - jr < nr ? nc - jr : nr, tile);
                    }
                }
            }
        }
    }
}

// The configuration for products N columns wide (N = 0: any, for the layout of packed A, which
// depends on MR alone).
static lk_config resolve(int isa, long N) { return config_for(lk_isa_supported(isa) ? isa : lk_default_isa(), N); }

void lk_sgemm_segmented_isa(int isa, bool transA, bool transB, long M, long N, long K, long seg, float alpha,
                            const float *A, long lda, const float *B, long ldb,
                            float beta, float *C, long ldc) {
    if (seg <= 0 || seg >= K) {
        gemm(resolve(isa, N), M, N, K, K, alpha, transA, A, lda, NULL, transB, B, ldb, beta, C, ldc);
        return;
    }
    if (seg <= KC_MAX) {
        gemm(resolve(isa, N), M, N, K, seg, alpha, transA, A, lda, NULL, transB, B, ldb, beta, C, ldc);
        return;
    }
    // Segments longer than a K block are blocked like separate products, one after the other.
    for (long p = 0; p < K; p += seg) {
        const long ks = K - p < seg ? K - p : seg;
        const float *a = transA ? A + p * lda : A + p;
        const float *b = transB ? B + p : B + p * ldb;
        gemm(resolve(isa, N), M, N, ks, ks, alpha, transA, a, lda, NULL, transB, b, ldb, p == 0 ? beta : 1.0f, C, ldc);
    }
}

void lk_gemm_tile(int isa, long N, long *mr, long *nr) {
    lk_config cfg = resolve(isa, N);
    *mr = cfg.mr;
    *nr = cfg.nr;
}

size_t lk_packed_a_count(int isa, long M, long K) {
    lk_config cfg = resolve(isa, 0);
    if (M <= 0 || K <= 0) return 1;
    return (size_t)((M + cfg.mr - 1) / cfg.mr * cfg.mr * K);
}

void lk_pack_a(int isa, bool transA, long M, long K, const float *A, long lda, float *packed) {
    lk_config cfg = resolve(isa, 0);
    if (M <= 0 || K <= 0) return;
    const long KC = k_block(K), mPadded = (M + cfg.mr - 1) / cfg.mr * cfg.mr;
    for (long pc = 0; pc < K; pc += KC) {
        long kc = K - pc < KC ? K - pc : KC;
        pack_a(transA, A, lda, 0, M, pc, kc, cfg.mr, cfg.pack8, cfg.pack6, packed + pc * mPadded);
    }
}

void lk_sgemm_packed_a(int isa, long M, long N, long K, float alpha, const float *packed,
                       bool transB, const float *B, long ldb, float beta, float *C, long ldc) {
    gemm(resolve(isa, N), M, N, K, K, alpha, false, NULL, 0, packed, transB, B, ldb, beta, C, ldc);
}
