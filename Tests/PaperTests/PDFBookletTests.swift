import Foundation
import Paper
import Testing

@Suite("PDF booklet")
struct PDFBookletTests {
    @Test("the sample weaves into a PDF dated with the environment's date, written atomically")
    func writesPDF() throws {
        let project = try SampleProject()
        defer { project.remove() }
        try project.writeSampleResults()
        try project.writeSampleChapters()
        let report = try project.weaver().weave(environment: SampleProject.environment)
        let url = project.root.appendingPathComponent("report.pdf")
        try report.writePDF(to: url)
        let bytes = try Data(contentsOf: url)
        #expect(bytes.starts(with: Data("%PDF-".utf8)))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("/CreationDate (20231114221320Z)"), "the creation date is the environment's date")
        #expect(text.contains("(Sample report)") || text.contains("Sample report"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.root.path).sorted()
                == ["chapters", "figures", "report.pdf"], "no temporary file is left behind")
    }

    @Test("the same input gives the same PDF bytes; a different date changes them")
    func deterministic() throws {
        let project = try SampleProject()
        defer { project.remove() }
        try project.writeSampleResults()
        try project.writeSampleChapters()
        let first = project.root.appendingPathComponent("first.pdf")
        let second = project.root.appendingPathComponent("second.pdf")
        let third = project.root.appendingPathComponent("third.pdf")
        try project.weaver().weave(environment: SampleProject.environment).writePDF(to: first)
        try project.weaver().weave(environment: SampleProject.environment).writePDF(to: second)
        var later = SampleProject.environment
        later.date = later.date.addingTimeInterval(86_400)
        try project.weaver().weave(environment: later).writePDF(to: third)
        let a = try Data(contentsOf: first)
        #expect(a == (try Data(contentsOf: second)))
        #expect(a != (try Data(contentsOf: third)))
    }

    @Test("the HTML is deterministic too")
    func htmlDeterministic() throws {
        let project = try SampleProject()
        defer { project.remove() }
        try project.writeSampleResults()
        try project.writeSampleChapters()
        let a = try project.weaver().weave(environment: SampleProject.environment).html()
        let b = try project.weaver().weave(environment: SampleProject.environment).html()
        #expect(a == b)
    }
}
