import Foundation
import Testing
import Paper

/// An interval with the given 95 % and 90 % bounds (estimate halfway).
func interval(_ l95: Double, _ u95: Double, _ l90: Double? = nil, _ u90: Double? = nil) -> ResultInterval {
    ResultInterval(estimate: (l95 + u95) / 2, lower95: l95, upper95: u95, lower90: l90 ?? l95, upper90: u90 ?? u95, seeds: 3, images: 3000)
}

/// A results file for `chapter` holding `values`, in a fresh figures folder or `figures`.
@discardableResult
func writeResults(_ chapter: String, _ values: [String: ResultValue], figures: URL? = nil) throws -> URL {
    let folder = figures ?? FileManager.default.temporaryDirectory.appendingPathComponent("figures-\(UUID().uuidString)")
    var r = Results(chapter: chapter)
    r.values = values
    try r.write(toFigures: folder)
    return folder
}

/// A claims file holding `claims` (JSON objects) in a fresh folder.
func claimsFile(_ claims: [String]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("claims-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent("claims.json")
    try Data("[\(claims.joined(separator: ","))]".utf8).write(to: url)
    return url
}

/// A claim as JSON.
func claimJSON(_ id: String, chapter: String = "04-accuracy", quantities: [String], kind: String = "superiority",
               margin: Double? = nil, informativeIf: String? = nil) -> String {
    let list = quantities.map { "\"\($0)\"" }.joined(separator: ", ")
    let m = margin.map { ", \"margin\": \($0)" } ?? ""
    let condition = informativeIf.map { #", "informativeIf": {"quantity": "\#($0)", "above": 2, "rationale": "r"}"# } ?? ""
    return #"{"id": "\#(id)", "chapter": "\#(chapter)", "statement": "s", "quantities": [\#(list)], "kind": "\#(kind)"\#(m), "rationale": "r"\#(condition)}"#
}

@Suite struct ClaimKindTests {
    @Test func superiorityReadsThe95IntervalAgainstZero() {
        #expect(ClaimKind.superiority.judge(interval(0.1, 2), margin: 0) == .passed)
        #expect(ClaimKind.superiority.judge(interval(0, 2), margin: 0) == .inconclusive, "a bound on 0 is not above it")
        #expect(ClaimKind.superiority.judge(interval(-0.5, 2), margin: 0) == .inconclusive)
        #expect(ClaimKind.superiority.judge(interval(-2, -0.1), margin: 0) == .failed)
        #expect(ClaimKind.superiority.judge(interval(-2, 0), margin: 0) == .inconclusive)
        // The 90 % interval does not decide a superiority claim.
        #expect(ClaimKind.superiority.judge(interval(-0.2, 2, 0.1, 1.5), margin: 0) == .inconclusive)
    }

    @Test func nonInferiorityReadsThe95IntervalAgainstMinusTheMargin() {
        #expect(ClaimKind.nonInferiority.judge(interval(-0.9, 1), margin: 1) == .passed)
        #expect(ClaimKind.nonInferiority.judge(interval(-1.1, 1), margin: 1) == .inconclusive)
        #expect(ClaimKind.nonInferiority.judge(interval(-3, -1.1), margin: 1) == .failed)
        #expect(ClaimKind.nonInferiority.judge(interval(-3, -0.5), margin: 1) == .inconclusive)
    }

    @Test func equivalenceReadsThe90IntervalAgainstPlusMinusTheMargin() {
        #expect(ClaimKind.equivalence.judge(interval(-2.5, 2.5, -1.9, 1.9), margin: 2) == .passed, "the 95% interval does not decide")
        #expect(ClaimKind.equivalence.judge(interval(-3, 1, -2.1, 0.5), margin: 2) == .inconclusive)
        #expect(ClaimKind.equivalence.judge(interval(-6, -2.5, -5, -2.1), margin: 2) == .failed)
        #expect(ClaimKind.equivalence.judge(interval(2, 6, 2.1, 5), margin: 2) == .failed)
        #expect(ClaimKind.equivalence.judge(interval(-1, 5, -0.5, 4), margin: 2) == .inconclusive)
    }

    @Test func theRuleIsWrittenBesideTheVerdict() {
        #expect(ClaimKind.superiority.rule(margin: 0).contains("95% CI's lower bound > 0"))
        #expect(ClaimKind.nonInferiority.rule(margin: 1).contains("lower bound > −1"))
        #expect(ClaimKind.equivalence.rule(margin: 2).contains("90% CI lies inside ±2"))
    }
}

@Suite struct ClaimCheckTests {
    func check(_ claim: String, _ values: [String: ResultValue]) throws -> ClaimCheck {
        let claims = try ClaimsFile.load(try claimsFile([claim]))
        return try ClaimCheck.run(claims) { $0 == "04-accuracy" ? ChapterValues(file: "f", values: values) : nil }[0]
    }

    @Test func aFamilyPassesOnlyWhenEveryMemberPasses() throws {
        let claim = claimJSON("C1", quantities: ["04-accuracy/gap.*"], informativeIf: "04-accuracy/floor.*")
        var values: [String: ResultValue] = [
            "gap.a": .interval(interval(1, 3)), "gap.b": .interval(interval(0.5, 2)),
            "floor.a": .number(10), "floor.b": .number(10), "gapless": .number(1),
        ]
        let passed = try check(claim, values)
        #expect(passed.verdict == .passed)
        #expect(passed.members.map(\.label) == ["a", "b"])
        values["gap.b"] = .interval(interval(-0.5, 2))
        #expect(try check(claim, values).verdict == .inconclusive)
        values["gap.b"] = .interval(interval(-2, -0.5))
        #expect(try check(claim, values).verdict == .failed, "one dataset below 0 fails 'on every dataset'")
        values["gap.b"] = .interval(interval(1, 3))
        values["floor.b"] = .number(1)
        let floored = try check(claim, values)
        #expect(floored.verdict == .inconclusive)
        #expect(floored.members.map(\.verdict) == [.passed, .inconclusive], "each member has its own floor")
    }

    @Test func everyListedQuantityMustHold() throws {
        let claim = claimJSON("C5", quantities: ["04-accuracy/a", "04-accuracy/b"])
        #expect(try check(claim, ["a": .interval(interval(1, 2)), "b": .interval(interval(1, 2))]).verdict == .passed)
        #expect(try check(claim, ["a": .interval(interval(1, 2)), "b": .interval(interval(-1, 2))]).verdict == .inconclusive)
    }

    @Test func aChapterThatHasNotRunMeasuresNothing() throws {
        let claims = try ClaimsFile.load(try claimsFile([claimJSON("C1", quantities: ["04-accuracy/a"])]))
        let checks = try ClaimCheck.run(claims) { _ in nil }
        #expect(checks[0].verdict == .notMeasured && checks[0].members.isEmpty && checks[0].measuredText == "—")
    }

    @Test func aQuantityNoChapterWritesOrThatIsNotAnIntervalIsAnErrorNamingTheClaim() throws {
        let gap = claimJSON("C1", quantities: ["04-accuracy/gap"], informativeIf: "04-accuracy/floor")
        #expect(throws: ClaimsError.unknownQuantity(claim: "C1", field: "quantities[0]", quantity: "04-accuracy/gap", file: "f",
                                                    available: ["floor"])) {
            try check(gap, ["floor": .number(3)])
        }
        #expect(throws: ClaimsError.unknownQuantity(claim: "C1", field: "informativeIf.quantity", quantity: "04-accuracy/floor",
                                                    file: "f", available: ["gap"])) {
            try check(gap, ["gap": .interval(interval(1, 2))])
        }
        let family = claimJSON("C2", quantities: ["04-accuracy/gap.*"], informativeIf: "04-accuracy/floor.*")
        #expect(throws: ClaimsError.unknownQuantity(claim: "C2", field: "informativeIf.quantity", quantity: "04-accuracy/floor.b",
                                                    file: "f", available: ["floor.a", "gap.a", "gap.b"])) {
            try check(family, ["gap.a": .interval(interval(1, 2)), "gap.b": .interval(interval(1, 2)), "floor.a": .number(3)])
        }
        #expect(throws: ClaimsError.notAnInterval(claim: "C1", quantity: "04-accuracy/gap", recordedAs: "a plain number")) {
            try check(gap, ["gap": .number(2), "floor": .number(3)])
        }
        #expect(ClaimsError.notAnInterval(claim: "C1", quantity: "04-accuracy/gap", recordedAs: "text").description
                == "claim C1, field quantities: '04-accuracy/gap' is recorded as text, not as an interval; claims judge intervals")
    }

    @Test func measuredTextShowsTheIntervalTheRuleReads() throws {
        let equivalence = claimJSON("C3", quantities: ["04-accuracy/d"], kind: "equivalence", margin: 2)
        let c = try check(equivalence, ["d": .interval(interval(-3, 3, -1, 1), unit: "pp", format: .fixed(1))])
        #expect(c.verdict == .passed)
        #expect(c.measuredText == "0.0 [-1.0, 1.0] pp (90% CI; 3 seed(s), 3000 images)")
        #expect(ClaimCheck.table([c]).contains("rule: equivalence, margin 2: passed if the 90% CI lies inside ±2"))
    }
}

@Suite struct ClaimsFileTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("chapters/claims.json")

    @Test func theShippedClaimsFileHoldsTheSixClaimsWithTheirKinds() throws {
        let claims = try ClaimsFile.load(Self.shipped, chapters: try ClaimsFile.chapterNames(in: Self.shipped.deletingLastPathComponent()))
        #expect(claims.map(\.id) == ["C1", "C2", "C3", "C4", "C5", "C6"])
        #expect(claims.map(\.kind) == [.superiority, .nonInferiority, .equivalence, .superiority, .superiority, .superiority])
        #expect(claims.map(\.margin) == [nil, 1, 2, nil, nil, nil])
        #expect(claims[2].quantities == ["06-diffusion-steps/paper_T_minus_best_other_T"])
        #expect(claims[2].informativeIf?.quantity == "06-diffusion-steps/best_above_majority")
    }

    @Test func theShippedClaimsAreJudgedOnFixtureResults() throws {
        let claims = try ClaimsFile.load(Self.shipped)
        let figures = try writeResults("04-accuracy", [
            "resnet18_light_gap.ll-syn-raf": .interval(interval(5, 9)), "resnet18_light_gap.ll-syn-kdef": .interval(interval(2, 6)),
            "resnet18_normal_above_majority.ll-syn-raf": .number(30), "resnet18_normal_above_majority.ll-syn-kdef": .number(25),
            "lldif_minus_best_baseline.ll-syn-raf": .interval(interval(-0.8, 1)), "lldif_minus_best_baseline.ll-syn-kdef": .interval(interval(-3, -1.5)),
            "compared_above_majority.ll-syn-raf": .number(30), "compared_above_majority.ll-syn-kdef": .number(30),
        ])
        try writeResults("06-diffusion-steps", ["paper_T_minus_best_other_T": .interval(interval(-2.5, 0.5, -1.8, 0.2)),
                                                "best_above_majority": .number(20)], figures: figures)
        let checks = try MeasuredQuantities.check(claims, figuresDirectory: figures)
        #expect(checks.map(\.verdict) == [.passed, .failed, .passed, .notMeasured, .notMeasured, .notMeasured])
    }

    @Test func anUnknownKindIsAnErrorNamingTheClaimAndField() throws {
        let url = try claimsFile([claimJSON("C1", quantities: ["04-accuracy/q"]), claimJSON("C7", quantities: ["04-accuracy/q"], kind: "superior")])
        #expect(throws: ClaimsError.invalid(url.path, at: "claim C7, field kind", "unknown kind (kinds: superiority, non-inferiority, equivalence)")) {
            try ClaimsFile.load(url)
        }
    }

    @Test func marginsMustMatchTheKind() throws {
        for kind in ["non-inferiority", "equivalence"] {
            let url = try claimsFile([claimJSON("C2", quantities: ["04-accuracy/q"], kind: kind)])
            #expect(throws: ClaimsError.invalid(url.path, at: "claim C2, field margin",
                                                "a \(kind) claim needs a margin (a positive number in the quantities' unit)")) {
                try ClaimsFile.load(url)
            }
        }
        let negative = try claimsFile([claimJSON("C2", quantities: ["04-accuracy/q"], kind: "equivalence", margin: -1)])
        #expect(throws: ClaimsError.invalid(negative.path, at: "claim C2, field margin", "must be a positive number, got -1.0")) {
            try ClaimsFile.load(negative)
        }
        let superiority = try claimsFile([claimJSON("C4", quantities: ["04-accuracy/q"], margin: 1)])
        #expect(throws: ClaimsError.invalid(superiority.path, at: "claim C4, field margin",
                                            "a superiority claim takes no margin (its boundary is 0)")) {
            try ClaimsFile.load(superiority)
        }
    }

    @Test func malformedClaimsNameTheClaimAndField() throws {
        let missing = try claimsFile([#"{"id": "C1", "chapter": "04-accuracy", "statement": "s", "kind": "superiority", "rationale": "r"}"#])
        #expect(throws: ClaimsError.invalid(missing.path, at: "claim C1", "missing field 'quantities'")) { try ClaimsFile.load(missing) }
        let none = try claimsFile([claimJSON("C1", quantities: [])])
        #expect(throws: ClaimsError.invalid(none.path, at: "claim C1, field quantities", "lists no quantity")) { try ClaimsFile.load(none) }
        let elsewhere = try claimsFile([claimJSON("C1", quantities: ["04-accuracy/q", "05-tsne/x"])])
        #expect(throws: ClaimsError.invalid(elsewhere.path, at: "claim C1, field quantities[1]",
                                            "quantity '05-tsne/x' must be '04-accuracy/<value key>' or '04-accuracy/<prefix>.*'")) {
            try ClaimsFile.load(elsewhere)
        }
        let floor = try claimsFile([claimJSON("C1", quantities: ["04-accuracy/q"], informativeIf: "04-accuracy/f.*")])
        #expect(throws: ClaimsError.self) { try ClaimsFile.load(floor) }
    }

    @Test func aClaimNamingAChapterThatIsNotInThePaperIsAnError() throws {
        let url = try claimsFile([claimJSON("C1", chapter: "06-difusion-steps", quantities: ["06-difusion-steps/best_T"])])
        #expect(throws: ClaimsError.invalid(url.path, at: "claim C1, field chapter",
                                            "'06-difusion-steps' is not a chapter of the paper (chapters: 01-low-light, 04-accuracy)")) {
            try ClaimsFile.load(url, chapters: ["01-low-light", "04-accuracy"])
        }
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
        try writeResults("04-accuracy", ["gap": .number(1)], figures: figures)
        #expect(try MeasuredQuantities.chaptersWithResults(in: figures) == ["04-accuracy"])
    }
}
