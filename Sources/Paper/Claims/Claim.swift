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

    public init(id: String, chapter: String, statement: String, quantity: String, comparison: Comparison,
                threshold: Double, tolerance: Double, reported: Double? = nil, unit: String = "", rationale: String) {
        self.id = id; self.chapter = chapter; self.statement = statement; self.quantity = quantity
        self.comparison = comparison; self.threshold = threshold; self.tolerance = tolerance
        self.reported = reported; self.unit = unit; self.rationale = rationale
    }

    /// The criterion in words, e.g. "≥ 0 (tolerance 0.5)".
    public var criterion: String {
        func f(_ x: Double) -> String { String(format: "%g", x) }
        switch comparison {
        case .atLeast: return tolerance == 0 ? "≥ \(f(threshold))" : "≥ \(f(threshold)) (tolerance \(f(tolerance)))"
        case .atMost: return tolerance == 0 ? "≤ \(f(threshold))" : "≤ \(f(threshold)) (tolerance \(f(tolerance)))"
        case .within: return "within \(f(reported ?? threshold)) ± \(f(tolerance))"
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

    /// ✓, ✗ or –, as the verify table shows it.
    public var symbol: String {
        switch self {
        case .passed: return "✓"
        case .failed: return "✗"
        case .notMeasured: return "–"
        }
    }
}
