import Foundation

/// A claim judged twice, on two disjoint sets of training seeds (issue #14: a verdict must survive
/// another seed set). The verdict reported is the one both sets give; a claim whose verdict changes
/// between the sets is reported inconclusive, with both intervals; a claim not measured on either
/// set is not measured.
public struct ReplicatedClaim: Sendable {
    /// The claim checked on the first seed set.
    public var first: ClaimCheck
    /// The same claim checked on the second seed set.
    public var second: ClaimCheck

    /// Whether the two seed sets give the same verdict.
    public var agrees: Bool { first.verdict == second.verdict }

    /// The verdict reported for both sets together.
    public var verdict: Verdict {
        if first.verdict == .notMeasured || second.verdict == .notMeasured { return .notMeasured }
        return agrees ? first.verdict : .inconclusive
    }

    /// The checks of the same claims on two seed sets, paired by claim; throws when the two lists
    /// do not hold the same claims in the same order (they come from one claims file).
    public static func pair(_ first: [ClaimCheck], _ second: [ClaimCheck]) throws -> [ReplicatedClaim] {
        guard first.map(\.claim.id) == second.map(\.claim.id) else {
            throw ClaimsError.invalid("the two seed sets' checks", at: "claims",
                                      "judge different claims (\(first.map(\.claim.id)) against \(second.map(\.claim.id)))")
        }
        return zip(first, second).map { ReplicatedClaim(first: $0, second: $1) }
    }

    /// The Markdown table of `claims`: per claim, each seed set's interval and verdict and the
    /// verdict reported. `firstSeeds` and `secondSeeds` name the sets in the header.
    public static func markdown(_ claims: [ReplicatedClaim], firstSeeds: String, secondSeeds: String) -> String {
        var lines = ["| claim | seeds \(firstSeeds): measured | verdict | seeds \(secondSeeds): measured | verdict | reported |",
                     "|---|---|---|---|---|---|"]
        for c in claims {
            let reported = "\(c.verdict.symbol) \(c.verdict.rawValue)"
                + (c.agrees || c.verdict == .notMeasured ? "" : " (changes between the seed sets)")
            lines.append("| \(c.first.claim.id) | \(c.first.measuredText) | \(c.first.verdict.symbol) \(c.first.verdict.rawValue) | "
                         + "\(c.second.measuredText) | \(c.second.verdict.symbol) \(c.second.verdict.rawValue) | \(reported) |")
        }
        let agreeing = claims.filter { $0.agrees && $0.verdict != .notMeasured }.map(\.first.claim.id)
        lines.append("")
        lines.append(agreeing.count == claims.count
                     ? "Every claim gets the same verdict from both seed sets."
                     : "Same verdict from both seed sets: \(agreeing.isEmpty ? "none" : agreeing.joined(separator: ", ")) of \(claims.count) claims.")
        return lines.joined(separator: "\n")
    }
}
