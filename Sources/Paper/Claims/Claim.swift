import Foundation

/// One claim of the paper, as the claims data file (`chapters/claims.json`) states it: what is
/// measured, how it is compared, and the paper's own value where a reviewer has entered it.
public struct Claim: Codable, Sendable, Equatable {
    /// How a measured value is judged.
    public enum Comparison: String, Codable, Sendable {
        /// Passes when measured ≥ threshold − tolerance.
        case atLeast = ">="
        /// Passes when measured ≤ threshold + tolerance.
        case atMost = "<="
        /// Passes when |measured − reference| ≤ tolerance; the reference is the paper's reported
        /// value when given, else the threshold.
        case within
    }

    /// Short stable identifier, e.g. "C3".
    public var id: String
    /// The chapter that measures it, e.g. "06-diffusion-steps".
    public var chapter: String
    /// The claim in words, as the paper makes it.
    public var statement: String
    /// The measured quantity: `chapter/value-key` in that chapter's results file.
    public var quantity: String
    public var comparison: Comparison
    public var threshold: Double
    public var tolerance: Double
    /// The paper's own number for the quantity, where known (nil: the paper's tables are not
    /// available to the kit; a reviewer who has them enters them here).
    public var reported: Double?
    /// Unit shown beside the numbers ("pp", "", …).
    public var unit: String
    /// Why the criterion is what it is, fixed before any result was seen.
    public var rationale: String
    /// When the comparison says something at all: a quantity that must exceed a floor (e.g. the
    /// compared models' best accuracy above the majority-class rate, so that two models that have
    /// learnt nothing do not "tie"). Below it, or unmeasured, the verdict is inconclusive.
    public var informativeIf: Condition?

    /// A quantity that must be above a floor.
    public struct Condition: Codable, Sendable, Equatable {
        /// `chapter/value`, as `quantity`.
        public var quantity: String
        /// The floor the quantity must exceed.
        public var above: Double
        public var rationale: String

        public init(quantity: String, above: Double, rationale: String) {
            self.quantity = quantity; self.above = above; self.rationale = rationale
        }
    }

    public init(id: String, chapter: String, statement: String, quantity: String, comparison: Comparison,
                threshold: Double, tolerance: Double, reported: Double? = nil, unit: String = "", rationale: String,
                informativeIf: Condition? = nil) {
        self.id = id; self.chapter = chapter; self.statement = statement; self.quantity = quantity
        self.comparison = comparison; self.threshold = threshold; self.tolerance = tolerance
        self.reported = reported; self.unit = unit; self.rationale = rationale; self.informativeIf = informativeIf
    }

    /// The criterion in words, e.g. "≥ 0 (tolerance 0.5)".
    public var criterion: String {
        func f(_ x: Double) -> String { String(format: "%g", x) }
        let condition = informativeIf.map { "; informative if \($0.quantity.split(separator: "/").last ?? "") > \(f($0.above))" } ?? ""
        switch comparison {
        case .atLeast: return (tolerance == 0 ? "≥ \(f(threshold))" : "≥ \(f(threshold)) (tolerance \(f(tolerance)))") + condition
        case .atMost: return (tolerance == 0 ? "≤ \(f(threshold))" : "≤ \(f(threshold)) (tolerance \(f(tolerance)))") + condition
        case .within: return "within \(f(reported ?? threshold)) ± \(f(tolerance))" + condition
        }
    }

    /// Judges a measured value against the criterion.
    public func judge(_ measured: Double?) -> Verdict {
        guard let x = measured else { return .notMeasured }
        guard x.isFinite else { return .failed }
        switch comparison {
        case .atLeast: return x >= threshold - tolerance ? .passed : .failed
        case .atMost: return x <= threshold + tolerance ? .passed : .failed
        case .within: return abs(x - (reported ?? threshold)) <= tolerance ? .passed : .failed
        }
    }
}

/// The outcome of checking one claim. A claim whose chapter has not run is neither passed nor failed.
public enum Verdict: String, Codable, Sendable {
    case passed, failed
    case notMeasured = "not measured"
    /// Measured, but the claim's `informativeIf` condition does not hold, so the comparison says nothing.
    case inconclusive

    /// ✓, ✗ or –, as the verify table shows it.
    public var symbol: String {
        switch self {
        case .passed: return "✓"
        case .failed: return "✗"
        case .notMeasured: return "–"
        case .inconclusive: return "?"
        }
    }
}
