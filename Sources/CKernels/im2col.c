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

// The kit's most common convolution, 3x3 with stride 1 and padding 1, keeps the image size, so
// output position p of tap (ky, kx) reads pixel p + (ky - 1) * w + (kx - 1) of the flattened plane:
// each row of columns is one long copy, then the few entries that fell off the top, bottom, left
// or right edge are zeroed. About twice as fast as the general row-by-row unfold.
static inline bool is_same_3x3(long kh, long kw, long sh, long sw, long ph, long pw, long dh, long dw) {
    return kh == 3 && kw == 3 && sh == 1 && sw == 1 && ph == 1 && pw == 1 && dh == 1 && dw == 1;
}

// For tap (ky, kx): the positions [*a, *b) of [p0, p1) whose pixel row lies inside the image,
// clamped so that the flat read p + offset stays inside the plane.
static inline void same_3x3_range(long h, long w, long ky, long kx, long p0, long p1, long *a, long *b) {
    const long hw = h * w, offset = (ky - 1) * w + (kx - 1);
    long lo = p0, hi = p1;
    if (ky == 0 && lo < w) lo = w;
    if (ky == 2 && hi > hw - w) hi = hw - w;
    if (lo + offset < 0) lo = -offset;
    if (hi + offset > hw) hi = hw - offset;
    if (hi < lo) hi = lo;
    *a = lo; *b = hi;
}

// Calls ZERO(p) for every position p in [p0, p1) in the output column that tap kx reads from
// outside the image (column 0 for kx = 0, column w - 1 for kx = 2).
#define FOR_EACH_EDGE_COLUMN(kx, w, p0, p1, ZERO)                                        \
    if ((kx) != 1) {                                                                    \
        const long edge = (kx) == 0 ? 0 : (w) - 1;                                      \
        long first = ((p0) / (w)) * (w) + edge;                                         \
        if (first < (p0)) first += (w);                                                 \
        for (long p = first; p < (p1); p += (w)) ZERO(p);                                \
    }

LK_CLONES
void lk_im2col(const float *restrict image, long channels, long h, long w, long kh, long kw,
               long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow,
               long p0, long p1, long ldcol, float *restrict col) {
    (void)oh;
    const long oy0 = p0 / ow;
    if (is_same_3x3(kh, kw, sh, sw, ph, pw, dh, dw)) {
        for (long c = 0; c < channels; c++) {
            const float *plane = image + c * h * w;
            for (long ky = 0; ky < 3; ky++) {
                for (long kx = 0; kx < 3; kx++) {
                    float *row = col + ((c * 3 + ky) * 3 + kx) * ldcol;  // row[p - p0] for p in [p0, p1)
                    const long offset = (ky - 1) * w + (kx - 1);
                    long a, b;
                    same_3x3_range(h, w, ky, kx, p0, p1, &a, &b);
                    for (long p = p0; p < a && p < p1; p++) row[p - p0] = 0.0f;
                    for (long p = a; p < b; p++) row[p - p0] = plane[p + offset];
                    for (long p = b > p0 ? b : p0; p < p1; p++) row[p - p0] = 0.0f;
#define ZERO(p) row[(p) - p0] = 0.0f;
                    FOR_EACH_EDGE_COLUMN(kx, w, p0, p1, ZERO)
#undef ZERO
                }
            }
        }
        return;
    }
    for (long c = 0; c < channels; c++) {
        const float *plane = image + c * h * w;
        for (long ky = 0; ky < kh; ky++) {
            for (long kx = 0; kx < kw; kx++) {
                float *row = col + ((c * kh + ky) * kw + kx) * ldcol;
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
void lk_col2im(float *restrict col, long channels, long h, long w, long kh, long kw,
               long sh, long sw, long ph, long pw, long dh, long dw, long oh, long ow,
               long p0, long p1, long ldcol, float *restrict image) {
    (void)oh;
    const long oy0 = p0 / ow;
    if (is_same_3x3(kh, kw, sh, sw, ph, pw, dh, dw)) {
        for (long c = 0; c < channels; c++) {
            float *plane = image + c * h * w;
            for (long ky = 0; ky < 3; ky++) {
                for (long kx = 0; kx < 3; kx++) {
                    float *row = col + ((c * 3 + ky) * 3 + kx) * ldcol;
                    const long offset = (ky - 1) * w + (kx - 1);
                    long a, b;
                    same_3x3_range(h, w, ky, kx, p0, p1, &a, &b);
                    // Edge entries belong to no pixel: zero them so that the long add below
                    // leaves the pixel they would wrap onto unchanged.
#define ZERO(p) row[(p) - p0] = 0.0f;
                    FOR_EACH_EDGE_COLUMN(kx, w, a, b, ZERO)
#undef ZERO
                    for (long p = a; p < b; p++) plane[p + offset] += row[p - p0];
                }
            }
        }
        return;
    }
    for (long c = 0; c < channels; c++) {
        float *plane = image + c * h * w;
        for (long ky = 0; ky < kh; ky++) {
            for (long kx = 0; kx < kw; kx++) {
                const float *row = col + ((c * kh + ky) * kw + kx) * ldcol;
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
