#ifndef CKERNELS_H
#define CKERNELS_H
// C micro-kernels for the kit's numeric engine. Hand-written because Debian's OpenBLAS 0.3.21
// mistakes this CPU for an old one and runs about 5x below its speed; no other maintained BLAS
// is packaged here. The Swift side (Tensor/Kernels) owns threading and calls these on blocks;
// every function here is single-threaded and re-entrant.
#include <stdbool.h>
#include <stddef.h>
#include "lk_fastmath.h"

/// Instruction sets the GEMM dispatcher knows, from the most portable to the widest.
enum {
    LK_ISA_PORTABLE = 1, ///< plain C, any CPU (x86-64, arm64)
    LK_ISA_AVX2 = 2,     ///< AVX2 + FMA, 6x16 tile
    LK_ISA_AVX512 = 3,   ///< AVX-512F, 8x32 tile (8x48 for products at least 256 columns wide)
};

/// C[M x N] = alpha * op(A) * op(B) + beta * C, all row-major with leading dimensions, with the
/// instruction set `isa` (an unsupported one falls back to `lk_default_isa`). op(A) is M x K (A is
/// K x M when transA), op(B) is K x N (B is N x K when transB). beta == 0 never reads C. Each
/// element of C is summed in an order fixed by K alone, so any split of M or N into blocks gives the
/// same bits. K is summed in segments of `seg` steps (the last may be shorter): the same bits as one
/// product per segment, in order, the first with `beta` and the others adding onto C (beta = 1),
/// but in one pass over C, for sums over many small images (a convolution's weight gradient over a
/// batch). seg <= 0 or seg >= K is one plain product.
void lk_sgemm_segmented_isa(int isa, bool transA, bool transB, long M, long N, long K, long seg, float alpha,
                            const float *A, long lda, const float *B, long ldb,
                            float beta, float *C, long ldc);

/// The register tile (MR rows x NR columns) that a product N columns wide runs on with `isa`: the
/// grain at which the caller cuts a product into blocks, so that only the last block has edge tiles.
void lk_gemm_tile(int isa, long N, long *mr, long *nr);

/// Floats needed to hold op(A) (M x K) packed for `isa` by `lk_pack_a`.
size_t lk_packed_a_count(int isa, long M, long K);

/// Packs op(A) (M x K; A is K x M when transA) once, for many products with `lk_sgemm_packed_a`
/// on the same isa, M and K (a layer's weights against every image of a batch).
void lk_pack_a(int isa, bool transA, long M, long K, const float *A, long lda, float *packed);

/// C[M x N] = alpha * A * op(B) + beta * C with A packed by `lk_pack_a`: the same bits as
/// `lk_sgemm_segmented_isa` (one segment) on the unpacked A.
void lk_sgemm_packed_a(int isa, long M, long N, long K, float alpha, const float *packed,
                       bool transB, const float *B, long ldb, float beta, float *C, long ldc);

/// The widest instruction set this CPU supports, capped by the environment variable LLDIF_ISA
/// (portable | avx2 | avx512) when it is set.
int lk_default_isa(void);

/// Whether this CPU can run `isa`.
bool lk_isa_supported(int isa);

/// The name of an instruction set ("avx512", "avx2", "portable"; "unknown" otherwise).
const char *lk_isa_name(int isa);

/// The name of the instruction set the GEMM dispatcher chose on this CPU (`lk_default_isa`).
const char *lk_isa(void);

/// A 64-byte aligned scratch buffer of at least `count` floats, owned by the calling thread and
/// reused by its later calls with the same `slot` (0..3): contents are not preserved when it grows.
float *lk_scratch(int slot, size_t count);

/// Raises glibc's mmap threshold to 1 GB and its trim threshold to 2 GB, so that freed tensors stay
/// in the heap for the next training step (a no-op on other C libraries). Called once by BufferPool.
void lk_allocator_keep_freed(void);

/// One AdamW update of n parameters p with gradients g and moments m, v (see NN.AdamW.step):
/// p·decay, m ← fma(weight1, g − m, m), v ← fma(weight2·g, g, v·decay2), then
/// p − stepSize·m / (√v / correction2 + epsilon).
void lk_adamw_update(float *p, const float *g, float *m, float *v, long n, float decay, float weight1,
                     float decay2, float weight2, float stepSize, float correction2, float epsilon);

/// Unfolds output positions [p0, p1) of one image's convolution into columns:
/// col[(c*kh + ky)*kw + kx][p - p0] = image[c][oy*sh - ph + ky*dh][ox*sw - pw + kx*dw] (0 outside),
/// with p = oy*ow + ox. `image` is channels x h x w; `col`'s rows start `ldcol` floats apart
/// (ldcol >= p1 - p0: the columns of several images can sit side by side).
void lk_im2col(const float *image, long channels, long h, long w, long kh, long kw,
               long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow,
               long p0, long p1, long ldcol, float *col);

/// The adjoint of `lk_im2col`: adds every column entry back onto the image pixel it was read from.
/// `col` is scratch: entries that belong to no pixel (padding) may be overwritten with zeros.
void lk_col2im(float *col, long channels, long h, long w, long kh, long kw,
               long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow,
               long p0, long p1, long ldcol, float *image);

/// Depthwise convolution of one channel plane (kh x kw kernel, one filter per channel):
/// out[oy][ox] = bias + sum over (ky, kx) of weight[ky][kx] * in[oy*sh - ph + ky*dh][ox*sw - pw + kx*dw].
void lk_depthwise_forward(const float *in, long h, long w, const float *weight, long kh, long kw,
                          long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow,
                          float bias, float *out);

/// Adds the gradient of one depthwise plane's input, given its output gradient, onto `gin`.
void lk_depthwise_backward_input(const float *gout, long h, long w, const float *weight, long kh, long kw,
                                 long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow,
                                 float *gin);

/// Adds one plane's contribution to its depthwise filter's gradient (kh x kw) onto `gweight`.
void lk_depthwise_backward_weight(const float *in, long h, long w, const float *gout, long kh, long kw,
                                  long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow,
                                  float *gweight);

/// GELU, x·Φ(x) with Φ from erf, of n floats: the bits of the engine's FastMath formulas.
void lk_gelu_forward(const float *x, long n, float *y);

/// GELU's gradient: gx = g·(Φ(x) + x·φ(x)) for n floats.
void lk_gelu_backward(const float *g, const float *x, long n, float *gx);

/// Layer norm over a strided axis, one tile: `size` rows `inner` floats apart, `width` positions each;
/// writes x̂, y and the tile's `width` reciprocal deviations. `mean`, `sq`: scratch of `width` floats.
void lk_layernorm_strided_forward(const float *x, float *xhat, float *y, float *rstd, const float *gamma,
                                  const float *beta, long size, long inner, long width, float epsilon,
                                  float *mean, float *sq);

/// The input gradient of that tile: gx = rstd·(γ·g − mean(γ·g) − x̂·mean(γ·g·x̂)).
void lk_layernorm_strided_backward(const float *g, const float *xhat, const float *rstd, const float *gamma,
                                   float *gx, long size, long inner, long width, float *meanG, float *meanGH);

/// Layer norm of one contiguous row of `size` floats, given its mean and reciprocal deviation.
void lk_layernorm_row_forward(const float *x, long size, float mu, float r, const float *gamma, const float *beta,
                              float *xhat, float *y);

/// The input gradient of one contiguous row, its means summed in element order.
void lk_layernorm_row_backward(const float *g, const float *xhat, float r, const float *gamma, long size, float *gx);

/// Sum of n floats in a fixed order (the tail, then 16 interleaved partial sums): same bits every call.
float lk_sum(const float *x, long n);

#endif
