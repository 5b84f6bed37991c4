import ArgumentParser

/// `lldif`: the kit's command-line tool. Each area of work is a subcommand with its own `--help`.
@main
struct LLDifCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lldif",
        abstract: "LLDif reproducibility kit: data, training, evaluation, runs, report and claims.",
        subcommands: [ConfigCommand.self, PlanCommand.self, RunPlanCommand.self, SubmitCommand.self, RunsCommand.self, ReportCommand.self, VerifyCommand.self, FindingsCommand.self, DataCommand.self, TrainCommand.self, EvalCommand.self, CompareCommand.self, PredictCommand.self]
    )
}
