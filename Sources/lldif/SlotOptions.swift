import ArgumentParser

/// How many runs train at once and on how many threads each: shared by `lldif run-plan` (local
/// slots) and `lldif submit` (a Slurm array's `%K` and `--cpus-per-task`), so both have one default.
struct SlotOptions: ParsableArguments {
    @Option(help: "Runs trained at once (with `lldif submit`: array tasks of a level at once, the %K of --array).")
    var jobs = 2

    @Option(help: "Threads of each run, its LLDIF_THREADS (with `lldif submit`: CPUs per task).")
    var threads = 1

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, not \(jobs)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, not \(threads)") }
    }
}
