import ArgumentParser
import FaceData
import Foundation
import LLDif
import Paper
import Tensor

/// `lldif predict`: the emotion of cropped face images, by a trained run.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict the emotion of cropped face images (PNG or JPEG) with a trained run.",
        discussion: "Each image is converted to the run's channels, resized to its input size and normalised as in training."
    )

    @Argument(help: ArgumentHelp("The run: model/hash or a run folder.", valueName: "run"))
    var runReference: String

    @Argument(help: "Face images (PNG or JPEG).")
    var images: [String]

    @Option(help: "Run store folder (default: $LLDIF_RUNS or ./runs).")
    var store: String?

    func validate() throws {
        if images.isEmpty { throw ValidationError("give at least one image") }
    }

    func run() throws {
        let runStore = store.map { RunStore(root: URL(fileURLWithPath: $0, isDirectory: true)) } ?? .standard()
        do {
            let loaded = try TrainingRuns.load(try TrainingRuns.folder(runReference, store: runStore))
            let classNames = loaded.data.train.classNames
            for path in images {
                let image = try ImageIO.read(path)
                let input = Predictor.input(for: [image], channels: loaded.channels, size: loaded.imageSize)
                let probabilities = try Predictor.probabilities(loaded.model, input)[0]
                guard let best = probabilities.indices.max(by: { probabilities[$0] < probabilities[$1] }),
                      best < classNames.count else {
                    throw ValidationError("run \(loaded.entry.id.rawValue) gave \(probabilities.count) class probabilities for \(path); its data has \(classNames.count) classes")
                }
                print("\(path): \(classNames[best]) (\(String(format: "%.3f", probabilities[best])))")
                let ranked = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }
                print("  " + ranked.map { "\(classNames[$0]) \(String(format: "%.3f", probabilities[$0]))" }.joined(separator: "  "))
            }
        } catch let error as TrainingError {
            throw ValidationError(error.description)
        }
    }
}
