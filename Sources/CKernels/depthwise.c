// Depthwise convolution (one kh x kw filter per channel) as direct loops over one channel plane:
// im2col would copy every pixel kh*kw times for only kh*kw multiply-adds each. For every kernel
// tap the inner loop runs over a contiguous run of output columns, which the compiler
// vectorises; the clones below build it for AVX-512, AVX2 and the baseline, chosen at load time.
#include "CKernels.h"
#include "microkernels.h"

// Output columns [*lo, *hi) of output row whose input column ox*sw + shift lies in [0, w).
static inline void valid_columns(long ow, long w, long sw, long shift, long *lo, long *hi) {
    long first = shift >= 0 ? 0 : (-shift + sw - 1) / sw;
    long last = (w - 1 - shift) < 0 ? -1 : (w - 1 - shift) / sw;
    *lo = first < ow ? first : ow;
    *hi = last + 1 < ow ? last + 1 : ow;
    if (*hi < *lo) *hi = *lo;
}

LK_CLONES
void lk_depthwise_forward(const float *restrict in, long h, long w, const float *restrict weight, long kh, long kw,
                          long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow,
                          float bias, float *restrict out) {
    for (long i = 0; i < oh * ow; i++) out[i] = bias;
    for (long ky = 0; ky < kh; ky++) {
        for (long kx = 0; kx < kw; kx++) {
            const float wt = weight[ky * kw + kx];
            const long shift = kx * dw - pw;
            long lo, hi;
            valid_columns(ow, w, sw, shift, &lo, &hi);
            for (long oy = 0; oy < oh; oy++) {
                long iy = oy * sh - ph + ky * dh;
                if (iy < 0 || iy >= h) continue;
                const float *src = in + iy * w + shift;
                float *dst = out + oy * ow;
                if (sw == 1) for (long x = lo; x < hi; x++) dst[x] += wt * src[x];
                else for (long x = lo; x < hi; x++) dst[x] += wt * src[x * sw];
            }
        }
    }
}

LK_CLONES
void lk_depthwise_backward_input(const float *restrict gout, long h, long w, const float *restrict weight, long kh, long kw,
                                 long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow,
                                 float *restrict gin) {
    for (long ky = 0; ky < kh; ky++) {
        for (long kx = 0; kx < kw; kx++) {
            const float wt = weight[ky * kw + kx];
            const long shift = kx * dw - pw;
            long lo, hi;
            valid_columns(ow, w, sw, shift, &lo, &hi);
            for (long oy = 0; oy < oh; oy++) {
                long iy = oy * sh - ph + ky * dh;
                if (iy < 0 || iy >= h) continue;
                float *dst = gin + iy * w + shift;
                const float *src = gout + oy * ow;
                if (sw == 1) for (long x = lo; x < hi; x++) dst[x] += wt * src[x];
                else for (long x = lo; x < hi; x++) dst[x * sw] += wt * src[x];
            }
        }
    }
}

LK_CLONES
void lk_depthwise_backward_weight(const float *restrict in, long h, long w, const float *restrict gout, long kh, long kw,
                                  long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow,
                                  float *restrict gweight) {
    for (long ky = 0; ky < kh; ky++) {
        for (long kx = 0; kx < kw; kx++) {
            const long shift = kx * dw - pw;
            long lo, hi;
            valid_columns(ow, w, sw, shift, &lo, &hi);
            float acc[8] = {0};
            for (long oy = 0; oy < oh; oy++) {
                long iy = oy * sh - ph + ky * dh;
                if (iy < 0 || iy >= h) continue;
                const float *src = in + iy * w + shift;
                const float *g = gout + oy * ow;
                long x = lo;
                if (sw == 1) {
                    for (; x + 8 <= hi; x += 8)
                        for (int l = 0; l < 8; l++) acc[l] += g[x + l] * src[x + l];
                    for (; x < hi; x++) acc[x & 7] += g[x] * src[x];
                } else {
                    for (; x < hi; x++) acc[x & 7] += g[x] * src[x * sw];
                }
            }
            float total = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
            gweight[ky * kw + kx] += total;
        }
    }
}

LK_CLONES
float lk_sum(const float *x, long n) {
    float acc[8] = {0};
    long i = 0;
    for (; i + 8 <= n; i += 8)
        for (int l = 0; l < 8; l++) acc[l] += x[i + l];
    for (; i < n; i++) acc[i & 7] += x[i];
    return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
}
