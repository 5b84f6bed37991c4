import Foundation
import Testing
import Paper

/// A fresh store in a temporary folder.
private func temporaryStore() throws -> RunStore {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("runstore-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return RunStore(root: url)
}

private struct Metrics: Codable, Equatable { var accuracy: Double }

/// Counts calls from several threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func increment() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}

@Suite struct RunStoreTests {
    let spec = RunSpec(model: "resnet18", revision: 1, settings: Profile.smoke.settings)

    @Test func identityIsTheConfigNotTheTime() {
        let same = RunSpec(model: "resnet18", revision: 1, settings: Profile.smoke.settings)
        #expect(spec.hash == same.hash)
        #expect(spec.hash.count == 16)
        var other = spec
        other.revision = 2
        #expect(other.hash != spec.hash)
        var changed = spec
        changed.settings["train.epochs"] = .int(99)
        #expect(changed.hash != spec.hash)
    }

    @Test func aCompleteRunIsNotTrainedAgain() throws {
        let store = try temporaryStore()
        let calls = Counter()
        for _ in 0..<2 {
            try store.obtain(spec) { run in
                calls.increment()
                try run.writeMetrics(Metrics(accuracy: 0.5))
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
                try run.writeMetrics(Metrics(accuracy: 1))
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
        try run.log(["epoch": .int(1), "loss": .double(0.5)])
        try run.log(["epoch": .int(2), "loss": .double(0.25)])
        #expect(try run.logEntries().map { $0["epoch"] } == [.int(1), .int(2)])
        let handle = try FileHandle(forWritingTo: run.logURL)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"epoch\": 3, \"lo".utf8))
        try handle.close()
        #expect(throws: RunStoreError.damagedFile(run.logURL.path, line: 3)) { try run.logEntries() }
    }
}
