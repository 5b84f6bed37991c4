// Clock probe for the engine bench: the share-of-peak figures need the clock the cores actually
// run at under load (turbo included), which /proc/cpuinfo does not report inside a VM.
#include <time.h>
#include "BenchClock.h"

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

double bench_core_ghz(void) {
#if defined(__x86_64__)
    double best = 0;
    long one = 1;
    // Many short windows (about 2 ms each), keeping the fastest: a window the scheduler gave to
    // another process only ever reads slower.
    for (int repeat = 0; repeat < 100; repeat++) {
        long loops = 250000, x = 0;
        double start = seconds();
        // 20 dependent register-to-register adds per loop: the chain's latency, 20 cycles, hides the
        // loop counter. Not `add $1`: Intel's Golden Cove cores (Sapphire Rapids and later) fold
        // chains of immediate adds at rename, and such a chain read 17-19 GHz on a 3 GHz core.
        __asm__ volatile("1:\n\t.rept 20\n\tadd %2, %0\n\t.endr\n\tdec %1\n\tjnz 1b"
                         : "+r"(x), "+r"(loops) : "r"(one));
        double ghz = 250000.0 * 20 / (seconds() - start) / 1e9;
        if (ghz > best) best = ghz;
    }
    return best;
#else
    return 0;
#endif
}
