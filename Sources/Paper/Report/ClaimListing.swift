import Foundation

/// A claim the kit checks, as listed in the claims file, whether or not a chapter has measured it yet.
/// The weaver shows listed claims without a measurement as "not measured".
public struct ClaimListing: Sendable, Hashable, Codable {
    /// The claim's id, matching `ClaimResult.id`.
    public var id: String
    /// The chapter expected to measure it.
    public var chapter: String
    /// The statement.
    public var statement: String
    /// The paper's reported value, as text, when a reviewer has entered it.
    public var reported: String?
    /// The comparison and tolerance.
    public var criterion: String?

    /// A listed claim.
    public init(id: String, chapter: String, statement: String, reported: String? = nil, criterion: String? = nil) {
        self.id = id
        self.chapter = chapter
        self.statement = statement
        self.reported = reported
        self.criterion = criterion
    }
}

/// Whether a claim passed, failed, or has no measurement yet.
public enum ClaimStatus: String, Sendable, Hashable {
    case passed
    case failed
    case notMeasured = "not measured"
}

/// One row of the claims table.
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
    /// The comparison and tolerance, when known.
    public var criterion: String?
    /// Passed, failed, or not measured.
    public var status: ClaimStatus

    /// The verdict as the report prints it: `✓ passed`, `✗ failed` or `not measured`.
    public var verdictText: String {
        switch status {
        case .passed: return "✓ passed"
        case .failed: return "✗ failed"
        case .notMeasured: return "not measured"
        }
    }

    /// The rows of the claims table: listed claims in their order (measured or not), then measured
    /// claims that are not listed, by id.
    static func rows(listings: [ClaimListing], results: [(results: Results, path: String)]) throws -> [ClaimRow] {
        var measured: [String: (claim: ClaimResult, chapter: String, path: String)] = [:]
        for (chapterResults, path) in results {
            for claim in chapterResults.claims {
                if let earlier = measured[claim.id] {
                    throw ReportError.claimMeasuredTwice(id: claim.id, first: earlier.path, second: path)
                }
                measured[claim.id] = (claim, chapterResults.chapter, path)
            }
        }
        var rows: [ClaimRow] = []
        for listing in listings {
            if let (claim, chapter, _) = measured.removeValue(forKey: listing.id) {
                rows.append(ClaimRow(measuredClaim: claim, chapter: chapter, listing: listing))
            } else {
                rows.append(ClaimRow(id: listing.id, chapter: listing.chapter, statement: listing.statement,
                                     reported: listing.reported, measured: nil, criterion: listing.criterion,
                                     status: .notMeasured))
            }
        }
        let unlisted = measured.values.sorted { $0.claim.id.compare($1.claim.id, options: .numeric) == .orderedAscending }
        rows += unlisted.map { ClaimRow(measuredClaim: $0.claim, chapter: $0.chapter, listing: nil) }
        return rows
    }

    private init(measuredClaim claim: ClaimResult, chapter: String, listing: ClaimListing?) {
        self.init(id: claim.id, chapter: chapter, statement: claim.statement,
                  reported: claim.reported ?? listing?.reported, measured: claim.measured.formatted(),
                  criterion: claim.criterion, status: claim.verdict == .passed ? .passed : .failed)
    }

    private init(id: String, chapter: String, statement: String, reported: String?, measured: String?,
                 criterion: String?, status: ClaimStatus) {
        self.id = id
        self.chapter = chapter
        self.statement = statement
        self.reported = reported
        self.measured = measured
        self.criterion = criterion
        self.status = status
    }
}
