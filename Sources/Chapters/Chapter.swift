import ArgumentParser
import Configuration
import Paper

/// A chapter executable (`01-low-light` … `08-training-record`). A chapter states only which runs
/// its results read and how it computes, plots and records them; `run()` does the rest, the same
/// way for every chapter: resolve the configuration and the plan, skip when the results are up to
/// date, obtain the runs (training what is missing), then write the results file last.
public protocol Chapter: ParsableCommand {
    /// The options every chapter takes.
    var options: ChapterOptions { get }
    /// The runs the chapter's results read (none for the data chapters 01–03).
    func requests(_ plan: ExperimentPlan) throws -> [RunRequest]
    /// What else the results depend on besides the configuration, the runs and the code: the
    /// chapter's own options, as text.
    var inputs: [String] { get }
    /// Computes, plots and records the chapter's results into `chapter`.
    func write(_ chapter: inout ChapterRun) throws
}

extension Chapter {
    public func requests(_ plan: ExperimentPlan) throws -> [RunRequest] { [] }
    public var inputs: [String] { [] }

    /// The chapter's name: its command name, its folder under `figures/` and its prose file.
    public static var chapterName: String { configuration.commandName ?? String(describing: Self.self) }

    /// Runs the chapter (the `ParsableCommand` entry point).
    public func run() throws {
        guard var chapter = try ChapterRun(name: Self.chapterName, options: options, requests: requests, inputs: inputs) else {
            return
        }
        try write(&chapter)
        try chapter.finish()
    }
}
