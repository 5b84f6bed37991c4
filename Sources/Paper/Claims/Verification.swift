import Foundation

/// One claim checked: the claim, what the kit measured for it, and the verdict.
public struct ClaimCheck: Sendable, Codable {
    public var claim: Claim
    public var measured: Double?
    public var verdict: Verdict

    /// Checks every claim against the values `lookup` finds for their quantities
    /// (nil: that chapter has not run, or did not measure it).
    public static func run(_ claims: [Claim], lookup: (String) throws -> Double?) rethrows -> [ClaimCheck] {
        try claims.map { c in
            let x = try lookup(c.quantity)
            var verdict = c.judge(x)
            if let condition = c.informativeIf, verdict != .notMeasured {
                let floor = try lookup(condition.quantity)
                if !(floor.map { $0 > condition.above } ?? false) { verdict = .inconclusive }
            }
            return ClaimCheck(claim: c, measured: x, verdict: verdict)
        }
    }

    /// The plain-text table `make verify` prints: id, reported, reproduced, criterion, verdict, statement.
    public static func table(_ checks: [ClaimCheck]) -> String {
        func num(_ x: Double?, _ unit: String) -> String {
            guard let x else { return "—" }
            return String(format: "%.3f", x) + (unit.isEmpty ? "" : " " + unit)
        }
        let header = ["claim", "reported", "reproduced", "criterion", "verdict", "statement"]
        let rows = checks.map { c in
            [c.claim.id, num(c.claim.reported, c.claim.unit), num(c.measured, c.claim.unit), c.claim.criterion,
             "\(c.verdict.symbol) \(c.verdict.rawValue)", c.claim.statement]
        }
        let widths = (0..<header.count - 1).map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths + [0]).map { cell, w in w == 0 ? cell : cell.padding(toLength: w, withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
