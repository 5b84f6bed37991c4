import ArgumentParser
import Foundation
import LLDif
import NN
import Paper

/// `lldif eval`: evaluates a trained run on its test split; optionally exports its features.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a trained run on its test split: accuracy, per-class accuracy, optional feature export.",
        discussion: """
        RUN is model/hash as `lldif runs` lists it, or a run folder. --features writes a safetensors file with
        `features` [N, D] (penultimate), `probabilities` [N, classes], `labels` and `predictions` [N] (class
        indices as floats), and the class names in its metadata.
        """
    )

    @Argument(help: ArgumentHelp("The run: model/hash or a run folder.", valueName: "run"))
    var runReference: String

    @Option(help: "Write features, probabilities, labels and predictions to this safetensors file.")
    var features: String?

    @Option(help: "Run store folder (default: $LLDIF_RUNS or ./runs).")
    var store: String?

    func run() throws {
        let runStore = store.map { RunStore(root: URL(fileURLWithPath: $0, isDirectory: true)) } ?? .standard()
        do {
            let folder = try TrainingRuns.folder(runReference, store: runStore)
            let loaded = try TrainingRuns.load(folder)
            let evaluation = try Evaluator.evaluate(loaded.model, on: loaded.data.test, imageSize: loaded.imageSize)
            print("run \(folder.spec.name) on \(folder.spec.dataset) test split (\(evaluation.count) images)")
            print(String(format: "accuracy %.4f", evaluation.accuracy))
            let width = evaluation.classNames.map(\.count).max() ?? 0
            for (name, accuracy) in zip(evaluation.classNames, evaluation.perClassAccuracy) {
                print("  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                      + (accuracy.map { String(format: "%.4f", $0) } ?? "no samples"))
            }
            if let features {
                try EvaluationExport.write(evaluation, to: URL(fileURLWithPath: features), run: folder.spec.name)
                print("features [\(evaluation.count), \(evaluation.featureSize)] written to \(features)")
            }
        } catch let error as TrainingError {
            throw ValidationError(error.description)
        }
    }
}
