import Foundation

/// The Slurm jobs of a plan, as files: one job array per dependency level of the runs left to
/// train (level 0 waits for nothing, level k for level k − 1 to end), each task training the run
/// on its own line of the level's plan with `lldif train`, so the run store's locks, atomic finish
/// and resume do the rest; and a final job, after every array succeeded, that runs the chapters,
/// the report and the claims check. Nothing here talks to Slurm (`SlurmClient` does).
///
/// A task first checks that it sees the run store (the submission's marker file, written at
/// submit time) and that the runs it starts from finished; it fails with a message that says which
/// when not. A running task renames itself `model.dataset.hash`, so `squeue` shows what trains.
public struct SlurmSubmission: Sendable {
    /// Every run of the plan (trained ones are skipped, and satisfy dependencies).
    public var runs: [ScheduledRun]
    /// The run store's root, as every node sees it.
    public var store: URL
    /// The submission's folder (scripts, plans, marker, task logs): `STORE/slurm/ID`.
    public var folder: URL
    /// The `lldif` executable the tasks run.
    public var executable: URL
    /// Partition, account, time limit, CPUs per task, `%K`.
    public var settings: SlurmSettings
    /// A short name for the submission in job names (the profile: `smoke`).
    public var label: String
    /// The shell command of the final job (chapters, report, verify), run in `workingDirectory`;
    /// nil submits no final job.
    public var finalCommand: String?
    /// Where the final job runs its command.
    public var workingDirectory: URL

    /// A submission of `runs` with these parts.
    public init(runs: [ScheduledRun], store: URL, folder: URL, executable: URL, settings: SlurmSettings, label: String,
                finalCommand: String?, workingDirectory: URL) {
        self.runs = runs
        self.store = store
        self.folder = folder
        self.executable = executable
        self.settings = settings
        self.label = label
        self.finalCommand = finalCommand
        self.workingDirectory = workingDirectory
    }

    /// The marker a task looks for to know it sees the store.
    public var markerURL: URL { folder.appendingPathComponent("marker") }
    /// The folder of the tasks' output.
    public var logsURL: URL { folder.appendingPathComponent("logs") }

    /// The runs left to train, by dependency level, each level ordered by critical-path priority
    /// (Slurm starts an array's tasks in index order).
    public func levels() throws -> [[ScheduledRun]] {
        let graph = try PlanGraph(runs)
        let level = try graph.levels(), priority = graph.priorities()
        let pending = runs.filter { !$0.isTrained }
        let count = (pending.compactMap { level[$0.name] }.max() ?? -1) + 1
        return (0..<count).map { k in
            pending.filter { level[$0.name] == k }.enumerated()
                .sorted { ((priority[$0.element.name] ?? 0), -$0.offset) > ((priority[$1.element.name] ?? 0), -$1.offset) }
                .map(\.element)
        }
    }

    /// The files to write into `folder`, by name: per level `level-K.sh` (the array's script),
    /// `level-K.runs` (a line per task: run, job name, runs it starts from or `-`) and
    /// `level-K.args` (a line per task: its `lldif train` arguments, quoted for the shell); the
    /// final job's `paper.sh`; and the `marker`.
    public func files(submitted: Date = Date()) throws -> [String: String] {
        var files: [String: String] = ["marker": "lldif submission \(folder.lastPathComponent), \(ISO8601DateFormatter().string(from: submitted))\n"]
        for (k, runs) in try levels().enumerated() {
            files["level-\(k).sh"] = arrayScript(level: k, count: runs.count)
            files["level-\(k).runs"] = runs.map { "\($0.name) \($0.jobName) " + ($0.dependencies.isEmpty ? "-" : $0.dependencies.joined(separator: ",")) + "\n" }.joined()
            files["level-\(k).args"] = runs.map { Shell.line($0.arguments) + "\n" }.joined()
        }
        if let finalCommand { files["paper.sh"] = finalScript(command: finalCommand) }
        return files
    }

    /// The job name of level `k`'s array (pending tasks show it; running ones rename themselves).
    public func arrayName(level k: Int) -> String { "lldif-\(label)-L\(k)" }
    /// The final job's name.
    public var finalName: String { "lldif-\(label)-paper" }

    /// The script of level `k`'s array of `count` tasks.
    public func arrayScript(level k: Int, count: Int) -> String {
        let header = scriptHeader(
            about: "level \(k) of the plan, \(count) training runs", name: arrayName(level: k), output: "L\(k)-%a.out",
            extra: ["#SBATCH --array=0-\(max(0, count - 1))%\(settings.maxConcurrent)"])
        let body = """
        \(preamble)
        line=$((SLURM_ARRAY_TASK_ID + 1))
        read -r run name deps <<< "$(sed -n "${line}p" "$folder/level-\(k).runs")"
        if [ -z "${run:-}" ]; then echo "lldif: level \(k) has no task $SLURM_ARRAY_TASK_ID (see $folder/level-\(k).runs)" >&2; exit 2; fi
        if [ "$deps" != "-" ]; then
          for dep in ${deps//,/ }; do
            if [ ! -f "$store/$dep/status.json" ]; then
              echo "lldif: skipped $run: it starts from $dep, which has not finished (see the task logs in $folder/logs)" >&2
              exit 3
            fi
          done
        fi
        scontrol update JobId="$SLURM_JOB_ID" JobName="$name" >/dev/null 2>&1 || true
        echo "lldif: task $SLURM_ARRAY_TASK_ID of level \(k) (job $SLURM_JOB_ID) trains $run on $(hostname)"
        eval "set -- $(sed -n "${line}p" "$folder/level-\(k).args")"
        export LLDIF_RUNS="$store" LLDIF_THREADS="${SLURM_CPUS_PER_TASK:-\(settings.cpusPerTask)}"
        exec \(Shell.quote(executable.path)) train "$@"
        """
        return header.joined(separator: "\n") + "\n" + body + "\n"
    }

    /// The final job's script: the store check, then `command` in the working directory.
    public func finalScript(command: String) -> String {
        let header = scriptHeader(about: "the chapters, the report and the claims check, after every training run",
                                  name: finalName, output: "paper.out", extra: [])
        let body = """
        \(preamble)
        cd \(Shell.quote(workingDirectory.path))
        export LLDIF_RUNS="$store" LLDIF_THREADS="${SLURM_CPUS_PER_TASK:-\(settings.cpusPerTask)}"
        \(command)
        """
        return header.joined(separator: "\n") + "\n" + body + "\n"
    }

    /// The `#SBATCH` lines of a script: its job name, `extra` lines, one task of `cpusPerTask` CPUs,
    /// its output file in the logs folder and the placement (partition, account, time).
    private func scriptHeader(about: String, name: String, output: String, extra: [String]) -> [String] {
        ["#!/bin/bash", "# LLDif kit: \(about) (written by `lldif submit`).", "#SBATCH --job-name=\(name)"] + extra + [
            "#SBATCH --cpus-per-task=\(settings.cpusPerTask)",
            "#SBATCH --ntasks=1",
            "#SBATCH --output=\(logsURL.path)/\(output)",
        ] + settings.placementLines
    }

    /// The first shell lines of every script: strict variables, the folders, the store check.
    private var preamble: String {
        """
        set -u
        folder=\(Shell.quote(folder.path))
        store=\(Shell.quote(store.path))
        \(storeCheck)
        """
    }

    /// The shell lines that stop a task whose node cannot see the run store.
    private var storeCheck: String {
        """
        if [ ! -f "$folder/marker" ]; then
          echo "lldif: node $(hostname) cannot see the run store $store ($folder/marker, written at submit time, is missing): put LLDIF_RUNS on a filesystem every node shares" >&2
          exit 2
        fi
        """
    }

    /// `sbatch` arguments of level `k`'s array: after the previous level's array has ended
    /// (`afterany`: a task whose dependency failed stops itself, naming it).
    public func sbatchArguments(level k: Int, after previous: String?) -> [String] {
        ["--parsable"] + (previous.map { ["--dependency=afterany:\($0)"] } ?? [])
            + [folder.appendingPathComponent("level-\(k).sh").path]
    }

    /// `sbatch` arguments of the final job: after every array succeeded (`afterok`); cancelled
    /// when one did not, since then it could never start.
    public func finalSbatchArguments(after arrays: [String]) -> [String] {
        ["--parsable"] + (arrays.isEmpty ? [] : ["--dependency=afterok:" + arrays.joined(separator: ":"), "--kill-on-invalid-dep=yes"])
            + [folder.appendingPathComponent("paper.sh").path]
    }
}
