import Chapters
import Foundation
import LLDif
import NN
import Paper
import Testing

/// A stored evaluation written and read back through the real file format.
func storedEvaluation(labels: [Int], predictions: [Int], classes: Int = 3, run: String = "m/abc") throws -> ClassifierEvaluation {
    let n = labels.count
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("eval-\(UUID().uuidString).safetensors")
    defer { try? FileManager.default.removeItem(at: url) }
    let probabilities = predictions.flatMap { p in (0..<classes).map { $0 == p ? Float(1) : 0 } }
    try SafeTensors.write([
        "features": StoredTensor(shape: [n, 2], values: (0..<(2 * n)).map(Float.init)),
        "probabilities": StoredTensor(shape: [n, classes], values: probabilities),
        "labels": StoredTensor(shape: [n], values: labels.map(Float.init)),
        "predictions": StoredTensor(shape: [n], values: predictions.map(Float.init)),
    ], metadata: ["run": run, "class_names": (0..<classes).map { "c\($0)" }.joined(separator: ",")], to: url)
    return try ClassifierEvaluation(contentsOf: url)
}

@Suite struct StoredEvaluationTests {
    @Test func readsWhatTheExportWrites() throws {
        let e = try storedEvaluation(labels: [0, 1, 2, 1], predictions: [0, 2, 2, 1])
        #expect(e.classNames == ["c0", "c1", "c2"])
        #expect(e.labels == [0, 1, 2, 1] && e.predictions == [0, 2, 2, 1])
        #expect(e.probabilities[3..<6] == [0, 0, 1])
        #expect(e.features == (0..<8).map(Float.init))
        #expect(e.accuracy == 0.75)
        #expect(e.featureSize == 2)
    }

    @Test func rejectsAFileWithoutPredictions() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensors.write(["labels": StoredTensor(shape: [1], values: [0])], to: url)
        #expect(throws: SafeTensorsError.self) { try ClassifierEvaluation(contentsOf: url) }
    }
}

@Suite struct SeedAccuracyTests {
    @Test func poolsSeedsPerImage() throws {
        let a = try storedEvaluation(labels: [0, 1, 2, 1], predictions: [0, 1, 0, 0])  // 0.5
        let b = try storedEvaluation(labels: [0, 1, 2, 1], predictions: [0, 0, 2, 0])  // 0.5
        let pooled = try SeedAccuracy([a, b])
        #expect(pooled.perSeed == [0.5, 0.5])
        #expect(pooled.mean == 0.5)
        #expect(pooled.summary.standardDeviation == 0)
        #expect(pooled.hitRate == [1, 0.5, 0.5, 0])
        // Class 1 has images 1 and 3: hit rates 0.5 and 0 → 0.25; class 2: 0.5.
        let perClass = pooled.perClassAccuracy(classes: 4)
        #expect(perClass[0] == 1 && perClass[1] == 0.25 && perClass[2] == 0.5 && perClass[3] == nil)
        #expect(pooled.pooledConfusion(classes: 3) == [[2, 0, 0], [3, 1, 0], [1, 0, 1]])
    }

    @Test func refusesDifferentTestSets() throws {
        let a = try storedEvaluation(labels: [0, 1], predictions: [0, 1])
        let b = try storedEvaluation(labels: [1, 0], predictions: [0, 1])
        #expect(throws: ChapterError.self) { try SeedAccuracy([a, b]) }
    }

    @Test func pairedDifferenceAndItsStandardError() throws {
        let labels = [0, 0, 0, 0]
        let a = try SeedAccuracy([try storedEvaluation(labels: labels, predictions: [0, 0, 0, 1])])
        let b = try SeedAccuracy([try storedEvaluation(labels: labels, predictions: [0, 1, 1, 1])])
        let d = try PairedDifference(a, b, seed: 1)
        // d_i = [0, 1, 1, 0]: mean 0.5, sample sd √(1/3), SE = √(1/3)/2.
        #expect(abs(d.difference - 0.5) < 1e-12)
        #expect(abs(d.standardError - (1.0 / 3).squareRoot() / 2) < 1e-12)
        #expect(d.interval.lower <= 0.5 && d.interval.upper >= 0.5)
        #expect(d.interval.lower >= 0 && d.interval.upper <= 1)
    }
}

@Suite struct EPDAgreementTests {
    @Test func perfectEstimatesOfOrthogonalClassPriors() throws {
        // Two images of different classes whose estimates equal their targets, orthogonal to each other.
        let z: [Float] = [1, 0, 0, 2]
        let a = try EPDAgreement(targets: z, estimates: z, dimension: 2, labels: [0, 1])
        #expect(abs(a.ownCosine - 1) < 1e-12)
        #expect(abs(a.otherClassCosine) < 1e-12)
        #expect(abs(a.cosineMargin - 1) < 1e-12)
        #expect(abs(a.kl) < 1e-12)
    }

    @Test func swappedEstimatesHaveANegativeMarginAndAPositiveKL() throws {
        let targets: [Float] = [1, 0, 0, 1], estimates: [Float] = [0, 1, 1, 0]
        let a = try EPDAgreement(targets: targets, estimates: estimates, dimension: 2, labels: [0, 1])
        #expect(abs(a.cosineMargin + 1) < 1e-12)
        // KL(softmax([1,0]) ‖ softmax([0,1])) = (p − q)·log(p/q) summed = (2σ(1) − 1)·1.
        let p = 1 / (1 + exp(-1.0))
        #expect(abs(a.kl - (2 * p - 1)) < 1e-9)
    }

    @Test func rejectsMismatchedSizes() {
        #expect(throws: ChapterError.self) {
            try EPDAgreement(targets: [1, 2, 3], estimates: [1, 2], dimension: 2, labels: [0])
        }
    }
}

@Suite struct ExperimentPlanTests {
    @Test func everyRunOnceWithStageOneFirst() throws {
        let plan = try ExperimentPlan(settings: Profile.smoke.settings)
        let all = plan.allRuns
        #expect(Set(all).count == all.count)
        let firstOther = all.firstIndex { $0.model != ExperimentPlan.stage1 }!
        #expect(all[..<firstOther].allSatisfy { $0.model == ExperimentPlan.stage1 })
        #expect(!all[firstOther...].contains { $0.model == ExperimentPlan.stage1 })
        // Every run of the chapters is in the list.
        for r in plan.accuracyRuns + plan.featureRuns + plan.stepRuns + plan.ablationRuns { #expect(all.contains(r)) }
        // T = 4 is LLDif itself: the step study and the ablation share that run.
        #expect(plan.stepRun(steps: 4, seed: 0) == plan.ablationRun(Ablation.all[0], seed: 0))
    }

    @Test func rejectsAStepListWithoutFour() throws {
        var settings = Profile.smoke.settings
        try settings.apply(override: "paper.steps=1,2")
        #expect(throws: ChapterError.self) { try ExperimentPlan(settings: settings) }
    }

    @Test func trainArgumentsCarryTheIdentity() {
        let r = RunRequest(model: "lldif", dataset: "ll-syn-raf", seed: 2, variant: ["diffusion.steps=8"])
        #expect(r.trainArguments(profile: .quick, overrides: ["data.root=/a b"]) ==
                ["--model", "lldif", "--dataset", "ll-syn-raf", "--profile", "quick", "--set", "data.root=/a b",
                 "--set", "train.seed=2", "--set", "diffusion.steps=8"])
    }

    @Test func requestSettingsMatchTheTrainCommand() throws {
        // The run a chapter reads must be the run `lldif train` with the printed arguments makes.
        let r = RunRequest(model: "scn", dataset: "ll-syn-raf", seed: 1, variant: ["scn.beta=0.5"])
        let viaRequest = try r.settings(base: try Profile.smoke.settings(overriding: ["data.seed=3"]))
        let viaCommand = try Profile.smoke.settings(overriding: ["data.seed=3", "train.seed=1", "scn.beta=0.5"])
        #expect(viaRequest == viaCommand)
    }
}

@Suite struct ChapterRunDependencyTests {
    @Test func theRunsAChapterReadsEnterItsInputs() throws {
        let options = try ChapterOptions.parse(["--profile", "smoke", "--figures", "/tmp/unused-figures"])
        var ctx = try ChapterContext(chapter: "04-accuracy", revision: 1, options: options)
        let alone = ctx.inputsHash
        ctx.depend(onRuns: ["scn/1", "lldif/2"])
        let withRuns = ctx.inputsHash
        ctx.depend(onRuns: ["lldif/2", "scn/1"])
        #expect(ctx.inputsHash == withRuns)
        ctx.depend(onRuns: ["scn/1", "lldif/3"])
        #expect(ctx.inputsHash != withRuns)
        #expect(withRuns != alone)
    }
}
