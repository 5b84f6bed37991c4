import ArgumentParser
import Configuration
import Foundation
import Paper

/// `lldif plan`: the resolved experiment before anything runs, as `snakemake -n` shows a workflow:
/// every training run once, dependencies first, with its identity, what it is, the chapters that
/// use it, the runs it starts from, its resolved configuration and whether it is trained.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "List every training run of the paper, dependencies first, with its configuration and state.",
        discussion: """
        text: a line per run (hash, model, dataset, seed, variant, chapters, dependencies, state).
        json: a JSON object per line with the run's full resolved configuration.
        args: the `lldif train` arguments of each run, one run a line, quoted for xargs.
        --estimate: times a few training steps of each distinct model and size (seconds each) and prints the \
        estimated CPU time of every run and in total; `lldif run-plan` then orders runs by these measurements.
        """
    )

    @OptionGroup var plan: PlanOptions

    @Option(help: "Output: text, json (JSON lines) or args (lldif train arguments).")
    var format: PlanFormat = .text

    @Flag(help: "Leave out the runs the store already holds finished.")
    var pending = false

    @Flag(help: "Time a few training steps of each distinct model and size, and print each run's estimated CPU time and the total (saved in the run store for `lldif run-plan`).")
    var estimate = false

    @Option(help: "Batches each phase trains when estimating (--estimate).")
    var estimateBatches = 2

    func run() throws {
        let all = try plan.runs()
        let runStore = plan.runStore
        let runs = pending ? all.filter { !$0.isTrained } : all
        if estimate {
            try PlanEstimate(runs: runs, store: runStore, batches: estimateBatches, profile: plan.profile).run()
            return
        }
        switch format {
        case .text:
            print("\(all.count) runs (profile \(plan.profile.rawValue), store \(runStore.root.path)): \(all.filter(\.isTrained).count) trained, \(all.filter { !$0.isTrained }.count) to train")
            for (i, run) in runs.enumerated() { print(PlanCommand.line(i + 1, run)) }
        case .json:
            for run in runs { print(String(decoding: try PlanCommand.record(run).canonicalJSON(), as: UTF8.self)) }
        case .args:
            for run in runs { print(try run.trainArguments().map(PlanCommand.quoted).joined(separator: " ")) }
        }
    }

    /// One run as a line of text.
    static func line(_ number: Int, _ run: PlannedRun) -> String {
        let variant = run.request.variant.description
        return ["\(number).", run.spec.name, run.spec.dataset.name, "seed \(run.request.seed)",
                variant.isEmpty ? nil : "[\(variant)]", "chapters " + run.chapters.joined(separator: ","),
                run.dependencies.isEmpty ? nil : "after " + run.dependencies.joined(separator: ","),
                run.isTrained ? "trained" : "to train"].compactMap { $0 }.joined(separator: "  ")
    }

    /// One run as a JSON object.
    static func record(_ run: PlannedRun) throws -> ConfigValue {
        .object([
            "run": .string(run.spec.name), "hash": .string(run.spec.hash), "model": .string(run.spec.model.rawValue),
            "dataset": .string(run.spec.dataset.name), "seed": .int(run.request.seed),
            "variant": .string(run.request.variant.description), "revision": .int(run.spec.revision),
            "chapters": .array(run.chapters.map(ConfigValue.string)),
            "depends_on": .array(run.dependencies.map(ConfigValue.string)),
            "trained": .bool(run.isTrained), "config": try run.config.tree(),
        ])
    }

    /// `text` quoted when `xargs` would otherwise split or unquote it (xargs has no escapes inside
    /// quotes, so a text with a single quote goes in double quotes).
    static func quoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "-_=.,/:+".contains($0) }
        if plain { return text }
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'"
    }
}

/// The output formats of `lldif plan`.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, args
}
