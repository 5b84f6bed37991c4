// AdamW's element-wise update (NN.AdamW.step), in C because Swift builds for baseline x86-64: there
// its two fused multiply-adds per element were calls into libm's fmaf, and the loop ran scalar.
// These clones run 8 or 16 lanes with the FMA instruction, which rounds as fmaf does, and every
// other operation is the Swift loop's, in its order, with no other contraction: the same bits.
#include <math.h>
#include "CKernels.h"
#include "microkernels.h"

LK_CLONES
void lk_adamw_update(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, long n,
                     float decay, float weight1, float decay2, float weight2, float stepSize, float correction2,
                     float epsilon) {
#pragma STDC FP_CONTRACT OFF
    for (long i = 0; i < n; i++) {
        const float gi = g[i];
        const float mi = fmaf(weight1, gi - m[i], m[i]);
        const float vi = fmaf(weight2 * gi, gi, v[i] * decay2);
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i] * decay + (-stepSize * mi) / (sqrtf(vi) / correction2 + epsilon);
    }
}
