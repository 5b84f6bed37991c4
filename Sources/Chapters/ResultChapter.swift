/// The start every result chapter (04–08) shares: resolve the settings and the experiment plan, print
/// the run list when asked (`--list-runs`), make the chapter's inputs include its runs, and stop
/// when the results are up to date.
public struct ResultChapter {
    /// The chapter's settings, results and clock.
    public var context: ChapterContext
    /// The design every result chapter shares.
    public var plan: ExperimentPlan
    /// Obtains and reads the chapter's runs.
    public var runs: ChapterRuns
    /// The `model/hash` names of the chapter's runs, for its provenance.
    public var hashes: [String]

    /// The chapter's start, or nil when it has nothing more to do (it printed its run list, or its
    /// results are up to date and `--force` was not given). `inputs` are further things its output
    /// depends on (its own options); `requests` picks its runs from the plan.
    public static func begin(_ chapter: String, revision: Int, options: ChapterOptions, inputs: [String] = [],
                             requests: (ExperimentPlan) -> [RunRequest]) throws -> ResultChapter? {
        var context = try ChapterContext(chapter: chapter, revision: revision, options: options)
        let plan = try ExperimentPlan(settings: context.settings)
        if options.listRuns {
            options.printTrainArguments(requests(plan))
            return nil
        }
        let runs = ChapterRuns(settings: context.settings)
        let hashes = try runs.hashes(requests(plan))
        context.depend(onRuns: hashes + inputs)
        if context.isUpToDate && !options.force {
            print("\(chapter): up to date")
            return nil
        }
        return ResultChapter(context: context, plan: plan, runs: runs, hashes: hashes)
    }
}
