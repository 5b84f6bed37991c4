import Foundation
import Paper
import Testing

/// `lldif findings` run as a user would, on chapter 04 results written here.
@Suite struct FindingsCommandTests {
    let claims = ClaimsFileTests.shipped

    /// A figures folder holding chapter 04's results for `seeds`: C1's light gap of 10 [8, 12] points,
    /// C2's LLDif − best baseline at `c2` ± 3 points, and tables marked with `tag`.
    func figures(seeds: [UInt64], tag: String, profile: String = "quick", c2: Double = -5) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("findings-\(UUID().uuidString)")
        var results = Results(chapter: "04-accuracy")
        func interval(_ x: Double, _ h: Double) -> ResultInterval {
            ResultInterval(estimate: x, lower95: x - h, upper95: x + h, lower90: x - h / 2, upper90: x + h / 2, seeds: seeds.count, images: 3000)
        }
        results.interval("resnet18_light_gap.ll-syn-raf", interval(10, 2), unit: "pp", format: .fixed(1))
        results.value("resnet18_normal_above_majority.ll-syn-raf", 30, unit: "pp", format: .fixed(1))
        results.interval("lldif_minus_best_baseline.ll-syn-raf", interval(c2, 3), unit: "pp", format: .fixed(1))
        results.value("compared_above_majority.ll-syn-raf", 20, unit: "pp", format: .fixed(1))
        results.table("accuracy", columns: ["Method", "ll-syn-raf"], rows: [["LLDif", .text("accuracy \(tag)")]], caption: "Accuracy \(tag).")
        results.table("targets", columns: ["Method", "target"], rows: [["POSTER-lite", .text("targets \(tag)")]], caption: "Targets \(tag).")
        results.table("controls", columns: ["Method"], rows: [[.text("controls \(tag)")]], caption: "Controls \(tag).")
        results.provenance = ChapterProvenance(profile: profile, dataSource: "SynFER", seeds: seeds, wallTimeSeconds: 1)
        try results.write(toFigures: url)
        return url
    }

    @Test func theReplicationAddsItsVerdictsAccuracyAndTargets() throws {
        // C2 fails on the first set (−5 [−8, −2], beyond the margin of 1) and passes on the second
        // (+3 [0, 6]): reported inconclusive. C1 passes on both.
        let first = try figures(seeds: [0, 1, 2], tag: "first"), second = try figures(seeds: [3, 4, 5], tag: "second", c2: 3)
        let run = try LLDifTool.run(["findings", "--claims", claims.path, "--figures", first.path, "--replication", second.path])
        #expect(run.status == 0, "\(run.error)")
        let text = run.output
        let c1 = "ll-syn-raf: 10.0 [8.0, 12.0] pp, floor 30.0 (95% CI; 3 seed(s), 3000 images)"
        #expect(text.contains("| C1 | \(c1) | ✓ passed | \(c1) | ✓ passed | ✓ passed |"))
        #expect(text.contains("| C2 | ll-syn-raf: -5.0 [-8.0, -2.0] pp, floor 20.0 (95% CI; 3 seed(s), 3000 images) | ✗ failed | "
                              + "ll-syn-raf: 3.0 [0.0, 6.0] pp, floor 20.0 (95% CI; 3 seed(s), 3000 images) | ✓ passed | "
                              + "? inconclusive (changes between the seed sets) |"))
        #expect(text.contains("**Do the verdicts survive another seed set?** The same paper on training seeds 3, 4, 5"))
        #expect(text.contains("**04-accuracy/accuracy, seeds 3, 4, 5**: Accuracy second."))
        #expect(text.contains("| LLDif | accuracy second |") && text.contains("| POSTER-lite | targets second |"))
        #expect(text.contains("**04-accuracy/targets**: Targets first.") && text.contains("| POSTER-lite | targets first |"))
        // Only the main table and the targets come from the second set; its controls are not repeated.
        #expect(text.contains("controls first") && !text.contains("controls second"))
        // The second set's tables follow its verdicts and precede the first set's tables.
        let verdicts = try #require(text.range(of: "Do the verdicts survive")), secondTable = try #require(text.range(of: "accuracy second"))
        let firstTable = try #require(text.range(of: "accuracy first"))
        #expect(verdicts.lowerBound < secondTable.lowerBound && secondTable.lowerBound < firstTable.lowerBound)
    }

    @Test func withoutAReplicationNoSecondSetIsShown() throws {
        let run = try LLDifTool.run(["findings", "--claims", claims.path, "--figures", try figures(seeds: [0, 1, 2], tag: "first").path])
        #expect(run.status == 0, "\(run.error)")
        #expect(!run.output.contains("another seed set") && !run.output.contains("seeds 3"))
    }

    @Test func overlappingSeedsOrAnotherProfileAreRefused() throws {
        let first = try figures(seeds: [0, 1, 2], tag: "first")
        let overlapping = try LLDifTool.run(["findings", "--claims", claims.path, "--figures", first.path,
                                             "--replication", try figures(seeds: [2, 3, 4], tag: "second").path])
        #expect(overlapping.status != 0 && overlapping.error.contains("overlap"))
        let smoke = try LLDifTool.run(["findings", "--claims", claims.path, "--figures", first.path,
                                       "--replication", try figures(seeds: [3, 4, 5], tag: "second", profile: "smoke").path])
        #expect(smoke.status != 0 && smoke.error.contains("not the quick profile"))
    }
}
