import Configuration
import Foundation
import LLDif
import Paper

/// A finished training run as a chapter reads it: the request, its folder, its metrics, and on
/// demand its per-sample test evaluation and its epoch log.
public struct TrainedRun: Sendable {
    /// What the chapter asked for.
    public var request: RunRequest
    /// The run's folder in the store.
    public var folder: RunFolder
    /// Its `metrics.json`.
    public var metrics: RunMetrics

    /// The run's test evaluation (labels, predictions, probabilities, features).
    public func evaluation() throws -> ClassifierEvaluation {
        try ClassifierEvaluation(contentsOf: folder.url.appendingPathComponent(EvaluationExport.fileName))
    }

    /// Wall seconds the run took to train, from its status file (0 when not recorded).
    public var wallSeconds: Double { (try? folder.status())?.wallSeconds ?? 0 }
}

/// The runs of one chapter: trains what is missing through the run store (one run at a time, or
/// none at all when `make runs` trained them beforehand) and reads what is there.
public struct ChapterRuns {
    /// The plan whose configuration every request starts from.
    public let plan: ExperimentPlan
    /// Where the runs live.
    public let store: RunStore
    private var cache: [RunRequest: TrainedRun] = [:]

    /// Runs of `plan` in `store` (default: `$LLDIF_RUNS` or `./runs`).
    public init(plan: ExperimentPlan, store: RunStore = .standard()) {
        self.plan = plan
        self.store = store
    }

    /// The run's identity in the store, without training anything.
    public func spec(_ request: RunRequest) throws -> RunSpec {
        try TrainingRuns.spec(entry: try ModelRegistry.entry(request.model), dataset: request.dataset,
                              config: request.config(base: plan.config))
    }

    /// The finished run of `request`, trained first when it is missing.
    public mutating func obtain(_ request: RunRequest) throws -> TrainedRun {
        if let run = cache[request] { return run }
        let folder: RunFolder
        do {
            folder = try TrainingRuns.obtain(model: request.model, dataset: request.dataset,
                                             config: request.config(base: plan.config), store: store)
        } catch let error as TrainingError { throw ChapterError.data("run \(request): \(error.description)") }
        let run = TrainedRun(request: request, folder: folder, metrics: try folder.readMetrics(RunMetrics.self))
        cache[request] = run
        return run
    }

    /// The finished runs of `requests`, in order.
    public mutating func obtain(_ requests: [RunRequest]) throws -> [TrainedRun] {
        try requests.map { try obtain($0) }
    }
}
