/// The outcome of checking one claim.
public enum ClaimVerdict: String, Sendable, Hashable, Codable {
    /// The measured quantity met the claim's criterion.
    case passed
    /// It did not; the report shows the failure as it is.
    case failed
}

/// One of the paper's claims as a chapter measured it.
public struct ClaimResult: Sendable, Hashable, Codable {
    /// The claim's id in `chapters/claims`, e.g. `"3"`.
    public var id: String
    /// The statement, e.g. "T = 4 is within noise of the best T".
    public var statement: String
    /// The measured quantity.
    public var measured: ResultValue
    /// The paper's reported value when a reviewer entered it, as text (e.g. "74.7%").
    public var reported: String?
    /// The comparison and tolerance, e.g. "≥ 0", "within ± 1.0 pp".
    public var criterion: String
    /// Whether the measurement met the criterion.
    public var verdict: ClaimVerdict

    /// A measured claim.
    public init(id: String, statement: String, measured: ResultValue, reported: String? = nil,
                criterion: String, verdict: ClaimVerdict) {
        self.id = id
        self.statement = statement
        self.measured = measured
        self.reported = reported
        self.criterion = criterion
        self.verdict = verdict
    }
}
