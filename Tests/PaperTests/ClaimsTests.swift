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
        let claims = try ClaimsFile.load(url, chapters: try ClaimsFile.chapterNames(in: url.deletingLastPathComponent()))
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
        #expect(throws: ClaimsError.noSuchValue("04-accuracy/absent",
                                                file: figures.appendingPathComponent("04-accuracy/results.json").path,
                                                available: ["gap", "winner"])) {
            try measured.number(for: "04-accuracy/absent")
        }
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

/// Claims naming what no chapter writes, and results folders that hold nothing, are errors.
@Suite struct ClaimTargetTests {
    static let chapters = ["01-low-light", "04-accuracy", "06-diffusion-steps"]

    /// A claims file holding `claims` (JSON objects) in a fresh folder.
    func claimsFile(_ claims: [String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("claims-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("claims.json")
        try Data("[\(claims.joined(separator: ","))]".utf8).write(to: url)
        return url
    }

    func claim(_ id: String, chapter: String, quantity: String, informativeIf: String? = nil) -> String {
        let condition = informativeIf.map { #", "informativeIf": {"quantity": "\#($0)", "above": 2, "rationale": "r"}"# } ?? ""
        return #"{"id": "\#(id)", "chapter": "\#(chapter)", "statement": "s", "quantity": "\#(quantity)", "comparison": ">=", "threshold": 0, "tolerance": 0, "unit": "", "rationale": "r"\#(condition)}"#
    }

    @Test func aClaimNamingAChapterThatIsNotInThePaperIsAnError() throws {
        let url = try claimsFile([claim("C1", chapter: "06-difusion-steps", quantity: "06-difusion-steps/best_T")])
        #expect(throws: ClaimsError.invalid(url.path, at: "claim C1, field chapter",
                                            "'06-difusion-steps' is not a chapter of the paper (chapters: 01-low-light, 04-accuracy, 06-diffusion-steps)")) {
            try ClaimsFile.load(url, chapters: Self.chapters)
        }
        #expect(try ClaimsFile.load(url).count == 1, "without the chapter list only the form is checked")
    }

    @Test func theChaptersAreTheProseFilesAndAFolderWithoutAnyIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chapters-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: ClaimsError.noChapters(folder.path)) { try ClaimsFile.chapterNames(in: folder) }
        for name in ["04-accuracy.md", "01-low-light.md", "claims.json", ".hidden.md"] {
            try Data().write(to: folder.appendingPathComponent(name))
        }
        #expect(try ClaimsFile.chapterNames(in: folder) == ["01-low-light", "04-accuracy"])
    }

    @Test func aQuantityItsChapterDoesNotWriteIsAnErrorNamingTheClaimAndField() throws {
        let figures = FileManager.default.temporaryDirectory.appendingPathComponent("figures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: figures) }
        var r = Results(chapter: "04-accuracy")
        r.value("gap", 3.5)
        r.value("above_majority", 10)
        try r.write(toFigures: figures)
        let file = figures.appendingPathComponent("04-accuracy/results.json").path
        let typo = try ClaimsFile.load(try claimsFile([claim("C1", chapter: "04-accuracy", quantity: "04-accuracy/gapp")]))
        let error = #expect(throws: ClaimsError.self) { try MeasuredQuantities.check(typo, figuresDirectory: figures) }
        #expect(error == .unknownQuantity(claim: "C1", field: "quantity", quantity: "04-accuracy/gapp", file: file,
                                          available: ["above_majority", "gap"]))
        #expect(error?.description == "claim C1, field quantity: '04-accuracy/gapp' is not a value its chapter writes: \(file) has no 'gapp' (it has: above_majority, gap)")
        let condition = try ClaimsFile.load(try claimsFile([claim("C2", chapter: "04-accuracy", quantity: "04-accuracy/gap",
                                                                  informativeIf: "04-accuracy/above_majorty")]))
        #expect(throws: ClaimsError.unknownQuantity(claim: "C2", field: "informativeIf.quantity", quantity: "04-accuracy/above_majorty",
                                                    file: file, available: ["above_majority", "gap"])) {
            try MeasuredQuantities.check(condition, figuresDirectory: figures)
        }
        // A chapter that has not run yet measures nothing: not measured, not an error.
        let notRun = try ClaimsFile.load(try claimsFile([claim("C3", chapter: "06-diffusion-steps", quantity: "06-diffusion-steps/best_T")]))
        #expect(try MeasuredQuantities.check(notRun, figuresDirectory: figures).map(\.verdict) == [.notMeasured])
        let good = try ClaimsFile.load(try claimsFile([claim("C4", chapter: "04-accuracy", quantity: "04-accuracy/gap",
                                                             informativeIf: "04-accuracy/above_majority")]))
        #expect(try MeasuredQuantities.check(good, figuresDirectory: figures).map(\.verdict) == [.passed])
    }

    @Test func aMissingOrEmptyFiguresFolderHasNothingToVerify() throws {
        let figures = FileManager.default.temporaryDirectory.appendingPathComponent("figures-\(UUID().uuidString)")
        #expect(throws: ClaimsError.noResults(figures.path, reason: "no such folder; run the chapters first (make paper) or pass the folder that holds <chapter>/results.json")) {
            try MeasuredQuantities.chaptersWithResults(in: figures)
        }
        try FileManager.default.createDirectory(at: figures.appendingPathComponent("04-accuracy"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: figures) }
        #expect(throws: ClaimsError.noResults(figures.path, reason: "holds no chapter results (<chapter>/results.json); run the chapters first (make paper)")) {
            try MeasuredQuantities.chaptersWithResults(in: figures)
        }
        var r = Results(chapter: "04-accuracy")
        r.value("gap", 1)
        try r.write(toFigures: figures)
        #expect(try MeasuredQuantities.chaptersWithResults(in: figures) == ["04-accuracy"])
    }
}
