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
        let check = try LearningTargets.check(try SeedAccuracy([evaluation(labels, correct: 12), evaluation(labels, correct: 11)]))
        #expect(abs(check.worstMargin - 0.15) < 1e-12)
        #expect(abs((check.deviation ?? 0) - 0.05 / 2.0.squareRoot()) < 1e-12)
        #expect(check.learns)
        #expect(check.seedsAgree == false)
        #expect(check.met == false)
    }

    @Test func exactlyTenPointsAboveTheMajorityCounts() throws {
        // 50% − 40% is 0.09999999999999998 in floating point; it is ten points.
        let check = try LearningTargets.check(try SeedAccuracy([evaluation(labels, correct: 10), evaluation(labels, correct: 10)]))
        #expect(check.learns)
        #expect(check.deviation == 0)
        #expect(check.met == true)
    }

    @Test func oneSeedBelowTheMarginMissesWhateverTheMean() throws {
        // 75%, 75% and 45%: the mean is 25 points above the majority, the worst seed 5.
        let accuracy = try SeedAccuracy([evaluation(labels, correct: 15), evaluation(labels, correct: 15), evaluation(labels, correct: 9)])
        let check = try LearningTargets.check(accuracy)
        #expect(abs(check.worstMargin - 0.05) < 1e-12)
        #expect(!check.learns)
        #expect(check.met == false)
    }

    @Test func withOneSeedTheSpreadIsNotMeasured() throws {
        let learns = try LearningTargets.check(try SeedAccuracy([evaluation(labels, correct: 14)]))
        #expect(learns.deviation == nil && learns.seedsAgree == nil && learns.met == nil)
        let doesNot = try LearningTargets.check(try SeedAccuracy([evaluation(labels, correct: 8)]))
        #expect(doesNot.met == false)
    }

    @Test func theSeedsDecideTheSpreadTargetOnlyWhenItsIntervalIsOnOneSide() throws {
        // 60% and 55%: s ≈ 0.035, one degree of freedom, so the 95 % interval runs from 0.446 s ≈ 0.016
        // to 31.9 s: it straddles 0.02, and the missed point target is not decided by these seeds.
        let straddles = try LearningTargets.check(try SeedAccuracy([evaluation(labels, correct: 12), evaluation(labels, correct: 11)]))
        let interval = try #require(straddles.deviationInterval)
        #expect(abs(interval.lowerBound - 0.05 / 2.0.squareRoot() * (1 / 5.023886187314888).squareRoot()) < 1e-9)
        #expect(straddles.seedsAgree == false && straddles.spreadDecidedMet == nil)
        // 40%, 60%, 80%: s = 0.2, and the interval starts at 0.52 s ≈ 0.10, all beyond 0.02.
        let beyond = try LearningTargets.check(try SeedAccuracy([8, 12, 16].map { evaluation(labels, correct: $0) }))
        #expect(beyond.spreadDecidedMet == false)
        // 1,000 images, six seeds at 60.0, 60.1, 60.2, 60.0, 60.1, 60.2%: s ≈ 0.0009, and the interval
        // ends at 2.45 s ≈ 0.0022, all within 0.02.
        let many = Array(repeating: 0, count: 400) + Array(repeating: 1, count: 350) + Array(repeating: 2, count: 250)
        let within = try LearningTargets.check(try SeedAccuracy([600, 601, 602, 600, 601, 602].map { evaluation(many, correct: $0) }))
        #expect(within.spreadDecidedMet == true && within.seedsAgree == true)
        #expect(try LearningTargets.check(try SeedAccuracy([evaluation(labels, correct: 14)])).spreadDecidedMet == nil)
    }

    @Test func normalLightMustStayBelowTheCeiling() throws {
        #expect(LearningTargets.staysHard(try SeedAccuracy([evaluation(labels, correct: 17)])))  // 85%
        #expect(!LearningTargets.staysHard(try SeedAccuracy([evaluation(labels, correct: 18)])))  // 90%
    }
}
