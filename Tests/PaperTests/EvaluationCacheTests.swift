import Configuration
import DatasetStore
import FaceData
import Foundation
import LLDif
import NN
import Paper
import Testing

/// A complete run in a fresh temporary store.
private func completeRun() throws -> RunFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("evalcache-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    let store = RunStore(root: url)
    let spec = try RunSpec(model: .resnet18, revision: 1, dataset: DatasetID(.synRAF, lowLight: true),
                           config: Profile.smoke.config, reads: ["data", "train", "model"])
    try store.obtain(spec) { run in
        try SafeTensors.write(["model.w": StoredTensor(shape: [2], values: [1, 2])], checksummed: true, to: run.checkpointURL)
        try run.writeMetrics(["accuracy": 0.5])
    }
    return store.folder(for: spec)
}

/// Counts the evaluations a cache computes.
private final class Calls: @unchecked Sendable {
    var count = 0
}

@Suite struct EvaluationCacheTests {
    let evaluation = ClassifierEvaluation(classNames: ["a", "b"], labels: [0, 1, 1], predictions: [0, 1, 0],
                                          probabilities: [0.9, 0.1, 0.2, 0.8, 0.6, 0.4], features: [1, 2, 3, 4, 5, 6], featureSize: 2)

    private func key(_ setting: String, seed: String = "1") -> EvaluationKey {
        EvaluationKey(data: DataCacheKey(label: "ll-syn-raf-64px", fields: ["seed": seed, "test_count": "3"]), split: .test, setting: setting)
    }

    @Test func aStoredEvaluationIsReadBackInsteadOfComputedAgain() throws {
        let cache = try EvaluationCache(try completeRun()), calls = Calls()
        for _ in 0..<2 {
            let read = try cache.evaluation(for: key("start: zero")) { calls.count += 1; return evaluation }
            #expect(read.labels == evaluation.labels && read.predictions == evaluation.predictions)
            #expect(read.probabilities == evaluation.probabilities && read.features == evaluation.features)
            #expect(read.classNames == evaluation.classNames && read.featureSize == 2)
        }
        #expect(calls.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.url.path).count == 1)
    }

    @Test func anotherSettingOrAnotherDataDrawIsComputed() throws {
        let cache = try EvaluationCache(try completeRun()), calls = Calls()
        for k in [key("start: zero"), key("start: noise seed 1001"), key("start: zero", seed: "2"), key("start: zero")] {
            _ = try cache.evaluation(for: k) { calls.count += 1; return evaluation }
        }
        #expect(calls.count == 3)
    }

    @Test func aDamagedOrForeignFileIsComputedAgainAndReplaced() throws {
        let cache = try EvaluationCache(try completeRun()), calls = Calls()
        var reports: [String] = []
        _ = try cache.evaluation(for: key("start: zero")) { calls.count += 1; return evaluation }
        let file = try #require(try FileManager.default.contentsOfDirectory(at: cache.url, includingPropertiesForKeys: nil).first)
        try Data("not a safetensors file".utf8).write(to: file)
        let read = try cache.evaluation(for: key("start: zero"), report: { reports.append($0) }) { calls.count += 1; return evaluation }
        #expect(read.predictions == evaluation.predictions && calls.count == 2)
        #expect(reports.count == 1 && reports[0].contains("cannot be read"))
        // A file under the right name holding another key's evaluation (a hash collision, or a copy).
        try EvaluationExport.write(evaluation, to: file, run: "resnet18/x", metadata: ["evaluation_key": "something else"])
        _ = try cache.evaluation(for: key("start: zero"), report: { reports.append($0) }) { calls.count += 1; return evaluation }
        #expect(calls.count == 3 && reports.count == 2 && reports[1].contains("another evaluation"))
        _ = try cache.evaluation(for: key("start: zero")) { calls.count += 1; return evaluation }
        #expect(calls.count == 3)
    }

    @Test func aFailedComputationStoresNothing() throws {
        struct Failure: Error {}
        let cache = try EvaluationCache(try completeRun())
        #expect(throws: Failure.self) { try cache.evaluation(for: key("start: zero")) { throw Failure() } }
        #expect(!FileManager.default.fileExists(atPath: cache.url.path))
    }

    @Test func anUnfinishedRunHasNoCache() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("evalcache-\(UUID().uuidString)")
        let spec = try RunSpec(model: .resnet18, revision: 1, dataset: DatasetID(.synRAF, lowLight: true),
                               config: Profile.smoke.config, reads: ["data"])
        #expect(throws: TrainingError.self) { try EvaluationCache(RunStore(root: url).folder(for: spec)) }
    }

    @Test func theKeyNamesEverythingTheOutcomeDependsOn() {
        let text = key("start: noise seed 1001").text
        #expect(text.contains("setting=start: noise seed 1001") && text.contains("split=test") && text.contains("seed=1"))
        #expect(text.contains("evaluation_format=\(EvaluationCache.formatVersion)"))
        #expect(PriorStart.noise(seed: 1001).description == "noise seed 1001")
        #expect(PriorStart.trainingInput(seed: 7).description == "training input seed 7" && PriorStart.zero.description == "zero")
    }
}
