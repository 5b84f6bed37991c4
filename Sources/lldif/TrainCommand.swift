import ArgumentParser
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
        Models: \(ModelRegistry.all.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")).

        Datasets: syn-raf, syn-ferplus, syn-kdef and their low-light versions ll-syn-raf, ll-syn-ferplus, \
        ll-syn-kdef; with --set data.source=real data.root=DIR the matching real dataset (RAF-DB, FERPlus, \
        KDEF) is read instead.

        `lldif config --profile P` lists every setting --set can change.
        """
    )

    @Option(help: "Model to train: \(ModelRegistry.names.joined(separator: ", ")).")
    var model: String

    @Option(help: "Dataset, e.g. ll-syn-raf or syn-raf.")
    var dataset: String

    @Option(help: "Profile: smoke, quick or full.")
    var profile: Profile = .quick

    @Option(name: .customLong("set"), parsing: .upToNextOption, help: "Override settings: --set key=value [key=value ...] (repeatable).")
    var overrides: [String] = []

    @Option(help: "Run seed (sets train.seed).")
    var seed: Int?

    @Option(help: "Run store folder (default: $LLDIF_RUNS or ./runs).")
    var store: String?

    func run() throws {
        let runStore = store.map { RunStore(root: URL(fileURLWithPath: $0, isDirectory: true)) } ?? .standard()
        var settings: Settings
        do {
            settings = try profile.settings(overriding: overrides + (seed.map { ["train.seed=\($0)"] } ?? []))
        } catch let error as SettingsError {
            throw ValidationError(error.description)
        }
        do {
            let folder = try TrainingRuns.obtain(model: model, dataset: dataset, settings: settings, store: runStore)
            let metrics = try folder.readMetrics(RunMetrics.self)
            print(String(format: "run %@: test accuracy %.4f on %d images (%.2f s per epoch)", folder.spec.name,
                         metrics.accuracy, metrics.testCount, metrics.secondsPerEpoch))
            print("folder: \(folder.url.path)")
        } catch let error as TrainingError {
            throw ValidationError(error.description)
        }
    }
}
