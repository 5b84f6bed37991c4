import Foundation
import Testing
import Paper

@Suite struct ClaimsTests {
    func claim(_ comparison: Claim.Comparison, threshold: Double, tolerance: Double, reported: Double? = nil) -> Claim {
        Claim(id: "X", chapter: "04-accuracy", statement: "s", quantity: "04-accuracy/q", comparison: comparison,
              threshold: threshold, tolerance: tolerance, reported: reported, rationale: "r")
    }

    @Test func comparisonsJudgeAtTheirBoundaries() {
        #expect(claim(.atLeast, threshold: 0, tolerance: 1).judge(-1) == .passed)
        #expect(claim(.atLeast, threshold: 0, tolerance: 1).judge(-1.01) == .failed)
        #expect(claim(.atMost, threshold: 2, tolerance: 0).judge(2) == .passed)
        #expect(claim(.atMost, threshold: 2, tolerance: 0).judge(2.5) == .failed)
        #expect(claim(.within, threshold: 0, tolerance: 0.5, reported: 88).judge(88.4) == .passed)
        #expect(claim(.within, threshold: 0, tolerance: 0.5, reported: 88).judge(87.4) == .failed)
        #expect(claim(.atLeast, threshold: 0, tolerance: 0).judge(nil) == .notMeasured)
        #expect(claim(.atLeast, threshold: 0, tolerance: 0).judge(.nan) == .failed)
    }

    @Test func theShippedClaimsFileHoldsTheSixClaims() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("chapters/claims.json")
        let claims = try ClaimsFile.load(url)
        #expect(claims.map(\.id) == ["C1", "C2", "C3", "C4", "C5", "C6"])
        let measured = ["04-accuracy/resnet18_light_gap": 12.5, "04-accuracy/resnet18_normal_above_majority": 20]
        let checks = ClaimCheck.run(claims) { measured[$0] }
        #expect(checks.map(\.verdict) == [.passed] + Array(repeating: .notMeasured, count: 5))
        #expect(ClaimCheck.table(checks).contains("✓ passed"))
    }

    @Test func aBadClaimsFileNamesTheClaimAtFault() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("claims-\(UUID().uuidString).json")
        try Data(#"[{"id": "C1", "chapter": "04-accuracy", "statement": "s"}]"#.utf8).write(to: url)
        #expect(throws: ClaimsError.invalid(url.path, at: "claim 1", "missing field 'quantity'")) {
            try ClaimsFile.load(url)
        }
        let good = #"{"id": "C1", "chapter": "04-accuracy", "statement": "s", "quantity": "05-tsne/x", "comparison": ">=", "threshold": 0, "tolerance": 0, "unit": "", "rationale": "r"}"#
        try Data("[\(good)]".utf8).write(to: url)
        #expect(throws: ClaimsError.invalid(url.path, at: "claim C1", "quantity '05-tsne/x' must be '04-accuracy/<value key>'")) {
            try ClaimsFile.load(url)
        }
    }
}

@Suite struct MeasuredQuantitiesTests {
    @Test func quantitiesAreReadFromTheChaptersResultsFiles() throws {
        let figures = FileManager.default.temporaryDirectory.appendingPathComponent("measured-\(UUID().uuidString)")
        var r = Results(chapter: "04-accuracy")
        r.value("gap", 3.5)
        r.text("winner", "LLDif")
        try r.write(toFigures: figures)
        var measured = MeasuredQuantities(figuresDirectory: figures)
        #expect(try measured.number(for: "04-accuracy/gap") == 3.5)
        #expect(try measured.number(for: "04-accuracy/absent") == nil)
        #expect(try measured.number(for: "07-ablation/gap") == nil, "a chapter that has not run measures nothing")
        #expect(throws: ClaimsError.textQuantity("04-accuracy/winner")) { try measured.number(for: "04-accuracy/winner") }
    }
}

@Suite struct InformativeClaimTests {
    let claim = Claim(id: "C", chapter: "04-accuracy", statement: "A beats B", quantity: "04-accuracy/a_minus_b",
                      comparison: .atLeast, threshold: 0, tolerance: 0, rationale: "",
                      informativeIf: .init(quantity: "04-accuracy/best_above_majority", above: 2, rationale: ""))

    func check(_ values: [String: Double]) -> Verdict {
        ClaimCheck.run([claim]) { values[$0] }[0].verdict
    }

    @Test func aTieOfModelsThatLearntNothingIsInconclusive() {
        #expect(check(["04-accuracy/a_minus_b": 0, "04-accuracy/best_above_majority": 0.4]) == .inconclusive)
        #expect(check(["04-accuracy/a_minus_b": 0]) == .inconclusive)
    }

    @Test func aComparisonAboveTheFloorIsJudged() {
        #expect(check(["04-accuracy/a_minus_b": 0.5, "04-accuracy/best_above_majority": 10]) == .passed)
        #expect(check(["04-accuracy/a_minus_b": -0.5, "04-accuracy/best_above_majority": 10]) == .failed)
        #expect(check(["04-accuracy/best_above_majority": 10]) == .notMeasured)
    }
}
