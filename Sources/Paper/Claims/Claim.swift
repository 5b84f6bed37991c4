import Analysis
import Foundation

/// One claim of the paper, as the claims data file (`chapters/claims.json`) states it: which interval
/// quantities are measured, the kind of test they face and its margin, fixed before any result.
///
/// Each entry of `quantities` is `chapter/key` (one value) or `chapter/prefix.*` (every value whose
/// key starts with `prefix.`, e.g. one per dataset). The claim holds only if it holds for every value
/// it names (see `ClaimCheck`).
public struct Claim: Codable, Sendable, Equatable {
    /// Short stable identifier, e.g. "C3".
    public var id: String
    /// The chapter that measures it, e.g. "06-diffusion-steps".
    public var chapter: String
    /// The claim in words, as the paper makes it.
    public var statement: String
    /// The measured interval quantities: `chapter/key` or the family `chapter/prefix.*`.
    public var quantities: [String]
    /// How an interval is judged.
    public var kind: ClaimKind
    /// The margin of a non-inferiority or equivalence claim, in the quantities' unit (nil for superiority).
    public var margin: Double?
    /// Why the criterion is what it is, fixed before any result was seen.
    public var rationale: String
    /// When the comparison says something at all: a quantity that must exceed a floor (e.g. the
    /// compared models' best accuracy above the majority-class rate, so that two models that have
    /// learnt nothing do not "tie"). Below it the verdict is inconclusive. A family floor
    /// (`prefix.*`) is matched to each family member of `quantities` by the part after the prefix.
    public var informativeIf: Condition?

    /// A quantity that must be above a floor.
    public struct Condition: Codable, Sendable, Equatable {
        /// `chapter/value` or `chapter/prefix.*`, as `quantities`.
        public var quantity: String
        /// The floor the quantity must exceed.
        public var above: Double
        /// Why the floor is what it is.
        public var rationale: String

        /// A floor `above` on `quantity`.
        public init(quantity: String, above: Double, rationale: String) {
            self.quantity = quantity; self.above = above; self.rationale = rationale
        }
    }

    /// A claim; `ClaimsFile.validate` checks that the kind and the margin agree.
    public init(id: String, chapter: String, statement: String, quantities: [String], kind: ClaimKind, margin: Double? = nil,
                rationale: String, informativeIf: Condition? = nil) {
        self.id = id; self.chapter = chapter; self.statement = statement; self.quantities = quantities
        self.kind = kind; self.margin = margin; self.rationale = rationale; self.informativeIf = informativeIf
    }

    /// The rule in words, with the floor when there is one.
    public var criterion: String {
        let rule = kind.rule(margin: margin ?? 0)
        guard let condition = informativeIf else { return rule }
        let name = condition.quantity.split(separator: "/").last.map(String.init) ?? condition.quantity
        return rule + "; inconclusive unless \(name) > \(String(format: "%g", condition.above))"
    }
}

/// The three kinds of claim, each judged on a bootstrap interval of a difference (see `judge`).
public enum ClaimKind: String, Codable, Sendable, CaseIterable {
    /// A beats B: passed when the 95 % interval's lower bound is above 0; failed when its upper bound is
    /// below 0 (the interval lies entirely on the other side); otherwise inconclusive.
    case superiority
    /// A is not worse than B by more than the margin m: passed when the 95 % interval's lower bound is
    /// above −m; failed when its upper bound is below −m; otherwise inconclusive.
    case nonInferiority = "non-inferiority"
    /// A and B differ by less than the margin m: passed when the 90 % interval lies inside (−m, m)
    /// (two one-sided tests at 5 %); failed when it lies entirely outside [−m, m]; otherwise inconclusive.
    case equivalence

    /// Whether the kind needs a margin (non-inferiority and equivalence) or takes none (superiority).
    public var needsMargin: Bool { self != .superiority }

    /// The interval the kind reads: 95 % for superiority and non-inferiority, 90 % for equivalence.
    public var level: Double { self == .equivalence ? IntervalEstimate.levels.narrow : IntervalEstimate.levels.wide }

    /// The kind's verdict on `interval` with margin `m` (ignored by superiority).
    public func judge(_ interval: ResultInterval, margin m: Double) -> Verdict {
        switch self {
        case .superiority:
            return interval.lower95 > 0 ? .passed : interval.upper95 < 0 ? .failed : .inconclusive
        case .nonInferiority:
            return interval.lower95 > -m ? .passed : interval.upper95 < -m ? .failed : .inconclusive
        case .equivalence:
            if interval.lower90 > -m && interval.upper90 < m { return .passed }
            return interval.upper90 < -m || interval.lower90 > m ? .failed : .inconclusive
        }
    }

    /// The bounds `judge` reads: the 95 % or the 90 % interval.
    public func bounds(_ interval: ResultInterval) -> (lower: Double, upper: Double) {
        self == .equivalence ? (interval.lower90, interval.upper90) : (interval.lower95, interval.upper95)
    }

    /// The rule in words, as the report and `lldif verify` print it beside the verdict.
    public func rule(margin m: Double) -> String {
        let f = { (x: Double) in String(format: "%g", x) }
        switch self {
        case .superiority:
            return "superiority: passed if the 95% CI's lower bound > 0, failed if its upper bound < 0, else inconclusive"
        case .nonInferiority:
            return "non-inferiority, margin \(f(m)): passed if the 95% CI's lower bound > −\(f(m)), failed if its upper bound < −\(f(m)), else inconclusive"
        case .equivalence:
            return "equivalence, margin \(f(m)): passed if the 90% CI lies inside ±\(f(m)), failed if it lies entirely outside, else inconclusive"
        }
    }
}

/// The outcome of checking one claim. A claim whose chapter has not run is neither passed nor failed.
public enum Verdict: String, Codable, Sendable {
    case passed, failed
    case notMeasured = "not measured"
    /// Measured, but the interval straddles the claim's boundary, or the claim's `informativeIf`
    /// floor does not hold, so the comparison decides nothing.
    case inconclusive

    /// ✓, ✗, ? or –, as the verify table shows it.
    public var symbol: String {
        switch self {
        case .passed: return "✓"
        case .failed: return "✗"
        case .notMeasured: return "–"
        case .inconclusive: return "?"
        }
    }

    /// The verdict of a claim from its members' verdicts: failed when any failed, passed when all
    /// passed, not measured when there are none, else inconclusive.
    static func combining(_ verdicts: [Verdict]) -> Verdict {
        if verdicts.isEmpty { return .notMeasured }
        if verdicts.contains(.failed) { return .failed }
        return verdicts.allSatisfy { $0 == .passed } ? .passed : .inconclusive
    }
}
