import Configuration
import DatasetStore
import FaceData
import Foundation
import LLDif
import NN
import Paper
import Testing

/// A simulated kill between writing an epoch's log line and committing its checkpoint.
private struct KilledAfterLogging: Error {}

/// Finished runs whose checkpoint is damaged are never reused; no epoch's log line is lost or doubled.
@Suite(.serialized) struct RunIntegrityTests {
    static let dataset = DatasetID(.synRAF, lowLight: true)

    /// Tiny settings: 64 faces at 16 px, a width-4 network, `epochs` epochs.
    static func settings(epochs: Int = 2) throws -> ExperimentConfig {
        try Profile.smoke.config(overriding: [
            "data.train_count=64", "data.test_count=32", "data.image_size=16", "train.epochs=\(epochs)",
            "train.batch_size=16", "model.width=4", "train.eval_every_epoch=false", "pretrain.backbone=none",
        ])
    }

    /// A fresh store in a temporary folder.
    static func store() -> RunStore {
        RunStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("run-integrity-\(UUID().uuidString)"))
    }

    /// Obtains the tiny resnet18 run; returns its folder and the lines reported.
    static func obtain(_ store: RunStore) throws -> (RunFolder, [String]) {
        var lines: [String] = []
        let folder = try TrainingRuns.obtain(model: .resnet18, dataset: dataset, config: try settings(), store: store) {
            lines.append($0)
        }
        return (folder, lines)
    }

    @Test func aTruncatedOrAlteredCheckpointIsTrainedAgainNotReused() throws {
        let store = Self.store()
        defer { try? FileManager.default.removeItem(at: store.root) }
        let (folder, _) = try Self.obtain(store)
        let good = try Data(contentsOf: folder.checkpointURL)
        #expect(folder.checkCheckpoint() == .verified)
        let path = folder.checkpointURL.path

        // Truncated: the layout no longer adds up.
        try good.prefix(good.count / 2).write(to: folder.checkpointURL)
        var (again, lines) = try Self.obtain(store)
        #expect(lines.first == "run \(folder.spec.name) is not reused: \(path): truncated: expected at least \(good.count) bytes, found \(good.count / 2); training it again")
        #expect(lines.contains { $0.hasPrefix("training resnet18/") })
        #expect(try Data(contentsOf: again.checkpointURL) == good, "training is deterministic: the same checkpoint again")
        #expect(try again.logEntries().map(\.epoch) == [1, 2])

        // Overwritten inside a tensor, same length: only the checksum can tell.
        var altered = good
        altered[altered.count - 64] ^= 0x20
        try altered.write(to: folder.checkpointURL)
        (again, lines) = try Self.obtain(store)
        #expect(lines.first?.hasPrefix("run \(folder.spec.name) is not reused: \(path): checksum ") == true, "\(lines)")
        #expect(lines.first?.hasSuffix("the tensors' bytes changed after the file was written; training it again") == true)
        #expect(try Data(contentsOf: again.checkpointURL) == good)
        #expect(try again.logEntries().map(\.epoch) == [1, 2])

        // Intact: reused without a word beyond the usual line.
        (again, lines) = try Self.obtain(store)
        #expect(lines == ["run \(folder.spec.name) is already trained; reusing it"])
    }

    @Test func aCheckpointWrittenBeforeChecksumsIsReusedWithAWarning() throws {
        let store = Self.store()
        defer { try? FileManager.default.removeItem(at: store.root) }
        let (folder, _) = try Self.obtain(store)
        // Rewrite the checkpoint as the kit wrote it before this change: the same tensors and
        // metadata, no checksum.
        let file = try SafeTensorsFile(contentsOf: folder.checkpointURL)
        let metadata = (file.metadata ?? [:]).filter { $0.key != "checksum" }
        try SafeTensors.write(try file.allTensors(), metadata: metadata, to: folder.checkpointURL)
        #expect(folder.checkCheckpoint() == .unchecked)
        let (_, lines) = try Self.obtain(store)
        #expect(lines == [
            "warning: \(folder.checkpointURL.path) records no checksum (written before checkpoints carried one); reusing run \(folder.spec.name) on its intact layout",
            "run \(folder.spec.name) is already trained; reusing it",
        ])
    }

    @Test func aKillBetweenTheLogLineAndTheCheckpointLosesAndDoublesNoEpoch() throws {
        let settings = try Self.settings(epochs: 3)
        let store = Self.store()
        defer { try? FileManager.default.removeItem(at: store.root) }
        let spec = try TrainingRuns.spec(entry: try ModelRegistry.entry(.resnet18), dataset: Self.dataset, config: settings)
        let run = store.folder(for: spec)
        try FileManager.default.createDirectory(at: run.url, withIntermediateDirectories: true)
        let data = try DatasetChoice(dataset: Self.dataset, data: settings.data).open(imageSize: settings.data.imageSize)
        func trainer() throws -> (Trainer, any TrainableClassifier) {
            let model = try ModelRegistry.entry(.resnet18).build(try ModelContext(trainSet: data.train, config: settings))
            return (Trainer(model: model, trainSet: data.train, evaluationSet: data.test,
                            options: TrainingOptions(settings, showProgress: false), checkpointURL: run.checkpointURL), model)
        }
        // Killed after epoch 2's line is written and before its checkpoint is: the checkpoint holds epoch 1.
        #expect(throws: KilledAfterLogging.self) {
            try trainer().0.run { record in
                try run.log(record)
                if record.epoch == 2 { throw KilledAfterLogging() }
            }
        }
        #expect(try run.logEntries().map(\.epoch) == [1, 2])
        #expect(try SafeTensorsFile(contentsOf: run.checkpointURL).metadata?["epoch"] == "1")
        let (resumed, model) = try trainer()
        let outcome = try resumed.run { try run.log($0) }
        #expect(outcome.resumedFromEpoch == 1)
        let entries = try run.logEntries()
        #expect(entries.map(\.epoch) == [1, 2, 3], "each epoch exactly once")
        #expect(entries[1] == outcome.records[0], "epoch 2's line is the resumed run's")

        // The same weights as a run never interrupted.
        let whole = try RunStore(root: store.root.appendingPathComponent("whole")).folder(for: spec)
        try FileManager.default.createDirectory(at: whole.url, withIntermediateDirectories: true)
        let model2 = try ModelRegistry.entry(.resnet18).build(try ModelContext(trainSet: data.train, config: settings))
        _ = try Trainer(model: model2, trainSet: data.train, evaluationSet: data.test,
                        options: TrainingOptions(settings, showProgress: false), checkpointURL: whole.checkpointURL).run()
        let bits = { (m: any TrainableClassifier) in m.state().mapValues { $0.values.map(\.bitPattern) } }
        #expect(bits(model) == bits(model2))
    }

    @Test func aStaleLineIsReplacedWithEverythingAfterIt() throws {
        let store = Self.store()
        let run = store.folder(for: try TrainingRuns.spec(entry: try ModelRegistry.entry(.resnet18), dataset: Self.dataset,
                                                          config: try Self.settings()))
        try FileManager.default.createDirectory(at: run.url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: store.root) }
        func record(_ epoch: Int, _ loss: Double, stage: String? = nil) -> EpochReport {
            EpochReport(epoch: epoch, loss: loss, trainAccuracy: 0, valAccuracy: nil, learningRate: 1e-3, wallSeconds: 1, stage: stage)
        }
        for r in [record(1, 0.9, stage: "stage0"), record(2, 0.8, stage: "stage1"), record(3, 0.7, stage: "stage1")] {
            try run.log(r)
        }
        // Stage 1's checkpoint held its first epoch only: its second is logged again.
        try run.log(record(3, 0.6, stage: "stage1"))
        #expect(try run.logEntries() == [record(1, 0.9, stage: "stage0"), record(2, 0.8, stage: "stage1"), record(3, 0.6, stage: "stage1")])
        try run.log(record(2, 0.5, stage: "stage1"))
        #expect(try run.logEntries() == [record(1, 0.9, stage: "stage0"), record(2, 0.5, stage: "stage1")])
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.url.path) == ["log.jsonl"], "no temporary file left")
    }
}
