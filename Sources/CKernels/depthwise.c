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

// Copies a plane into a zero-padded scratch plane of hp x wp: padded[r][c] = in[r - ph][c - pw].
static float *pad_plane(const float *restrict in, long h, long w, long ph, long pw, long hp, long wp) {
    float *restrict padded = lk_scratch(1, (size_t)(hp * wp));
    const long lo = pw < 0 ? 0 : (pw < wp ? pw : wp);
    const long hi = pw + w < wp ? pw + w : wp;
    for (long r = 0; r < hp; r++) {
        const long iy = r - ph;
        float *row = padded + r * wp;
        if (iy < 0 || iy >= h || hi <= lo) {
            for (long c = 0; c < wp; c++) row[c] = 0.0f;
            continue;
        }
        const float *src = in + iy * w;
        for (long c = 0; c < lo; c++) row[c] = 0.0f;
        for (long c = lo; c < hi; c++) row[c] = src[c - pw];
        for (long c = hi; c < wp; c++) row[c] = 0.0f;
    }
    return padded;
}

// The common 3x3 stride-1 case: the plane is copied once into a zero-padded scratch plane, then
// every output pixel sums its nine taps in registers, starting from `bias` (or, when
// `accumulate`, from the value already in `out`): nine loads and multiply-adds per vector of
// outputs, no bounds checks.
LK_CLONES
static void depthwise3x3_stride1(const float *restrict in, long h, long w, const float *restrict weight,
                                 long ph, long pw, long dh, long dw, long oh, long ow, float bias,
                                 bool accumulate, float *restrict out) {
    const long wp = ow + 2 * dw;
    const float *restrict padded = pad_plane(in, h, w, ph, pw, oh + 2 * dh, wp);
    const float w00 = weight[0], w01 = weight[1], w02 = weight[2], w10 = weight[3], w11 = weight[4],
                w12 = weight[5], w20 = weight[6], w21 = weight[7], w22 = weight[8];
    for (long oy = 0; oy < oh; oy++) {
        const float *r0 = padded + oy * wp, *r1 = r0 + dh * wp, *r2 = r1 + dh * wp;
        float *o = out + oy * ow;
        for (long x = 0; x < ow; x++) {
            float acc = accumulate ? o[x] : bias;
            acc += w00 * r0[x]; acc += w01 * r0[x + dw]; acc += w02 * r0[x + 2 * dw];
            acc += w10 * r1[x]; acc += w11 * r1[x + dw]; acc += w12 * r1[x + 2 * dw];
            acc += w20 * r2[x]; acc += w21 * r2[x + dw]; acc += w22 * r2[x + 2 * dw];
            o[x] = acc;
        }
    }
}

// 3x3 stride-1 filter gradient: gweight[ky][kx] += sum of gout[oy][x] * in[oy - ph + ky*dh][x - pw + kx*dw],
// tap by tap over the padded plane in 16 lanes of x plus a scalar tail (a fixed order), so the
// lanes stay in one vector register.
LK_CLONES
static void depthwise3x3_stride1_weight(const float *restrict in, long h, long w, const float *restrict gout,
                                        long ph, long pw, long dh, long dw, long oh, long ow,
                                        float *restrict gweight) {
    const long wp = ow + 2 * dw;
    const float *restrict padded = pad_plane(in, h, w, ph, pw, oh + 2 * dh, wp);
    for (int k = 0; k < 9; k++) {
        const float *base = padded + (k / 3) * dh * wp + (k % 3) * dw;
        float lane[16] = {0}, rest = 0.0f;
        for (long oy = 0; oy < oh; oy++) {
            const float *g = gout + oy * ow, *src = base + oy * wp;
            long x = 0;
            for (; x + 16 <= ow; x += 16)
                for (int l = 0; l < 16; l++) lane[l] += g[x + l] * src[x + l];
            for (; x < ow; x++) rest += g[x] * src[x];
        }
        float total = rest;
        for (int l = 0; l < 16; l++) total += lane[l];
        gweight[k] += total;
    }
}

LK_CLONES
void lk_depthwise_forward(const float *restrict in, long h, long w, const float *restrict weight, long kh, long kw,
                          long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow,
                          float bias, float *restrict out) {
    if (kh == 3 && kw == 3 && sh == 1 && sw == 1) {
        depthwise3x3_stride1(in, h, w, weight, ph, pw, dh, dw, oh, ow, bias, false, out);
        return;
    }
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
    if (kh == 3 && kw == 3 && sh == 1 && sw == 1) {
        // The input gradient is the output gradient correlated with the flipped filter.
        const float flipped[9] = {weight[8], weight[7], weight[6], weight[5], weight[4],
                                  weight[3], weight[2], weight[1], weight[0]};
        depthwise3x3_stride1(gout, oh, ow, flipped, 2 * dh - ph, 2 * dw - pw, dh, dw, h, w, 0.0f, true, gin);
        return;
    }
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
    if (kh == 3 && kw == 3 && sh == 1 && sw == 1) {
        depthwise3x3_stride1_weight(in, h, w, gout, ph, pw, dh, dw, oh, ow, gweight);
        return;
    }
    for (long ky = 0; ky < kh; ky++) {
        for (long kx = 0; kx < kw; kx++) {
            const long shift = kx * dw - pw;
            long lo, hi;
            valid_columns(ow, w, sw, shift, &lo, &hi);
            float lane[16] = {0}, rest = 0.0f;
            for (long oy = 0; oy < oh; oy++) {
                long iy = oy * sh - ph + ky * dh;
                if (iy < 0 || iy >= h) continue;
                const float *src = in + iy * w + shift;
                const float *g = gout + oy * ow;
                long x = lo;
                if (sw == 1) {
                    for (; x + 16 <= hi; x += 16)
                        for (int l = 0; l < 16; l++) lane[l] += g[x + l] * src[x + l];
                    for (; x < hi; x++) rest += g[x] * src[x];
                } else {
                    for (; x < hi; x++) rest += g[x] * src[x * sw];
                }
            }
            float total = rest;
            for (int l = 0; l < 16; l++) total += lane[l];
            gweight[ky * kw + kx] += total;
        }
    }
}

LK_CLONES
float lk_sum(const float *x, long n) {
    float acc[16] = {0}, rest = 0.0f;
    long i = 0;
    for (; i + 16 <= n; i += 16)
        for (int l = 0; l < 16; l++) acc[l] += x[i + l];
    for (; i < n; i++) rest += x[i];
    for (int l = 0; l < 16; l++) rest += acc[l];
    return rest;
}
