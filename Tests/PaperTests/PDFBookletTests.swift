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
        #expect(text.contains("/Title (Sample report)"))
        #expect(text.components(separatedBy: "/Subtype /Image").count - 1 == 3, "the three figures are embedded")
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

    /// The page count a Cairo PDF declares.
    private func pageCount(_ url: URL) throws -> Int? {
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        guard let match = text.firstMatch(of: #/\/Count ([0-9]+)/#) else { return nil }
        return Int(match.output.1)
    }

    @Test("a table longer than a page continues on the following pages")
    func longTableBreaksPages() throws {
        let project = try SampleProject()
        defer { project.remove() }
        func booklet(rows: Int) throws -> Int? {
            var results = Results(chapter: "08-training")
            results.table("runs", columns: ["Run", "Loss"],
                          rows: (0..<rows).map { [.text("run \($0)"), .number(1 / Double($0 + 1), format: .fixed(4))] },
                          caption: "Every run.")
            try results.write(toFigures: project.figures)
            try project.chapter("08-training", "# Training\n\n{{table runs}}\n")
            let url = project.root.appendingPathComponent("runs-\(rows).pdf")
            try project.weaver().weave(environment: SampleProject.environment).writePDF(to: url)
            return try pageCount(url)
        }
        #expect(try booklet(rows: 3) == 1)
        #expect(try booklet(rows: 200) ?? 0 >= 4, "200 rows of ~12 pt do not fit on fewer than 4 A4 pages")
    }

    @Test("a figure file that is not a PNG stops the PDF with its path")
    func unreadablePNG() throws {
        let project = try SampleProject()
        defer { project.remove() }
        var results = Results(chapter: "03-samples")
        let folder = project.figures.appendingPathComponent("03-samples")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("not a png".utf8).write(to: folder.appendingPathComponent("grid.png"))
        results.figure("grid", files: ["03-samples/grid.png"], caption: "Grid.")
        try results.write(toFigures: project.figures)
        try project.chapter("03-samples", "# Samples\n\n{{figure grid}}\n")
        let report = try project.weaver().weave(environment: SampleProject.environment)
        let url = project.root.appendingPathComponent("report.pdf")
        #expect {
            try report.writePDF(to: url)
        } throws: { error in
            guard case ReportError.unreadableFigure(let path, _) = error else { return false }
            return path == folder.appendingPathComponent("grid.png").path
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }
}
