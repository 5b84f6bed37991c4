// Unfolding of convolution windows into GEMM columns (im2col) and its adjoint (col2im).
// Each (channel, ky, kx) row is filled output row by output row: one bounds check per row
// segment, then a contiguous (stride 1) or strided copy, so the unfold runs near memory speed.
#include <string.h>
#include "CKernels.h"

// Calls the segment visitor for row (c, ky, kx) over output positions [p0, p1): for each output
// row oy met, the run [x0, x1) of output columns, the first valid column range [lo, hi) whose
// input pixels lie inside the image, and the input row pointer offset.
#define FOR_EACH_SEGMENT(BODY)                                                              \
    for (long p = p0; p < p1;) {                                                            \
        long oy = p / ow, x0 = p - oy * ow;                                                 \
        long x1 = ow < x0 + (p1 - p) ? ow : x0 + (p1 - p);                                  \
        long iy = oy * sh - ph + ky * dh;                                                   \
        long lo = x0, hi = x1;                                                              \
        long shift = kx * dw - pw;                                                          \
        if (iy < 0 || iy >= h) { lo = hi = x1; }                                            \
        else {                                                                              \
            /* valid ox: 0 <= ox*sw + shift < w */                                          \
            long first = shift >= 0 ? 0 : (-shift + sw - 1) / sw;                           \
            long last = (w - 1 - shift) < 0 ? -1 : (w - 1 - shift) / sw;                    \
            lo = first < x0 ? x0 : (first > x1 ? x1 : first);                               \
            hi = last + 1 > x1 ? x1 : (last + 1 < lo ? lo : last + 1);                      \
        }                                                                                   \
        long o = p - p0 - x0; /* column of output (oy, 0) within the chunk */               \
        BODY                                                                                \
        p += x1 - x0;                                                                       \
    }

void lk_im2col(const float *image, long channels, long h, long w, long kh, long kw,
               long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow,
               long p0, long p1, float *col) {
    (void)oh;
    const long width = p1 - p0;
    for (long c = 0; c < channels; c++) {
        for (long ky = 0; ky < kh; ky++) {
            for (long kx = 0; kx < kw; kx++) {
                float *dst = col + ((c * kh + ky) * kw + kx) * width;
                const float *plane = image + c * h * w;
                FOR_EACH_SEGMENT({
                    float *d = dst + o;
                    for (long x = x0; x < lo; x++) d[x] = 0.0f;
                    if (hi > lo) {
                        const float *src = plane + (iy * w + shift);
                        if (sw == 1) memcpy(d + lo, src + lo, (size_t)(hi - lo) * sizeof(float));
                        else for (long x = lo; x < hi; x++) d[x] = src[x * sw];
                    }
                    for (long x = hi; x < x1; x++) d[x] = 0.0f;
                })
            }
        }
    }
}

void lk_col2im(const float *col, long channels, long h, long w, long kh, long kw,
               long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow,
               long p0, long p1, float *image) {
    (void)oh;
    const long width = p1 - p0;
    for (long c = 0; c < channels; c++) {
        for (long ky = 0; ky < kh; ky++) {
            for (long kx = 0; kx < kw; kx++) {
                const float *srcRow = col + ((c * kh + ky) * kw + kx) * width;
                float *plane = image + c * h * w;
                FOR_EACH_SEGMENT({
                    if (hi > lo) {
                        const float *s = srcRow + o;
                        float *dst = plane + (iy * w + shift);
                        if (sw == 1) for (long x = lo; x < hi; x++) dst[x] += s[x];
                        else for (long x = lo; x < hi; x++) dst[x * sw] += s[x];
                    }
                })
            }
        }
    }
}
