import Configuration
import Foundation
import LLDif

/// One run of an experiment's plan: its identity in the run store, what it is, which chapters use
/// it, which runs it starts from, the configuration it trains with and whether it is trained.
public struct PlannedRun: Sendable {
    /// The run's identity.
    public var spec: RunSpec
    /// The first request that resolves to it (its seed and variant).
    public var request: RunRequest
    /// The chapters whose results read it.
    public var chapters: [String]
    /// The runs (`model/hash`) it starts from, which are earlier in the plan.
    public var dependencies: [String]
    /// The configuration it trains with.
    public var config: ExperimentConfig
    /// True when the run store holds it finished.
    public var isTrained: Bool

    /// The `lldif train` arguments that train it in another process: the model, the dataset, the
    /// profile, every setting that differs from the profile's value, and the run it must resolve to.
    public func trainArguments() throws -> [String] {
        var arguments = ["--model", spec.model.rawValue, "--dataset", spec.dataset.name, "--profile", config.profile.rawValue]
        for override in try config.overrides(from: config.profile.config) { arguments += ["--set", override] }
        return arguments + ["--expect-run", spec.name]
    }
}

/// The runs of an experiment, each once, dependencies first: what `lldif plan` prints and
/// `make runs` trains.
public enum RunPlan {
    /// The chapter that reads every run (its training record).
    public static let recordChapter = "08-training-record"

    /// The planned runs of `plan` against the run store `store`. Runs are ordered by how many runs
    /// they wait for (none first), and among those that wait for none, the runs others start from
    /// come first, so that parallel training starts them early.
    public static func runs(of plan: ExperimentPlan, store: RunStore) throws -> [PlannedRun] {
        var runs: [String: PlannedRun] = [:], order: [String] = []
        func add(_ request: RunRequest, model: ModelID, chapter: String) throws -> String {
            let entry = try ModelRegistry.entry(model)
            let config = request.config(base: plan.config)
            let spec = try TrainingRuns.spec(entry: entry, dataset: request.dataset, config: config)
            let dependencies = try TrainingRuns.prerequisites(of: entry, dataset: request.dataset, config: config).map { prerequisite in
                var needed = request
                needed.dataset = prerequisite.dataset
                return try add(needed, model: prerequisite.model, chapter: chapter)
            }
            if runs[spec.name] == nil {
                runs[spec.name] = PlannedRun(spec: spec, request: RunRequest(model: model, dataset: request.dataset, seed: request.seed,
                                                                             variant: request.variant),
                                             chapters: [], dependencies: dependencies, config: try spec.config(),
                                             isTrained: store.folder(for: spec).isComplete)
                order.append(spec.name)
            }
            if runs[spec.name]?.chapters.contains(chapter) == false { runs[spec.name]?.chapters.append(chapter) }
            return spec.name
        }
        for (chapter, requests) in plan.chapters {
            for request in requests { _ = try add(request, model: request.model, chapter: chapter) }
        }
        let planned = order.compactMap { runs[$0] }
        let prerequisites = Set(planned.flatMap(\.dependencies))
        func depth(_ run: PlannedRun) -> Int { run.dependencies.compactMap { runs[$0] }.map { depth($0) + 1 }.max() ?? 0 }
        return planned.enumerated().sorted {
            (depth($0.element), prerequisites.contains($0.element.spec.name) ? 0 : 1, $0.offset)
                < (depth($1.element), prerequisites.contains($1.element.spec.name) ? 0 : 1, $1.offset)
        }.map { run in
            var run = run.element
            run.chapters.append(recordChapter)
            return run
        }
    }
}
