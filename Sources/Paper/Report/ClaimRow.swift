import Foundation

/// One row of the report's claims table: a claim of the claims file, checked against the results.
public struct ClaimRow: Sendable, Hashable {
    /// The claim's id.
    public var id: String
    /// The chapter that measures it.
    public var chapter: String
    /// The statement.
    public var statement: String
    /// The paper's value, when known.
    public var reported: String?
    /// The reproduced value, formatted; nil when not measured.
    public var measured: String?
    /// The comparison and tolerance.
    public var criterion: String?
    /// Passed, failed, inconclusive, or not measured.
    public var status: Verdict

    /// The verdict as the report prints it: `✓ passed`, `✗ failed` or `not measured`.
    public var verdictText: String {
        status == .notMeasured ? status.rawValue : "\(status.symbol) \(status.rawValue)"
    }

    /// The row of one checked claim.
    init(_ check: ClaimCheck) {
        let c = check.claim
        func number(_ x: Double) -> String { String(format: "%.3f", x) + (c.unit.isEmpty ? "" : "\u{00A0}" + c.unit) }
        self.init(id: c.id, chapter: c.chapter, statement: c.statement, reported: c.reported.map(number),
                  measured: check.measured.map(number), criterion: c.criterion, status: check.verdict)
    }

    private init(id: String, chapter: String, statement: String, reported: String?, measured: String?,
                 criterion: String?, status: Verdict) {
        self.id = id
        self.chapter = chapter
        self.statement = statement
        self.reported = reported
        self.measured = measured
        self.criterion = criterion
        self.status = status
    }
}
