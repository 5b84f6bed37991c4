import Foundation
import Testing
import Paper

/// The claims file's git record and the warning when it is newer than the results.
@Suite struct PreRegistrationTests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prereg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @discardableResult
    func git(_ arguments: [String], in folder: URL) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", folder.path, "-c", "user.name=t", "-c", "user.email=t@t"] + arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    @Test func aFileOutsideGitSaysSoAndNeverFails() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let claims = root.appendingPathComponent("claims.json")
        try Data("[]".utf8).write(to: claims)
        let record = PreRegistration.of(claimsFile: claims)
        #expect(record.record == .notUnderGit)
        #expect(record.line == "claims.json is not under git: no record of when the criteria were fixed.")
        #expect(record.staleness([("04-accuracy", nil)]) == nil)
    }

    @Test func aCommittedFileGivesItsCommitAndDateAndChangesAfterwardsAreNamed() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let claims = root.appendingPathComponent("claims.json")
        try Data("[]".utf8).write(to: claims)
        guard try git(["init", "-q"], in: root) == 0 else { return }  // no git on this machine: nothing to test
        #expect(PreRegistration.of(claimsFile: claims).record == .uncommitted)
        try git(["add", "claims.json"], in: root)
        #expect(try git(["commit", "-q", "-m", "claims"], in: root) == 0)
        let record = PreRegistration.of(claimsFile: claims)
        guard case .committed(let hash, let date, let modified) = record.record else {
            Issue.record("expected a commit, got \(record.record)"); return
        }
        #expect(hash.count >= 7 && !modified)
        #expect(abs(date.timeIntervalSinceNow) < 600)
        #expect(record.line.hasPrefix("Claims fixed by commit \(hash) of "))
        try Data("[ ]".utf8).write(to: claims)
        guard case .committed(_, _, true) = PreRegistration.of(claimsFile: claims).record else {
            Issue.record("an edited claims file is not flagged"); return
        }
    }

    @Test func claimsCommittedAfterTheResultsAreFlagged() {
        let commit = Date(timeIntervalSince1970: 1_700_000_000)
        let record = PreRegistration(file: "chapters/claims.json", record: .committed(hash: "abc1234", date: commit, modified: false))
        let before = ChapterProvenance(profile: "smoke", dataSource: "d", seeds: [0], wallTimeSeconds: 1,
                                       createdAt: commit.addingTimeInterval(-60))
        let after = ChapterProvenance(profile: "smoke", dataSource: "d", seeds: [0], wallTimeSeconds: 1,
                                      createdAt: commit.addingTimeInterval(60))
        #expect(record.staleness([("05-tsne", after)]) == nil)
        let warning = record.staleness([("04-accuracy", before), ("05-tsne", after), ("07-ablation", nil)])
        #expect(warning?.contains("Commit abc1234 changed the claims after these results were made: 04-accuracy (2023-11-14T22:12:20Z)") == true)
        #expect(warning?.contains("07-ablation record no creation time") == true)
    }
}

/// Interval values in results files.
@Suite struct IntervalValueTests {
    @Test func intervalsRoundTripAndOldNumbersStillRead() throws {
        let figures = try writeResults("04-accuracy", [
            "gap": .interval(interval(1, 3, 1.5, 2.5), unit: "pp", format: .fixed(1)), "old": .number(0.5, plusMinus: 0.1),
        ])
        let read = try Results.read(from: Results.fileURL(chapter: "04-accuracy", figuresDirectory: figures))
        #expect(read.values["gap"] == .interval(interval(1, 3, 1.5, 2.5), unit: "pp", format: .fixed(1)))
        #expect(read.values["gap"]?.formatted() == "2.0 [1.0, 3.0]\u{00A0}pp")
        #expect(read.values["gap"]?.estimate == 2 && read.values["gap"]?.isNumber == true)
        #expect(read.values["old"] == .number(0.5, plusMinus: 0.1))
    }

    @Test func anIntervalWithBoundsOutOfOrderIsRejected() throws {
        var r = Results(chapter: "04-accuracy")
        r.interval("gap", ResultInterval(estimate: 1, lower95: 0.5, upper95: 2, lower90: 0.2, upper90: 1.5, seeds: 1, images: 10))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("figures-\(UUID().uuidString)")
        #expect(throws: ResultsError.self) { try r.write(toFigures: folder) }
    }
}
