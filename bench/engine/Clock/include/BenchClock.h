#ifndef BENCH_CLOCK_H
#define BENCH_CLOCK_H
/// The core clock in GHz while busy, measured by timing a chain of dependent integer additions
/// (one cycle each on every x86-64 core since 2003); 0 where no such probe exists (arm64).
double bench_core_ghz(void);
#endif
