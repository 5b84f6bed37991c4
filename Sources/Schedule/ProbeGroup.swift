import Configuration
import Paper

/// The runs of a plan that one probe prices: a model (LLDif's three entries count as one, since one
/// probe of `lldif` trains all four of its phases) at one size, with the dataset and configuration
/// of the first such run (for LLDif, of its first stage-2 run).
public struct ProbeGroup: Sendable {
    /// The model the probe trains (`lldif` for LLDif's stage-0, stage-1 and stage-2 runs).
    public var model: ModelID
    /// The dataset of the probe's data (its size and channels; the images are SynFER's).
    public var dataset: DatasetID
    /// The configuration the probe trains with, before it is cut to a few steps.
    public var config: ExperimentConfig
    /// The keys the probe measures: every phase with epochs (for `lldif`, of both LLDif entries).
    public var keys: [CostKey] {
        Self.members(of: model).flatMap { m in
            TrainingPhase.phases(of: m, config: config).filter { $0.epochs > 0 }.map { CostKey(model: m, phase: $0.name, config: config) }
        }
    }

    /// The distinct (model, size) groups of `runs`, in plan order.
    public static func groups(of runs: [PlannedRun]) -> [ProbeGroup] {
        var order: [String] = [], chosen: [String: PlannedRun] = [:]
        for run in runs {
            let id = "\(family(run.spec.model).rawValue) " + CostKey(model: run.spec.model, phase: "", config: run.config).sizeDescription
            if let current = chosen[id] {
                if current.spec.model != .lldif && run.spec.model == .lldif { chosen[id] = run }
                continue
            }
            chosen[id] = run
            order.append(id)
        }
        return order.compactMap { chosen[$0] }.map {
            ProbeGroup(model: family($0.spec.model), dataset: $0.spec.dataset, config: $0.config)
        }
    }

    /// The models a probe of `family` trains, in training order: LLDif's stage-0 and stage-1
    /// entries and LLDif for `lldif`, else the model alone.
    static func members(of family: ModelID) -> [ModelID] { family == .lldif ? [.lldifStage0, .lldifStage1, .lldif] : [family] }

    /// The model whose probe prices `model`'s runs.
    static func family(_ model: ModelID) -> ModelID { model == .lldifStage0 || model == .lldifStage1 ? .lldif : model }
}
