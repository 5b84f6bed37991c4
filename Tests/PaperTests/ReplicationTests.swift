import Foundation
import Paper
import Testing

@Suite("Verdicts on two seed sets (ReplicatedClaim)")
struct ReplicationTests {
    /// The checks of claims C1 (superiority, chapter 04) and C2 (non-inferiority with margin 1,
    /// chapter 06) on values `c1` and `c2`; nil: that chapter has not run.
    func checks(_ c1: ResultInterval?, _ c2: ResultInterval?) throws -> [ClaimCheck] {
        let claims = try ClaimsFile.load(try claimsFile([
            claimJSON("C1", quantities: ["04-accuracy/a"]),
            claimJSON("C2", chapter: "06-diffusion-steps", quantities: ["06-diffusion-steps/b"], kind: "non-inferiority", margin: 1),
        ]))
        return try ClaimCheck.run(claims) { chapter in
            let value = chapter == "04-accuracy" ? c1.map { ("a", $0) } : c2.map { ("b", $0) }
            return value.map { ChapterValues(file: "f", values: [$0.0: .interval($0.1)]) }
        }
    }

    @Test("the reported verdict is the shared one; a verdict that changes between the sets is inconclusive")
    func agreementAndDisagreement() throws {
        // Set one: C1 passes (interval above 0), C2 passes (lower bound above -1).
        let first = try checks(interval(0.5, 2), interval(-0.5, 1))
        // Set two: C1 passes again, C2 fails (the interval lies below -1).
        let second = try checks(interval(0.2, 1.5), interval(-3, -1.5))
        #expect(first.map(\.verdict) == [.passed, .passed] && second.map(\.verdict) == [.passed, .failed])
        let replicated = try ReplicatedClaim.pair(first, second)
        #expect(replicated.map(\.agrees) == [true, false])
        #expect(replicated.map(\.verdict) == [.passed, .inconclusive])
        let table = ReplicatedClaim.markdown(replicated, firstSeeds: "0, 1, 2", secondSeeds: "3, 4, 5")
        #expect(table.contains("| C2 | 0.25 [-0.5, 1] (95% CI; 3 seed(s), 3000 images) | ✓ passed | "))
        #expect(table.contains("✗ failed | ? inconclusive (changes between the seed sets) |"))
        #expect(table.contains("Same verdict from both seed sets: C1 of 2 claims."))
    }

    @Test("a claim measured on one set only is not measured; two lists of other claims are an error")
    func notMeasuredAndMismatched() throws {
        let replicated = try ReplicatedClaim.pair(try checks(nil, interval(0, 1)), try checks(interval(1, 2), interval(0, 1)))
        #expect(replicated[0].verdict == .notMeasured)
        #expect(replicated[1].verdict == .passed)
        let one = try ClaimCheck.run(try ClaimsFile.load(try claimsFile([claimJSON("C1", quantities: ["04-accuracy/a"])]))) { _ in
            ChapterValues(file: "f", values: ["a": .interval(interval(1, 2))])
        }
        #expect(throws: ClaimsError.self) { try ReplicatedClaim.pair(one, try checks(interval(1, 2), interval(0, 1))) }
    }
}
