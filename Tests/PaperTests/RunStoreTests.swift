import LLDif
import Configuration
import Foundation
import NN
import Testing
import Paper

/// A fresh store in a temporary folder.
private func temporaryStore() throws -> RunStore {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("runstore-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return RunStore(root: url)
}

private struct Metrics: Codable, Equatable { var accuracy: Double }

/// What a trainer leaves in a finished run: a checkpoint (with its checksum) and the metrics.
private func finish(_ run: RunFolder, accuracy: Double) throws {
    try SafeTensors.write(["model.w": StoredTensor(shape: [2], values: [1, 2])], checksummed: true, to: run.checkpointURL)
    try run.writeMetrics(Metrics(accuracy: accuracy))
}

/// Counts calls from several threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func increment() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}

@Suite struct RunStoreTests {
    static func spec(_ config: ExperimentConfig = Profile.smoke.config, reads: [String] = ["data", "train", "model"]) throws -> RunSpec {
        try RunSpec(model: .resnet18, revision: 1, dataset: DatasetID(.synRAF, lowLight: true), config: config, reads: reads)
    }
    let spec = try! RunStoreTests.spec()

    @Test func identityIsTheConfigNotTheTime() throws {
        let same = try Self.spec()
        #expect(spec.hash == same.hash)
        #expect(spec.hash.count == 16)
        var other = spec
        other.revision = 2
        #expect(other.hash != spec.hash)
        #expect(try Self.spec(Profile.smoke.config(overriding: ["train.epochs=99"])).hash != spec.hash)
        // A setting the run does not read does not change it, and the run trains with the profile's value of it.
        let unread = try Self.spec(Profile.smoke.config(overriding: ["scn.beta=0.5"]))
        #expect(unread.hash == spec.hash)
        #expect(try unread.config().scn.beta == Profile.smoke.config.scn.beta)
        // What the run reads comes back from its spec as it was set.
        let read = try Self.spec(Profile.smoke.config(overriding: ["scn.beta=0.5"]), reads: ["data", "train", "model", "scn"])
        #expect(read.hash != spec.hash)
        #expect(try read.config().scn.beta == 0.5)
        #expect(try JSONDecoder().decode(RunSpec.self, from: try read.canonicalJSON()) == read)
    }

    @Test func theRunsItStartsFromArePartOfItsIdentity() throws {
        func spec(_ startsFrom: [String]) throws -> RunSpec {
            try RunSpec(model: .resnet18, revision: 1, dataset: DatasetID(.synRAF, lowLight: true), config: Profile.smoke.config,
                        reads: ["data", "train", "model"], startsFrom: startsFrom)
        }
        // The same settings from another face pretraining (another revision, say) are another run.
        let fromOld = try spec(["face-pretrain/0123456789abcdef"]), fromNew = try spec(["face-pretrain/fedcba9876543210"])
        #expect(fromOld.hash != fromNew.hash)
        #expect(fromOld.hash != self.spec.hash)
        #expect(try spec(["b/2", "a/1"]) == spec(["a/1", "b/2"]))
        #expect(try JSONDecoder().decode(RunSpec.self, from: try fromOld.canonicalJSON()) == fromOld)
        // A run that starts from nothing writes no `starts_from`: its identity is the one it had before
        // the field existed, and a stored spec without the field reads back as starting from nothing.
        let plain = String(decoding: try self.spec.canonicalJSON(), as: UTF8.self)
        #expect(!plain.contains("starts_from"))
        #expect(String(decoding: try fromOld.canonicalJSON(), as: UTF8.self).contains("\"starts_from\":[\"face-pretrain/0123456789abcdef\"]"))
        #expect(try JSONDecoder().decode(RunSpec.self, from: Data(plain.utf8)).startsFrom.isEmpty)
    }

    @Test func aCompleteRunIsNotTrainedAgain() throws {
        let store = try temporaryStore()
        let calls = Counter()
        for _ in 0..<2 {
            try store.obtain(spec) { run in
                calls.increment()
                try finish(run, accuracy: 0.5)
            }
        }
        #expect(calls.value == 1)
        #expect(try store.folder(for: spec).readMetrics(Metrics.self) == Metrics(accuracy: 0.5))
        #expect(try store.list().map(\.state) == ["complete"])
    }

    @Test func concurrentRequestsTrainOnce() throws {
        let store = try temporaryStore()
        let calls = Counter()
        let spec = self.spec
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            _ = try? store.obtain(spec) { run in
                calls.increment()
                Thread.sleep(forTimeInterval: 0.05)
                try finish(run, accuracy: 1)
            }
        }
        #expect(calls.value == 1)
        #expect(store.folder(for: spec).isComplete)
    }

    @Test func anInterruptedRunIsResumedFromItsCheckpoint() throws {
        struct Killed: Error {}
        let store = try temporaryStore()
        #expect(throws: Killed.self) {
            try store.obtain(spec) { run in
                try Data("epoch 3".utf8).write(to: run.checkpointURL)
                throw Killed()
            }
        }
        #expect(!store.folder(for: spec).isComplete)
        #expect(try store.list().map(\.state) == ["interrupted"])
        var resumedFrom: String?
        try store.obtain(spec) { run in
            resumedFrom = String(decoding: try Data(contentsOf: run.checkpointURL), as: UTF8.self)
            try run.writeMetrics(Metrics(accuracy: 0.9))
        }
        #expect(resumedFrom == "epoch 3")
    }

    @Test func aTrainerThatWritesNoMetricsDoesNotCompleteTheRun() throws {
        let store = try temporaryStore()
        #expect(throws: RunStoreError.noMetrics(spec.name)) { try store.obtain(spec) { _ in } }
        #expect(!store.folder(for: spec).isComplete)
    }

    @Test func logLinesRoundTripAndDamageIsLocated() throws {
        let store = try temporaryStore()
        let run = store.folder(for: spec)
        try FileManager.default.createDirectory(at: run.url, withIntermediateDirectories: true)
        let records = [EpochReport(epoch: 1, loss: 0.5, trainAccuracy: 0.1, valAccuracy: nil, learningRate: 1e-3, wallSeconds: 2),
                       EpochReport(epoch: 2, loss: 0.25, trainAccuracy: 0.2, valAccuracy: 0.3, learningRate: 1e-3, wallSeconds: 2,
                                   stage: "stage1", extras: ["relabelled": 4])]
        for record in records { try run.log(record) }
        #expect(try run.logEntries() == records)
        let handle = try FileHandle(forWritingTo: run.logURL)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"epoch\": 3, \"lo".utf8))
        try handle.close()
        #expect(throws: RunStoreError.damagedFile(run.logURL.path, line: 3)) { try run.logEntries() }
    }
}
