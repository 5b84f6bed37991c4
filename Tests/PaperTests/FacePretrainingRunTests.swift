import Configuration
import FaceData
import Foundation
import LLDif
import NN
import Paper
import Testing

@Suite struct FacePretrainingRunTests {
    @Test func aBaselineRunObtainsTheSharedPretrainingFirstAndADamagedOneIsRebuilt() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("face-pretraining-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = RunStore(root: root)
        let settings = try Profile.smoke.config(overriding: [
            "data.train_count=64", "data.test_count=32", "data.image_size=16", "train.epochs=1",
            "pretrain.backbone=face", "pretrain.epochs=1",
        ])
        var lines: [String] = []
        let folder = try TrainingRuns.obtain(model: .resnet18, dataset: DatasetID(.synRAF, lowLight: true), config: settings, store: store) {
            lines.append($0)
        }
        #expect(folder.isComplete)
        let pretrainingLine = try #require(lines.firstIndex { $0.hasPrefix("training face-pretrain/") })
        #expect(lines[pretrainingLine].contains("on syn-faces"), "\(lines[pretrainingLine])")
        let pretraining = try TrainingRuns.spec(entry: try ModelRegistry.entry(.facePretrain), dataset: .pretrainingCorpus, config: settings)
        let pretrained = store.folder(for: pretraining)
        #expect(pretrained.isComplete)
        let metrics = try pretrained.readMetrics(RunMetrics.self)
        #expect(metrics.classNames.count == FacePretrainingCorpus.people && metrics.testCount == FacePretrainingCorpus.count(.test))

        // Another model of the family on another dataset reuses it; a damaged one is trained again.
        var bytes = try Data(contentsOf: pretrained.checkpointURL)
        bytes[bytes.count - 3] ^= 0xFF
        try bytes.write(to: pretrained.checkpointURL)
        lines = []
        _ = try TrainingRuns.obtain(model: .eac, dataset: DatasetID(.synKDEF, lowLight: true), config: settings, store: store) {
            lines.append($0)
        }
        #expect(lines.contains { $0.hasPrefix("training face-pretrain/") }, "\(lines)")
        #expect(pretrained.checkCheckpoint() == .verified)
    }
}
