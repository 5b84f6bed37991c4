import ArgumentParser
import Configuration
import Foundation
import LLDif
import Paper

/// `lldif train`: trains a model through the run store, so a finished run is reused and an
/// interrupted one resumes from its last checkpoint.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on a dataset (reusing a finished run, resuming an interrupted one).",
        discussion: """
        Models: \(ModelRegistry.all.map { "\($0.id.rawValue) (\($0.summary))" }.joined(separator: "; ")).

        Datasets: \(DatasetID.all.map(\.name).joined(separator: ", ")). A real dataset (ll-raf-db, \
        ll-ferplus, ll-kdef, ...) is read from --set data.root=DIR, the folder holding raf-db/, ferplus/ \
        and kdef/; with --set data.source=real a SynFER name reads the real dataset it mirrors.

        `lldif config --profile P` lists every setting --set can change; `lldif plan` lists the runs of the paper.
        """
    )

    @Option(help: "Model to train: \(ModelID.allCases.map(\.rawValue).joined(separator: ", ")).")
    var model: ModelID

    @Option(help: "Dataset, e.g. ll-syn-raf or syn-raf.", transform: { try DatasetID(parsing: $0) })
    var dataset: DatasetID

    @Option(help: "Profile: \(Profile.allCases.map(\.rawValue).joined(separator: ", ")).")
    var profile: Profile = .quick

    @Option(name: .customLong("set"), parsing: .upToNextOption, help: "Override settings: --set key.path=value [key.path=value ...] (repeatable).")
    var overrides: [String] = []

    @Option(help: "Run seed (sets train.seed).")
    var seed: Int?

    @Option(help: "Run store folder (default: $LLDIF_RUNS or ./runs).")
    var store: String?

    @Option(help: "The run (model/hash) these arguments must resolve to; `lldif plan` passes it so that what trains is what it listed.")
    var expectRun: String?

    func run() throws {
        let runStore = store.map { RunStore(root: URL(fileURLWithPath: $0, isDirectory: true)) } ?? .standard()
        let config: ExperimentConfig
        // A real dataset's name (ll-raf-db) reads the real data; the overrides may still set data.root.
        let implied = dataset.source == .real ? ["data.source=real"] : []
        do { config = try profile.config(overriding: implied + overrides + (seed.map { ["train.seed=\($0)"] } ?? [])) }
        catch let error as SettingsError { throw ValidationError(error.description) }
        if let expectRun {
            let spec = try TrainingRuns.spec(entry: try ModelRegistry.entry(model), dataset: dataset, config: config)
            guard spec.name == expectRun else {
                throw ValidationError("these arguments resolve to run \(spec.name), not \(expectRun); run `lldif plan` again")
            }
        }
        do {
            let folder = try TrainingRuns.obtain(model: model, dataset: dataset, config: config, store: runStore)
            let metrics = try folder.readMetrics(RunMetrics.self)
            print(String(format: "run %@: test accuracy %.4f on %d images (%.2f s per epoch)", folder.spec.name,
                         metrics.accuracy, metrics.testCount, metrics.secondsPerEpoch))
            print("folder: \(folder.url.path)")
        } catch let error as TrainingError {
            throw ValidationError(error.description)
        }
    }
}

extension ModelID: ExpressibleByArgument {}
