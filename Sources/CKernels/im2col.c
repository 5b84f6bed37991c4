// Unfolding of convolution windows into GEMM columns (im2col) and its adjoint (col2im).
// Each (channel, ky, kx) row is filled output row by output row: the range of output columns
// whose input pixel lies inside the image is worked out once per kx, so the inner loops are
// plain copies (or adds) that the compiler vectorises.
#include "CKernels.h"
#include "microkernels.h"

// Output columns [first, last] whose input column ox*sw + shift lies in [0, w).
static inline void valid_range(long w, long sw, long shift, long *first, long *last) {
    *first = shift >= 0 ? 0 : (-shift + sw - 1) / sw;
    *last = (w - 1 - shift) < 0 ? -1 : (w - 1 - shift) / sw;
}

// Rows are short (one image row): inline vector copies beat a call to memcpy per row.
LK_CLONES __attribute__((no_builtin("memcpy", "memset")))
void lk_im2col(const float *restrict image, long channels, long h, long w, long kh, long kw,
               long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow,
               long p0, long p1, float *restrict col) {
    (void)oh;
    const long width = p1 - p0, oy0 = p0 / ow;
    for (long c = 0; c < channels; c++) {
        const float *plane = image + c * h * w;
        for (long ky = 0; ky < kh; ky++) {
            for (long kx = 0; kx < kw; kx++) {
                float *row = col + ((c * kh + ky) * kw + kx) * width;
                const long shift = kx * dw - pw;
                long first, last;
                valid_range(w, sw, shift, &first, &last);
                long x0 = p0 - oy0 * ow;
                for (long p = p0, oy = oy0; p < p1; oy++) {
                    const long x1 = ow < x0 + (p1 - p) ? ow : x0 + (p1 - p);
                    float *d = row + (p - p0 - x0);  // d[x] is output column x of row oy
                    const long iy = oy * sh - ph + ky * dh;
                    long lo = x1, hi = x1;
                    if (iy >= 0 && iy < h) {
                        lo = first < x0 ? x0 : (first > x1 ? x1 : first);
                        hi = last + 1 > x1 ? x1 : (last + 1 < lo ? lo : last + 1);
                    }
                    for (long x = x0; x < lo; x++) d[x] = 0.0f;
                    if (hi > lo) {
                        const float *src = plane + iy * w + shift;
                        if (sw == 1) for (long x = lo; x < hi; x++) d[x] = src[x];
                        else for (long x = lo; x < hi; x++) d[x] = src[x * sw];
                    }
                    for (long x = hi; x < x1; x++) d[x] = 0.0f;
                    p += x1 - x0;
                    x0 = 0;
                }
            }
        }
    }
}

LK_CLONES
void lk_col2im(const float *restrict col, long channels, long h, long w, long kh, long kw,
               long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow,
               long p0, long p1, float *restrict image) {
    (void)oh;
    const long width = p1 - p0, oy0 = p0 / ow;
    for (long c = 0; c < channels; c++) {
        float *plane = image + c * h * w;
        for (long ky = 0; ky < kh; ky++) {
            for (long kx = 0; kx < kw; kx++) {
                const float *row = col + ((c * kh + ky) * kw + kx) * width;
                const long shift = kx * dw - pw;
                long first, last;
                valid_range(w, sw, shift, &first, &last);
                long x0 = p0 - oy0 * ow;
                for (long p = p0, oy = oy0; p < p1; oy++) {
                    const long x1 = ow < x0 + (p1 - p) ? ow : x0 + (p1 - p);
                    const float *s = row + (p - p0 - x0);
                    const long iy = oy * sh - ph + ky * dh;
                    if (iy >= 0 && iy < h) {
                        const long lo = first < x0 ? x0 : (first > x1 ? x1 : first);
                        const long hi = last + 1 > x1 ? x1 : (last + 1 < lo ? lo : last + 1);
                        float *dst = plane + iy * w + shift;
                        if (sw == 1) for (long x = lo; x < hi; x++) dst[x] += s[x];
                        else for (long x = lo; x < hi; x++) dst[x * sw] += s[x];
                    }
                    p += x1 - x0;
                    x0 = 0;
                }
            }
        }
    }
}
