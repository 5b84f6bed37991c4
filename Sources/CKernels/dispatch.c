// Run-time choice of the instruction set (CPU features, capped by LLDIF_ISA) and the
// per-thread scratch buffers the kernels pack into.
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "CKernels.h"

static int detected_isa = LK_ISA_PORTABLE;
static int default_isa = LK_ISA_PORTABLE;
static pthread_once_t isa_once = PTHREAD_ONCE_INIT;

static void detect(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")) detected_isa = LK_ISA_AVX512;
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) detected_isa = LK_ISA_AVX2;
#endif
    default_isa = detected_isa;
    const char *cap = getenv("LLDIF_ISA");
    if (cap) {
        int want = 0;
        if (strcmp(cap, "portable") == 0) want = LK_ISA_PORTABLE;
        else if (strcmp(cap, "avx2") == 0) want = LK_ISA_AVX2;
        else if (strcmp(cap, "avx512") == 0) want = LK_ISA_AVX512;
        if (want && want < default_isa) default_isa = want;
    }
}

int lk_default_isa(void) { pthread_once(&isa_once, detect); return default_isa; }

bool lk_isa_supported(int isa) {
    pthread_once(&isa_once, detect);
    return isa >= LK_ISA_PORTABLE && isa <= detected_isa;
}

const char *lk_isa_name(int isa) {
    switch (isa) {
    case LK_ISA_PORTABLE: return "portable";
    case LK_ISA_AVX2: return "avx2";
    case LK_ISA_AVX512: return "avx512";
    default: return "unknown";
    }
}

const char *lk_isa(void) { return lk_isa_name(lk_default_isa()); }

enum { SLOTS = 4 };
static _Thread_local float *scratch[SLOTS];
static _Thread_local size_t capacity[SLOTS];

float *lk_scratch(int slot, size_t count) {
    if (slot < 0 || slot >= SLOTS) return NULL;
    if (count == 0) count = 1;
    if (count > capacity[slot]) {
        free(scratch[slot]);
        size_t bytes = ((count * sizeof(float) + 63) / 64) * 64;
        scratch[slot] = aligned_alloc(64, bytes);
        capacity[slot] = scratch[slot] ? count : 0;
    }
    return scratch[slot];
}
