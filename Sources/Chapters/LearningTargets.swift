import Analysis

/// The quick profile's targets for a comparison worth reading (issue #19), checked on every method
/// and dataset of chapter 04: every seed beats the majority-class rate by a margin, the seeds agree,
/// and normal-light ResNet-18 stays below a ceiling, so SynFER stays hard. They are fixed here,
/// before the results they judge; chapter 04's `targets` table and `lldif findings` report them.
public struct LearningTargets: Sendable {
    /// Every seed's accuracy must beat the majority-class rate by at least this much (fraction).
    public static let marginAboveMajority = 0.10
    /// The standard deviation of accuracy over training seeds may be at most this much (fraction).
    public static let seedDeviation = 0.02
    /// The coverage of the interval of the seeds' true standard deviation shown beside the measured one.
    public static let spreadIntervalLevel = 0.95
    /// Normal-light ResNet-18 must stay below this accuracy (fraction).
    public static let normalLightCeiling = 0.90
    /// Accuracies are ratios of counts, so a value exactly at a threshold (0.5 − 0.4) can land a
    /// rounding error on the wrong side of it; comparisons allow this much.
    static let rounding = 1e-9

    /// How one method on one dataset fares against the first two targets.
    public struct Check: Sendable, Equatable {
        /// The worst seed's accuracy minus the majority-class rate (fraction).
        public let worstMargin: Double
        /// The standard deviation over seeds (fraction); nil with one seed.
        public let deviation: Double?
        /// The `spreadIntervalLevel` interval of the seeds' true standard deviation (fraction), if seeds are normal
        /// (`MeanAndDeviation.deviationInterval`); nil with one seed.
        public let deviationInterval: ClosedRange<Double>?

        /// The worst seed beats the majority rate by `marginAboveMajority` or more.
        public var learns: Bool { worstMargin >= LearningTargets.marginAboveMajority - LearningTargets.rounding }
        /// The seeds agree within `seedDeviation`; nil (not measurable) with one seed.
        public var seedsAgree: Bool? { deviation.map { $0 <= LearningTargets.seedDeviation + LearningTargets.rounding } }
        /// Whether the seeds decide the spread target: true when the whole interval is within
        /// `seedDeviation`, false when it is all beyond, nil when it straddles it or with one seed.
        public var spreadDecidedMet: Bool? {
            guard let interval = deviationInterval else { return nil }
            if interval.upperBound <= LearningTargets.seedDeviation + LearningTargets.rounding { return true }
            if interval.lowerBound > LearningTargets.seedDeviation + LearningTargets.rounding { return false }
            return nil
        }
        /// Both targets hold; nil when the seed target cannot be measured and the margin one holds.
        public var met: Bool? {
            guard learns else { return false }
            return seedsAgree
        }
    }

    /// `accuracy` against the margin and the seed targets.
    public static func check(_ accuracy: SeedAccuracy) throws -> Check {
        let worst = accuracy.perSeed.min() ?? 0
        return Check(worstMargin: worst - accuracy.majorityRate, deviation: accuracy.summary.standardDeviation,
                     deviationInterval: try accuracy.summary.deviationInterval(level: spreadIntervalLevel))
    }

    /// Whether normal-light accuracy `accuracy` (its seed mean) stays below the ceiling.
    public static func staysHard(_ accuracy: SeedAccuracy) -> Bool { accuracy.mean < normalLightCeiling }
}
