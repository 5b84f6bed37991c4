import ArgumentParser
import Foundation
import Paper
import Schedule

/// `lldif submit`: submits the runs of the plan left to train to Slurm, one job array per
/// dependency level, and a final job that runs `--then` (the chapters, report and claims check)
/// after every array succeeded.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit the plan's runs left to train to Slurm: a job array per dependency level, then a final job.",
        discussion: """
        Each array task trains the run on its own line of the level's plan with `lldif train`, so the run \
        store's locks, atomic finish and resume do the rest; resubmitting skips finished runs and resumes \
        interrupted ones (time limit, preemption) from their checkpoints. The run store must be on a \
        filesystem every node shares: each task checks the marker written at submit time and fails, \
        saying so, when it cannot see it. Partition, account and time limit come from \
        LLDIF_SLURM_PARTITION, LLDIF_SLURM_ACCOUNT and LLDIF_SLURM_TIME (sbatch's own SBATCH_* variables \
        work too). Scripts, plans and task logs go to STORE/slurm/ID/. `make runs SCHEDULER=slurm` runs this.
        """
    )

    @OptionGroup var plan: PlanOptions

    @OptionGroup var slots: SlotOptions

    @Option(help: "Shell command of the final job, run in the current folder after every run trained (none: no final job).")
    var then: String?

    @Option(help: "The lldif executable the tasks run (default: this one); it must be visible from the compute nodes.")
    var executable: String?

    @Option(help: "The sbatch executable (default: the one on PATH).")
    var sbatch: String?

    @Flag(help: "Write the scripts and print what would be submitted, without calling sbatch.")
    var dryRun = false

    func run() throws {
        let store = plan.runStore
        let root = store.root.standardizedFileURL.absoluteURL
        let planned = try plan.runs()
        let runs = try planned.map { try ScheduledRun($0, cost: CostModel.saved(in: root)) }
        let id = SubmitCommand.submissionID(profile: plan.profile.rawValue)
        let settings = SlurmSettings(environment: ProcessInfo.processInfo.environment, cpusPerTask: slots.threads, maxConcurrent: slots.jobs)
        let submission = SlurmSubmission(
            runs: runs, store: root, folder: root.appendingPathComponent("slurm").appendingPathComponent(id),
            executable: try RunPlanCommand.executableURL(executable), settings: settings, label: plan.profile.rawValue,
            finalCommand: then, workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let levels = try submission.levels()
        let client: SlurmClient? = try dryRun ? nil : SlurmClient.locate(path: sbatch)
        try client?.check(settings)
        if let warning = SharedFilesystem.warning(for: root) { print("warning: \(warning)") }

        try FileManager.default.createDirectory(at: submission.logsURL, withIntermediateDirectories: true)
        for (name, text) in try submission.files() {
            let url = submission.folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url, options: .atomic)
            if name.hasSuffix(".sh") { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
        }
        print("\(runs.count) runs in the plan: \(runs.filter(\.isTrained).count) trained, \(levels.map(\.count).reduce(0, +)) to train in \(levels.count) levels; scripts in \(submission.folder.path)")
        var arrays: [String] = [], jobsFile = ""
        for (k, level) in levels.enumerated() {
            let arguments = submission.sbatchArguments(level: k, after: arrays.last)
            let jobID = try submit(client, arguments)
            arrays.append(jobID)
            jobsFile += "\(jobID)\t\(submission.arrayName(level: k))\t\(level.count)\n"
            print("level \(k): job \(jobID), array of \(level.count) runs (\(slots.jobs) at a time, \(slots.threads) CPU\(slots.threads == 1 ? "" : "s") each): "
                  + level.prefix(4).map(\.jobName).joined(separator: ", ") + (level.count > 4 ? ", …" : ""))
        }
        if then != nil {
            let jobID = try submit(client, submission.finalSbatchArguments(after: arrays))
            jobsFile += "\(jobID)\t\(submission.finalName)\t1\n"
            print("final job \(jobID) (\(submission.finalName)): \(then ?? "") — after every array succeeded")
        }
        try Data(jobsFile.utf8).write(to: submission.folder.appendingPathComponent("jobs.tsv"), options: .atomic)
        if dryRun {
            print("dry run: nothing submitted; the scripts are in \(submission.folder.path)")
        } else {
            print("watch with `squeue --me`; task logs in \(submission.logsURL.path); submit again to resume or retry what did not finish")
        }
    }

    /// Submits (or, in a dry run, numbers) one job.
    private func submit(_ client: SlurmClient?, _ arguments: [String]) throws -> String {
        guard let client else { return "(dry run)" }
        return try client.submit(arguments)
    }

    /// A submission's folder name: time and profile, sortable.
    static func submissionID(profile: String) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return "\(formatter.string(from: Date()))-\(profile)-\(ProcessInfo.processInfo.processIdentifier)"
    }
}
