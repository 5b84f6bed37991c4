// Layer norm over a strided axis (DTNet's norm over the channels of [N, C, H, W]) for one tile of
// `width` contiguous positions, `size` rows `inner` floats apart. In C because Swift builds for
// baseline x86-64, whose loops run 4 lanes; these clones run 8 (AVX2) or 16 (AVX-512). Every
// operation is the Swift loop's (NormLayout in Normalization.swift), lane by lane in the same order,
// with no fused multiply-add: the same bits. `mean` and `sq` are scratch rows of `width` floats.
#include <math.h>
#include "CKernels.h"
#include "microkernels.h"

#pragma STDC FP_CONTRACT OFF

LK_CLONES
void lk_layernorm_strided_forward(const float *restrict x, float *restrict xhat, float *restrict y, float *restrict rstd,
                                  const float *restrict gamma, const float *restrict beta, long size, long inner,
                                  long width, float epsilon, float *restrict mean, float *restrict sq) {
    const float n = (float)size;
    for (long j = 0; j < width; j++) { mean[j] = 0.0f; sq[j] = 0.0f; }
    for (long i = 0; i < size; i++) {
        const float *row = x + i * inner;
        for (long j = 0; j < width; j++) mean[j] += row[j];
    }
    for (long j = 0; j < width; j++) mean[j] /= n;
    for (long i = 0; i < size; i++) {
        const float *row = x + i * inner;
        for (long j = 0; j < width; j++) { const float d = row[j] - mean[j]; sq[j] += d * d; }
    }
    for (long j = 0; j < width; j++) { sq[j] = 1.0f / sqrtf(sq[j] / n + epsilon); rstd[j] = sq[j]; }
    for (long i = 0; i < size; i++) {
        const float *row = x + i * inner;
        float *h = xhat + i * inner, *out = y + i * inner;
        const float g = gamma[i], b = beta[i];
        for (long j = 0; j < width; j++) {
            h[j] = (row[j] - mean[j]) * sq[j];
            out[j] = h[j] * g + b;
        }
    }
}

LK_CLONES
void lk_layernorm_strided_backward(const float *restrict g, const float *restrict xhat, const float *restrict rstd,
                                   const float *restrict gamma, float *restrict gx, long size, long inner, long width,
                                   float *restrict meanG, float *restrict meanGH) {
    const float n = (float)size;
    for (long j = 0; j < width; j++) { meanG[j] = 0.0f; meanGH[j] = 0.0f; }
    for (long i = 0; i < size; i++) {
        const float *gr = g + i * inner, *h = xhat + i * inner;
        const float w = gamma[i];
        for (long j = 0; j < width; j++) { const float gh = gr[j] * w; meanG[j] += gh; meanGH[j] += gh * h[j]; }
    }
    for (long j = 0; j < width; j++) { meanG[j] /= n; meanGH[j] /= n; }
    for (long i = 0; i < size; i++) {
        const float *gr = g + i * inner, *h = xhat + i * inner;
        float *out = gx + i * inner;
        const float w = gamma[i];
        for (long j = 0; j < width; j++) out[j] = rstd[j] * (gr[j] * w - meanG[j] - h[j] * meanGH[j]);
    }
}

// A contiguous row (layer norm over the last axis), given its mean `mu` and reciprocal deviation `r`.
LK_CLONES
void lk_layernorm_row_forward(const float *restrict x, long size, float mu, float r, const float *restrict gamma,
                              const float *restrict beta, float *restrict xhat, float *restrict y) {
    for (long i = 0; i < size; i++) xhat[i] = (x[i] - mu) * r;
    for (long i = 0; i < size; i++) y[i] = xhat[i] * gamma[i] + beta[i];
}

// A contiguous row's input gradient. Its two means are summed one element after another, as the
// Swift loop did.
LK_CLONES
void lk_layernorm_row_backward(const float *restrict g, const float *restrict xhat, float r, const float *restrict gamma,
                               long size, float *restrict gx) {
    const float n = (float)size;
    float sg = 0.0f, sgh = 0.0f;
    for (long i = 0; i < size; i++) { const float gh = g[i] * gamma[i]; sg += gh; sgh += gh * xhat[i]; }
    sg /= n;
    sgh /= n;
    for (long i = 0; i < size; i++) gx[i] = r * (g[i] * gamma[i] - sg - xhat[i] * sgh);
}
