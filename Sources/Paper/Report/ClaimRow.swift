import Foundation

/// One row of the report's claims table: a claim of the claims file, checked against the results.
public struct ClaimRow: Sendable, Hashable {
    /// The claim's id.
    public var id: String
    /// The chapter that measures it.
    public var chapter: String
    /// The statement.
    public var statement: String
    /// What was measured: each value's estimate and the interval the rule reads; nil when not measured.
    public var measured: String?
    /// The rule that decides the verdict, in words.
    public var criterion: String
    /// Passed, failed, inconclusive, or not measured.
    public var status: Verdict

    /// The verdict as the report prints it: `✓ passed`, `✗ failed`, `? inconclusive` or `not measured`.
    public var verdictText: String {
        status == .notMeasured ? status.rawValue : "\(status.symbol) \(status.rawValue)"
    }

    /// The row of one checked claim.
    init(_ check: ClaimCheck) {
        id = check.claim.id
        chapter = check.claim.chapter
        statement = check.claim.statement
        measured = check.members.isEmpty ? nil : check.measuredText
        criterion = check.claim.criterion
        status = check.verdict
    }
}
