import ArgumentParser
import Foundation
import Paper

/// `lldif report`: weaves the chapters and the results files into figures/report.html and report.pdf.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Weave chapters/*.md and the chapters' results files into report.html and report.pdf.",
        discussion: """
        Directives in the chapter prose (block ones alone on their line):
          {{figure CH/NAME}}   {{table CH/NAME}}   {{claims}}
          {{value CH/NAME}}    {{value CH/NAME %.3f}}   {{ref figure CH/NAME}}   {{ref table CH/NAME}}
        CH/NAME names an item in <figures>/CH/results.json; NAME alone means the current chapter.
        Formats: %.Nf fixed, %.N% percent (x100), %.Ne scientific, %.Ng significant, %d integer.
        A missing results file, figure, table or value stops the build with the chapter file and line.
        """
    )

    @Option(help: "Directory of the chapter files (*.md), woven in file-name order.")
    var chapters = "chapters"

    @Option(help: "Directory of the results files (<chapter>/results.json) and figure files.")
    var figures = "figures"

    @Option(help: "Directory to write report.html and report.pdf into (default: the figures directory).")
    var out: String?

    @Option(help: "The claims data file; its claims are checked against the results.")
    var claims = "chapters/claims.json"

    @Option(help: "The paper's numbers as reviewers entered them, shown by {{paper-numbers}}.")
    var paperNumbers = "chapters/paper-numbers.json"

    @Option(help: "The report's title.")
    var title = "LLDif reproducibility report"

    func run() throws {
        let chaptersURL = URL(fileURLWithPath: chapters, isDirectory: true)
        let figuresURL = URL(fileURLWithPath: figures, isDirectory: true)
        let outURL = URL(fileURLWithPath: out ?? figures, isDirectory: true)
        let claimList: [Claim]
        let numbers: PaperNumbersFile
        do {
            claimList = try ClaimsFile.load(URL(fileURLWithPath: claims), chapters: try ClaimsFile.chapterNames(in: chaptersURL))
            numbers = try PaperNumbersFile.load(URL(fileURLWithPath: paperNumbers))
        } catch let error as ClaimsError { throw ValidationError(error.description) }
        catch let error as PaperNumbersError { throw ValidationError(error.description) }
        let weaver = ReportWeaver(chaptersDirectory: chaptersURL, figuresDirectory: figuresURL, title: title,
                                  claims: claimList, preRegistration: PreRegistration.of(claimsFile: URL(fileURLWithPath: claims)),
                                  paperNumbers: numbers)
        let report = try weaver.weave(environment: .current(repository: chaptersURL))
        try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: true)
        let html = outURL.appendingPathComponent("report.html")
        let pdf = outURL.appendingPathComponent("report.pdf")
        try report.writeHTML(to: html)
        try report.writePDF(to: pdf)
        print("report: \(report.chapters.count) chapters, \(report.figures.count) figures, \(report.tables.count) tables, \(report.claims.count) claims")
        print("wrote \(html.path)")
        print("wrote \(pdf.path)")
    }
}
