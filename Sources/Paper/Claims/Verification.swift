import Foundation

/// One measured value a claim judges: a member of its quantities (one dataset of a family, say),
/// its interval, its `informativeIf` floor and its own verdict.
public struct ClaimMember: Sendable, Equatable {
    /// `chapter/key` of the value.
    public var quantity: String
    /// How tables name it: the family suffix (`ll-syn-raf`) or the key.
    public var label: String
    /// The interval judged.
    public var interval: ResultInterval
    /// The value's unit and format, from its results file.
    public var unit: String?
    public var format: NumberFormat
    /// The floor quantity's value, when the claim has one.
    public var floor: Double?
    /// This member's verdict.
    public var verdict: Verdict
}

/// One claim checked: the claim, the values it judged and the verdict.
public struct ClaimCheck: Sendable {
    /// The claim.
    public var claim: Claim
    /// Every value the claim's quantities name, in the order of `quantities` (families sorted by key).
    public var members: [ClaimMember]
    /// Failed when any member failed, passed when every member passed, not measured when its
    /// chapter has not run, else inconclusive.
    public var verdict: Verdict

    /// Checks every claim against the values of its chapter, which `chapterValues` returns (nil:
    /// the chapter has not run). A quantity or floor the chapter does not write, or a quantity that is
    /// not an interval, is an error naming the claim and the field.
    public static func run(_ claims: [Claim], chapterValues: (String) throws -> ChapterValues?) throws -> [ClaimCheck] {
        try claims.map { claim in
            guard let chapter = try chapterValues(claim.chapter) else {
                return ClaimCheck(claim: claim, members: [], verdict: .notMeasured)
            }
            let keys = chapter.values.keys.sorted()
            func unknown(_ field: String, _ quantity: String) -> ClaimsError {
                .unknownQuantity(claim: claim.id, field: field, quantity: quantity, file: chapter.file, available: keys)
            }
            var members: [ClaimMember] = []
            for (index, quantity) in claim.quantities.enumerated() {
                let name = QuantityName(quantity)
                let found = name.members(of: keys)
                guard !found.isEmpty else { throw unknown("quantities[\(index)]", quantity) }
                for (key, suffix) in found {
                    let full = "\(claim.chapter)/\(key)"
                    let value = chapter.values[key]
                    guard case .interval(let interval, let unit, let format)? = value else {
                        throw ClaimsError.notAnInterval(claim: claim.id, quantity: full,
                                                        recordedAs: value?.isNumber == true ? "a plain number" : "text")
                    }
                    let floor = try claim.informativeIf.map { condition -> Double in
                        let floorName = QuantityName(condition.quantity)
                        let floorKey = floorName.isFamily ? floorName.prefix + suffix : floorName.key
                        guard let value = chapter.values[floorKey] else {
                            throw unknown("informativeIf.quantity", "\(claim.chapter)/\(floorKey)")
                        }
                        guard let x = value.estimate else { throw ClaimsError.textQuantity("\(claim.chapter)/\(floorKey)") }
                        return x
                    }
                    var verdict = claim.kind.judge(interval, margin: claim.margin ?? 0)
                    if let condition = claim.informativeIf, let floor, !(floor > condition.above) { verdict = .inconclusive }
                    members.append(ClaimMember(quantity: full, label: suffix.isEmpty ? key : suffix, interval: interval,
                                               unit: unit, format: format, floor: floor, verdict: verdict))
                }
            }
            return ClaimCheck(claim: claim, members: members, verdict: Verdict.combining(members.map(\.verdict)))
        }
    }

    /// What was measured, as the tables print it: each member's estimate and the interval the claim's
    /// kind reads (`label: 1.2 [-0.4, 2.9] pp`), "—" when not measured.
    public var measuredText: String {
        guard !members.isEmpty else { return "—" }
        let level = Int((claim.kind.level * 100).rounded())
        let texts = members.map { m -> String in
            let (lower, upper) = claim.kind.bounds(m.interval)
            let unit = m.unit.map { $0.isEmpty ? "" : " " + $0 } ?? ""
            let text = "\(m.format.string(m.interval.estimate)) [\(m.format.string(lower)), \(m.format.string(upper))]\(unit)"
            let floor = m.floor.map { ", floor \(String(format: "%.1f", $0))" } ?? ""
            return (members.count > 1 || m.label != QuantityName(m.quantity).key ? "\(m.label): " : "") + text + floor
                + (members.count > 1 ? " \(m.verdict.symbol)" : "")
        }
        return texts.joined(separator: "; ") + " (\(level)% CI; \(members[0].interval.seeds) seed(s), \(members[0].interval.images) images)"
    }

    /// The plain text `make verify` prints: per claim a line with its id, verdict and statement,
    /// then what was measured and the rule that decided.
    public static func table(_ checks: [ClaimCheck]) -> String {
        checks.map { c in
            "\(c.claim.id)  \(c.verdict.symbol) \(c.verdict.rawValue) — \(c.claim.statement)\n"
                + "    measured: \(c.measuredText)\n    rule: \(c.claim.criterion)"
        }.joined(separator: "\n")
    }
}
