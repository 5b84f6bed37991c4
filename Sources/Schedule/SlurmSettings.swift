/// What a Slurm submission asks of the cluster: partition, account and time limit (from the
/// environment, never from code), CPUs per task (`RUN_THREADS`) and how many array tasks run at
/// once (`%K`, `JOBS`).
public struct SlurmSettings: Sendable, Equatable {
    /// `--partition`, from `LLDIF_SLURM_PARTITION` (none: the cluster's default).
    public var partition: String?
    /// `--account`, from `LLDIF_SLURM_ACCOUNT`.
    public var account: String?
    /// `--time` of each training task, from `LLDIF_SLURM_TIME` (e.g. `2-00:00:00`).
    public var timeLimit: String?
    /// `--cpus-per-task`, and the threads each run trains with.
    public var cpusPerTask: Int
    /// The `%K` cap: array tasks of a level running at once.
    public var maxConcurrent: Int

    /// The environment variables read, by setting. Slurm's own `SLURM_*` names are not used: `srun`
    /// reads `SLURM_PARTITION` and friends as its input, and inside a job they describe that job.
    public static let variables = (partition: "LLDIF_SLURM_PARTITION", account: "LLDIF_SLURM_ACCOUNT", time: "LLDIF_SLURM_TIME")

    /// Settings from their parts.
    public init(partition: String? = nil, account: String? = nil, timeLimit: String? = nil, cpusPerTask: Int = 1,
                maxConcurrent: Int = 2) {
        self.partition = partition
        self.account = account
        self.timeLimit = timeLimit
        self.cpusPerTask = max(1, cpusPerTask)
        self.maxConcurrent = max(1, maxConcurrent)
    }

    /// Settings with the partition, account and time limit read from `environment` (empty values
    /// count as unset).
    public init(environment: [String: String], cpusPerTask: Int, maxConcurrent: Int) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        self.init(partition: value(SlurmSettings.variables.partition), account: value(SlurmSettings.variables.account),
                  timeLimit: value(SlurmSettings.variables.time), cpusPerTask: cpusPerTask, maxConcurrent: maxConcurrent)
    }

    /// The `#SBATCH` lines of the partition, account and time limit that are set.
    var placementLines: [String] {
        [partition.map { "#SBATCH --partition=\($0)" }, account.map { "#SBATCH --account=\($0)" },
         timeLimit.map { "#SBATCH --time=\($0)" }].compactMap { $0 }
    }

    /// The same settings as `sbatch` options (for `sbatch --test-only`).
    var placementOptions: [String] {
        [partition.map { "--partition=\($0)" }, account.map { "--account=\($0)" }, timeLimit.map { "--time=\($0)" }].compactMap { $0 }
    }
}
