import Chapters
import LLDif
import Testing

/// An evaluation of `labels` that gets the first `correct` of them right and the rest wrong.
private func evaluation(_ labels: [Int], correct: Int) -> ClassifierEvaluation {
    let predictions = labels.enumerated().map { index, label in index < correct ? label : (label + 1) % 3 }
    return ClassifierEvaluation(classNames: ["a", "b", "c"], labels: labels, predictions: predictions,
                                probabilities: [], features: [], featureSize: 0)
}

@Suite struct LearningTargetsTests {
    /// 20 test images, 8 of class 0: the majority rate is 40%.
    let labels = Array(repeating: 0, count: 8) + Array(repeating: 1, count: 7) + Array(repeating: 2, count: 5)

    @Test func theWorstSeedDecidesTheMargin() throws {
        // 60% and 55%: the worst seed is 15 points above 40%; sd = 0.05 / √2 ≈ 0.035 > 0.02.
        let check = LearningTargets.check(try SeedAccuracy([evaluation(labels, correct: 12), evaluation(labels, correct: 11)]))
        #expect(abs(check.worstMargin - 0.15) < 1e-12)
        #expect(abs((check.deviation ?? 0) - 0.05 / 2.0.squareRoot()) < 1e-12)
        #expect(check.learns)
        #expect(check.seedsAgree == false)
        #expect(check.met == false)
    }

    @Test func exactlyTenPointsAboveTheMajorityCounts() throws {
        // 50% − 40% is 0.09999999999999998 in floating point; it is ten points.
        let check = LearningTargets.check(try SeedAccuracy([evaluation(labels, correct: 10), evaluation(labels, correct: 10)]))
        #expect(check.learns)
        #expect(check.deviation == 0)
        #expect(check.met == true)
    }

    @Test func oneSeedBelowTheMarginMissesWhateverTheMean() throws {
        // 75%, 75% and 45%: the mean is 25 points above the majority, the worst seed 5.
        let accuracy = try SeedAccuracy([evaluation(labels, correct: 15), evaluation(labels, correct: 15), evaluation(labels, correct: 9)])
        let check = LearningTargets.check(accuracy)
        #expect(abs(check.worstMargin - 0.05) < 1e-12)
        #expect(!check.learns)
        #expect(check.met == false)
    }

    @Test func withOneSeedTheSpreadIsNotMeasured() throws {
        let learns = LearningTargets.check(try SeedAccuracy([evaluation(labels, correct: 14)]))
        #expect(learns.deviation == nil && learns.seedsAgree == nil && learns.met == nil)
        let doesNot = LearningTargets.check(try SeedAccuracy([evaluation(labels, correct: 8)]))
        #expect(doesNot.met == false)
    }

    @Test func normalLightMustStayBelowTheCeiling() throws {
        #expect(LearningTargets.staysHard(try SeedAccuracy([evaluation(labels, correct: 17)])))  // 85%
        #expect(!LearningTargets.staysHard(try SeedAccuracy([evaluation(labels, correct: 18)])))  // 90%
    }
}
