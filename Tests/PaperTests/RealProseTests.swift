import Foundation
import Paper
import Testing

/// A chapter's real-data prose (`NN-name.real.md`) is woven when its results were measured on real
/// data, and only then.
@Suite("Real-data prose")
struct RealProseTests {
    func weave(data: String?) throws -> (html: String, chapters: [String]) {
        let project = try SampleProject()
        defer { project.remove() }
        var results = Results(chapter: "02-emotion-distribution")
        results.value("max_share_gap", 1.5, unit: "pp", format: .fixed(1))
        results.value("syn-raf_max_share_gap", 0.5, unit: "pp", format: .fixed(1))
        results.provenance = ChapterProvenance(profile: "smoke", dataSource: "x", seeds: [0], wallTimeSeconds: 1, data: data)
        try results.write(toFigures: project.figures)
        try project.chapter("02-emotion-distribution", "# Shares\n\nSynFER prose: {{value syn-raf_max_share_gap}}.\n")
        let real = project.chapters.appendingPathComponent("02-emotion-distribution" + ReportWeaver.realProseSuffix)
        try "# Shares\n\nReal prose: {{value max_share_gap}}.\n".write(to: real, atomically: true, encoding: .utf8)
        let report = try project.weaver().weave(environment: SampleProject.environment)
        return (try report.html(), report.chapters.map(\.name))
    }

    @Test func realResultsWeaveTheRealProse() throws {
        let (html, chapters) = try weave(data: "real")
        #expect(html.contains("Real prose:") && !html.contains("SynFER prose:"))
        #expect(chapters == ["02-emotion-distribution"])
    }

    @Test func syntheticAndOldResultsWeaveTheSynFERProse() throws {
        for data in ["synthetic", nil] {
            let (html, chapters) = try weave(data: data)
            #expect(html.contains("SynFER prose:") && !html.contains("Real prose:"))
            #expect(chapters == ["02-emotion-distribution"], "the variant is not a chapter of its own")
        }
    }
}
