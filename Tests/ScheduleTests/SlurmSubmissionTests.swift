import Foundation
import Testing
import Schedule

@Suite("Slurm submission: levels, arrays, names, settings")
struct SlurmSubmissionTests {
    let store = URL(fileURLWithPath: "/shared/runs")

    func submission(_ runs: [ScheduledRun], settings: SlurmSettings = SlurmSettings(cpusPerTask: 2, maxConcurrent: 3),
                    then: String? = "make paper-chapters") -> SlurmSubmission {
        SlurmSubmission(runs: runs, store: store, folder: store.appendingPathComponent("slurm/ID"),
                        executable: URL(fileURLWithPath: "/opt/kit/lldif"), settings: settings, label: "smoke",
                        finalCommand: then, workingDirectory: URL(fileURLWithPath: "/home/me/kit"))
    }

    var plan: [ScheduledRun] {
        [ScheduledRun(name: "lldif-stage1/aaa", label: "stage 1", cost: 50, arguments: ["--model", "lldif-stage1"], jobName: "lldif-stage1.ll-syn-raf.aaa"),
         ScheduledRun(name: "resnet18/bbb", label: "resnet", cost: 10, arguments: ["--model", "resnet18", "--set", "x=it's"],
                      jobName: "resnet18.ll-syn-raf.bbb"),
         ScheduledRun(name: "lldif/ccc", label: "lldif", dependencies: ["lldif-stage1/aaa"], cost: 20,
                      arguments: ["--model", "lldif"], jobName: "lldif.ll-syn-raf.ccc"),
         ScheduledRun(name: "scn/ddd", label: "scn", cost: 5, isTrained: true, jobName: "scn.ll-syn-raf.ddd")]
    }

    @Test("runs left to train go in dependency levels, each by critical-path priority; trained runs are skipped")
    func levels() throws {
        let levels = try submission(plan).levels()
        #expect(levels.map { $0.map(\.name) } == [["lldif-stage1/aaa", "resnet18/bbb"], ["lldif/ccc"]])
    }

    @Test("a run whose dependency is trained is in level 0")
    func trainedDependency() throws {
        var runs = plan
        runs[0].isTrained = true
        #expect(try submission(runs).levels().map { $0.map(\.name) } == [["lldif/ccc", "resnet18/bbb"]])
    }

    @Test("each level is an array with the %K cap, CPUs per task, its name and its task output")
    func arrayScript() throws {
        let files = try submission(plan).files()
        let level0 = try #require(files["level-0.sh"])
        #expect(level0.hasPrefix("#!/bin/bash\n"))
        #expect(level0.contains("#SBATCH --array=0-1%3\n"))
        #expect(level0.contains("#SBATCH --cpus-per-task=2\n"))
        #expect(level0.contains("#SBATCH --job-name=lldif-smoke-L0\n"))
        #expect(level0.contains("#SBATCH --output=/shared/runs/slurm/ID/logs/L0-%a.out\n"))
        #expect(!level0.contains("--partition"))
        #expect(level0.contains("exec /opt/kit/lldif train \"$@\""))
        #expect(level0.contains("scontrol update JobId=\"$SLURM_JOB_ID\" JobName=\"$name\""))
        #expect(level0.contains("$folder/marker"))
        #expect(level0.contains("cannot see the run store"))
        #expect(files["level-1.sh"]?.contains("#SBATCH --array=0-0%3\n") == true)
    }

    @Test("each task's line names its run, its job name (model.dataset.hash) and its dependencies")
    func taskLines() throws {
        let files = try submission(plan).files()
        #expect(files["level-0.runs"] == "lldif-stage1/aaa lldif-stage1.ll-syn-raf.aaa -\nresnet18/bbb resnet18.ll-syn-raf.bbb -\n")
        #expect(files["level-1.runs"] == "lldif/ccc lldif.ll-syn-raf.ccc lldif-stage1/aaa\n")
        #expect(files["level-0.args"] == "--model lldif-stage1\n--model resnet18 --set 'x=it'\\''s'\n")
        #expect(files["marker"] != nil)
    }

    @Test("levels wait for the previous level to end; the final job waits for every array to succeed")
    func dependencies() {
        let s = submission(plan)
        #expect(s.sbatchArguments(level: 0, after: nil) == ["--parsable", "/shared/runs/slurm/ID/level-0.sh"])
        #expect(s.sbatchArguments(level: 1, after: "41") == ["--parsable", "--dependency=afterany:41", "/shared/runs/slurm/ID/level-1.sh"])
        #expect(s.finalSbatchArguments(after: ["41", "42"])
                == ["--parsable", "--dependency=afterok:41:42", "--kill-on-invalid-dep=yes", "/shared/runs/slurm/ID/paper.sh"])
        #expect(s.finalSbatchArguments(after: []) == ["--parsable", "/shared/runs/slurm/ID/paper.sh"])
    }

    @Test("the final job checks the store, then runs its command in the working directory")
    func finalScript() throws {
        let script = try #require(try submission(plan).files()["paper.sh"])
        #expect(script.contains("#SBATCH --job-name=lldif-smoke-paper\n"))
        #expect(script.contains("cd /home/me/kit\n"))
        #expect(script.hasSuffix("make paper-chapters\n"))
        #expect(script.contains("$folder/marker"))
        #expect(try submission(plan, then: nil).files()["paper.sh"] == nil)
    }

    @Test("partition, account and time limit come from the environment")
    func settingsFromEnvironment() throws {
        let settings = SlurmSettings(environment: ["LLDIF_SLURM_PARTITION": "cpu", "LLDIF_SLURM_ACCOUNT": "lab42",
                                                   "LLDIF_SLURM_TIME": "1-00:00:00", "SLURM_PARTITION": "ignored"],
                                     cpusPerTask: 4, maxConcurrent: 8)
        #expect(settings == SlurmSettings(partition: "cpu", account: "lab42", timeLimit: "1-00:00:00", cpusPerTask: 4, maxConcurrent: 8))
        let script = try #require(try submission(plan, settings: settings).files()["level-0.sh"])
        #expect(script.contains("#SBATCH --partition=cpu\n#SBATCH --account=lab42\n#SBATCH --time=1-00:00:00\n"))
        #expect(script.contains("#SBATCH --array=0-1%8\n"))
        let unset = SlurmSettings(environment: ["LLDIF_SLURM_PARTITION": ""], cpusPerTask: 1, maxConcurrent: 1)
        #expect(unset.partition == nil)
    }

    @Test("sbatch's parsable output gives the job ID; its errors are named")
    func client() {
        #expect(SlurmClient.jobID(parsable: "1234\n") == "1234")
        #expect(SlurmClient.jobID(parsable: "1234;cluster\n") == "1234")
        #expect(SlurmClient.jobID(parsable: "sbatch: error\n") == nil)
        let unreachable = SlurmError.classify(command: "sbatch", message: "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)")
        #expect(unreachable == .controllerUnreachable("sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)"))
        #expect(SlurmError.classify(command: "sbatch", message: "invalid partition specified: gpu") ==
                .rejected(command: "sbatch", message: "invalid partition specified: gpu"))
        #expect(throws: SlurmError.self) { try SlurmClient.locate(environment: ["PATH": "/nonexistent"]) }
        #expect(SlurmError.sbatchMissing(searched: "/x").description.contains("sbatch not found"))
    }

    @Test("shell quoting survives a real shell")
    func quoting() throws {
        let words = ["plain", "with space", "it's", "$HOME", "a\"b", "", "x=1,2"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "for w in " + Shell.line(words) + "; do printf '<%s>' \"$w\"; done"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output == words.map { "<\($0)>" }.joined())
    }
}
