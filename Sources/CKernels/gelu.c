// GELU in its exact erf form, x*Phi(x), and its gradient over contiguous arrays, on the engine's
// one exp and erf (lk_fastmath.h). In C because Swift builds for baseline x86-64, whose loops run
// 4 lanes; these clones run 8 (AVX2) or 16 (AVX-512). GELU was 7 % of LLDif's stage-2 step
// (bench/engine/FINDINGS.md, session 19). Same operations in the same order as the Swift loop it
// replaced, without fused multiply-adds: the same bits.
#include "CKernels.h"
#include "microkernels.h"

#pragma STDC FP_CONTRACT OFF

LK_CLONES
void lk_gelu_forward(const float *restrict x, long n, float *restrict y) {
    for (long i = 0; i < n; i++) {
        const float v = x[i], u = v * 0.70710678118654752f;
        y[i] = 0.5f * v * (1.0f + lk_fast_erf(u, lk_fast_exp(-u * u)));
    }
}

LK_CLONES
void lk_gelu_backward(const float *restrict g, const float *restrict x, long n, float *restrict gx) {
    for (long i = 0; i < n; i++) {
        const float v = x[i];
        const float gaussian = lk_fast_exp(-0.5f * v * v);
        const float cdf = 0.5f * (1.0f + lk_fast_erf(v * 0.70710678118654752f, gaussian));
        const float pdf = 0.39894228040143268f * gaussian;
        gx[i] = g[i] * (cdf + v * pdf);
    }
}
