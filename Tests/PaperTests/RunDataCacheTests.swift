import DatasetStore
import Configuration
import FaceData
import Foundation
import LLDif
import Paper
import Testing

@Suite struct RunDataCacheTests {
    @Test func runsOnTheSameDataShareOneCacheFileInTheStore() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("run-data-cache-\(UUID().uuidString)")
        let store = RunStore(root: root)
        let settings = try Profile.smoke.config(overriding: [
            "data.train_count=32", "data.test_count=16", "data.image_size=16", "train.epochs=1", "pretrain.backbone=none",
        ])
        var lines: [String] = []
        let first = try TrainingRuns.obtain(model: .resnet18, dataset: DatasetID(.synRAF, lowLight: true), config: settings, store: store) {
            lines.append($0)
        }
        let cacheFolder = TrainingRuns.dataCache(in: store).folder
        #expect(cacheFolder.path == root.appendingPathComponent("data-cache").path)
        let files = try FileManager.default.contentsOfDirectory(atPath: cacheFolder.path).filter { $0.hasSuffix(".safetensors") }
        #expect(files.count == 1)
        #expect(lines.contains { $0.hasPrefix("data built and stored in the cache") })

        // Another run (another training seed) on the same data reads it back.
        lines = []
        var reseeded = settings
        reseeded.train.seed = 7
        _ = try TrainingRuns.obtain(model: .resnet18, dataset: DatasetID(.synRAF, lowLight: true), config: reseeded, store: store) {
            lines.append($0)
        }
        #expect(lines.contains { $0.hasPrefix("data read from the cache") })

        // Loading a finished run holds its data from the same file: the samples are those of the run.
        let loaded = try TrainingRuns.load(first)
        #expect(loaded.data.train.count == 32 && loaded.data.test.count == 16)
        let uncached = try DatasetChoice(dataset: DatasetID(.synRAF, lowLight: true), data: settings.data).open(imageSize: 16)
        for index in 0..<16 {
            let a = try loaded.data.test.source.sample(.test, index), b = try uncached.test.source.sample(.test, index)
            #expect(a.image.pixels.map(\.bitPattern) == b.image.pixels.map(\.bitPattern) && a.label == b.label)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cacheFolder.path).filter { $0.hasSuffix(".safetensors") }.count == 1)
    }
}
