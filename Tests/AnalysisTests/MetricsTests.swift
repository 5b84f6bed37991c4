import Analysis
import KitSupport
import Testing

@Suite struct MetricsTests {
    @Test func confusionMatrixHandComputed() throws {
        let m = try ConfusionMatrix(truth: [0, 0, 1, 1, 2, 2], predicted: [0, 1, 1, 1, 2, 0], classes: 3)
        #expect(m.counts == [1, 1, 0, 0, 2, 0, 1, 0, 1])
        #expect(close(m.accuracy, 4.0 / 6))
        #expect(m.perClassAccuracy == [0.5, 1, 0.5])
        #expect(close(m.balancedAccuracy, 2.0 / 3))
        // F1: class 0: P = R = 1/2 → 1/2; class 1: P = 2/3, R = 1 → 4/5; class 2: P = 1, R = 1/2 → 2/3.
        #expect(close(m.macroF1, (0.5 + 0.8 + 2.0 / 3) / 3))
    }

    @Test func classificationMatchesScikitLearn() throws {
        let r = Reference.section("classification")
        let m = try ConfusionMatrix(truth: r.ints("truth"), predicted: r.ints("predicted"), classes: r.int("classes"))
        #expect(m.counts == r.ints("confusion"))
        #expect(close(m.accuracy, r.double("accuracy")))
        #expect(close(m.balancedAccuracy, r.double("balanced_accuracy")))
        #expect(close(m.macroF1, r.double("macro_f1")))
        for (mine, theirs) in zip(m.perClassAccuracy, r.doubles("recall")) { #expect(close(mine ?? 0, theirs)) }
    }

    @Test func badLabelsAreNamed() {
        #expect(throws: AnalysisError.invalidLabel(argument: "predicted", index: 1, label: 7)) {
            try ConfusionMatrix(truth: [0, 1], predicted: [0, 7], classes: 3)
        }
        #expect(throws: AnalysisError.lengthMismatch(first: "truth", firstCount: 2, second: "predicted", secondCount: 1)) {
            try ConfusionMatrix(truth: [0, 1], predicted: [0], classes: 3)
        }
    }

    @Test func meanAndSampleDeviation() throws {
        let s = try MeanAndDeviation([1, 2, 3, 4])
        #expect(s.mean == 2.5)
        #expect(close(s.standardDeviation!, (5.0 / 3).squareRoot()))
        #expect(try MeanAndDeviation([0.7]).standardDeviation == nil)
    }

    @Test func mcNemarHandComputed() throws {
        // b = 9, c = 3: exact, 2 × P(X ≤ 3), X ~ Bin(12, ½) = 2 × (1 + 12 + 66 + 220) / 4096.
        let exact = try McNemarTest(onlyARight: 9, onlyBRight: 3)
        #expect(exact.isExact)
        #expect(close(exact.pValue, 598.0 / 4096))
        // b = 30, c = 14: χ² = (16 − 1)² / 44.
        let large = try McNemarTest(onlyARight: 30, onlyBRight: 14)
        #expect(close(large.chiSquare!, 225.0 / 44))
        #expect(try McNemarTest(onlyARight: 0, onlyBRight: 0).pValue == 1)
        let fromPredictions = try McNemarTest(truth: [0, 0, 1, 1], predictedA: [0, 0, 1, 0], predictedB: [1, 0, 0, 0])
        #expect(fromPredictions.onlyARight == 2 && fromPredictions.onlyBRight == 0)
    }

    @Test func mcNemarMatchesSciPy() throws {
        for case let r as [String: Any] in Reference.json["mcnemar"] as! [Any] {
            let t = try McNemarTest(onlyARight: r.int("b"), onlyBRight: r.int("c"))
            #expect(t.isExact == (r["exact"] as! Bool))
            #expect(close(t.pValue, r.double("p"), relative: 1e-9))
            if let s = t.chiSquare { #expect(close(s, r.double("statistic"))) }
        }
    }
}
