import Configuration
import Paper

/// A run as the schedulers see it: its name, what it is in words, the runs it waits for, its
/// estimated cost, how many epochs it logs, whether it is trained, and the `lldif train`
/// arguments that train it. Made from `RunPlan`'s planned runs (`init(_:cost:)`); tests make them
/// directly.
public struct ScheduledRun: Sendable, Equatable {
    /// The run's identity, `model/hash`.
    public var name: String
    /// The run in words: `lldif on ll-syn-raf (seed 1, T = 8)`.
    public var label: String
    /// The runs (`model/hash`) it starts from.
    public var dependencies: [String]
    /// Estimated seconds of training (the cost model's).
    public var cost: Double
    /// Epochs its log will hold when it has finished.
    public var epochs: Int
    /// True when the run store holds it finished.
    public var isTrained: Bool
    /// The `lldif train` arguments that train it (ending in `--expect-run model/hash`).
    public var arguments: [String]
    /// A name for a job scheduler's queue: `model.dataset.hash`.
    public var jobName: String

    /// A run from its parts.
    public init(name: String, label: String, dependencies: [String] = [], cost: Double, epochs: Int = 1,
                isTrained: Bool = false, arguments: [String] = [], jobName: String? = nil) {
        self.name = name
        self.label = label
        self.dependencies = dependencies
        self.cost = cost
        self.epochs = epochs
        self.isTrained = isTrained
        self.arguments = arguments
        self.jobName = jobName ?? name.replacingOccurrences(of: "/", with: ".")
    }

    /// The planned run `run`, priced by `cost`.
    public init(_ run: PlannedRun, cost: CostModel) throws {
        let details = [["seed \(run.request.seed)"], run.request.variant.description.isEmpty ? [] : [run.request.variant.description]]
        self.init(name: run.spec.name,
                  label: "\(run.spec.model.rawValue) on \(run.spec.dataset.name) (\(details.joined().joined(separator: ", ")))",
                  dependencies: run.dependencies,
                  cost: cost.seconds(model: run.spec.model, dataset: run.spec.dataset, config: run.config),
                  epochs: TrainingPhase.totalEpochs(of: run.spec.model, config: run.config),
                  isTrained: run.isTrained, arguments: try run.trainArguments(),
                  jobName: "\(run.spec.model.rawValue).\(run.spec.dataset.name).\(run.spec.hash)")
    }
}
