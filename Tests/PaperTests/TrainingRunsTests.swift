import Configuration
import Foundation
import NN
import Paper
import Testing

@Suite struct TrainingRunsTests {
    @Test func aTrainedRunKeepsItsTestEvaluationAndIsReused() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("training-runs-\(UUID().uuidString)")
        let store = RunStore(root: root)
        let settings = try Profile.smoke.config(overriding: [
            "data.train_count=64", "data.test_count=32", "data.image_size=16", "train.epochs=1", "pretrain.backbone=none",
        ])
        var lines: [String] = []
        let folder = try TrainingRuns.obtain(model: .resnet18, dataset: DatasetID(.synRAF, lowLight: true), config: settings, store: store) {
            lines.append($0)
        }
        #expect(folder.isComplete)
        #expect(lines.first?.hasPrefix("training resnet18/") == true)
        let metrics = try folder.readMetrics(RunMetrics.self)
        let evaluation = try SafeTensorsFile(contentsOf: folder.url.appendingPathComponent(EvaluationExport.fileName))
        let labels = try evaluation.tensor(named: "labels")
        let predictions = try evaluation.tensor(named: "predictions")
        #expect(labels.shape == [metrics.testCount])
        // The stored predictions reproduce the metrics' accuracy.
        let correct = zip(labels.values, predictions.values).filter { $0 == $1 }.count
        #expect(abs(Double(correct) / Double(metrics.testCount) - metrics.accuracy) < 1e-12)

        lines = []
        let again = try TrainingRuns.obtain(model: .resnet18, dataset: DatasetID(.synRAF, lowLight: true), config: settings, store: store) {
            lines.append($0)
        }
        #expect(again.url.path == folder.url.path)
        #expect(lines == ["run \(folder.spec.name) is already trained; reusing it"])
    }
}
