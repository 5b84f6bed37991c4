import ArgumentParser
import Configuration
import Foundation
import Paper

/// The options that say which plan a command works on: the profile, `--set` overrides and the run
/// store. `lldif plan`, `lldif run-plan` and `lldif submit` share them, and resolve the plan the
/// same way (`RunPlan.runs`).
struct PlanOptions: ParsableArguments {
    @Option(help: "Profile: \(Profile.allCases.map(\.rawValue).joined(separator: ", ")).")
    var profile: Profile = .quick

    @Option(name: .customLong("set"), help: "Override a setting, as key.path=value (repeatable).")
    var overrides: [String] = []

    @Option(help: "Run store folder (default: $LLDIF_RUNS or ./runs).")
    var store: String?

    /// The run store.
    var runStore: RunStore {
        store.map { RunStore(root: URL(fileURLWithPath: $0, isDirectory: true)) } ?? .standard()
    }

    /// The resolved configuration; a bad setting is a usage error naming it.
    func config() throws -> ExperimentConfig {
        do { return try profile.config(overriding: overrides) } catch let error as SettingsError {
            throw ValidationError(error.description)
        }
    }

    /// Every planned run, dependencies first, with its state in the store.
    func runs() throws -> [PlannedRun] {
        try RunPlan.runs(of: try ExperimentPlan(config: try config()), store: runStore)
    }
}
