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
    /// The chapter's settings, which every request starts from.
    public let settings: Settings
    /// Where the runs live.
    public let store: RunStore
    private var cache: [RunRequest: TrainedRun] = [:]

    /// Runs with the chapter's settings in `store` (default: `$LLDIF_RUNS` or `./runs`).
    public init(settings: Settings, store: RunStore = .standard()) {
        self.settings = settings
        self.store = store
    }

    /// The run's identity in the store, without training anything.
    public func spec(_ request: RunRequest) throws -> RunSpec {
        let entry: ModelEntry
        do { entry = try ModelRegistry.entry(named: request.model) }
        catch let error as TrainingError { throw ChapterError.settings(error.description) }
        return TrainingRuns.spec(entry: entry, dataset: request.dataset, settings: try request.settings(base: settings))
    }

    /// The hashes of `requests`' runs: what a chapter's results depend on besides its settings.
    public func hashes(_ requests: [RunRequest]) throws -> [String] {
        try requests.map { try spec($0).name }
    }

    /// The finished run of `request`, trained first when it is missing.
    public mutating func obtain(_ request: RunRequest) throws -> TrainedRun {
        if let run = cache[request] { return run }
        let folder: RunFolder
        do {
            folder = try TrainingRuns.obtain(model: request.model, dataset: request.dataset,
                                             settings: try request.settings(base: settings), store: store)
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
