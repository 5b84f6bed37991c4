import ArgumentParser
import Foundation
import Paper

/// `lldif verify`: checks the paper's claims against the numbers the chapters measured.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the paper's claims (chapters/claims.json) against the chapters' results.",
        discussion: """
        Prints the git commit that last changed the claims file (the pre-registration record, and a \
        warning when it is newer than the results), then for every claim its verdict, the measured \
        intervals and the rule: superiority, non-inferiority (margin) or equivalence (margin) on a \
        hierarchical bootstrap interval. A claim whose chapter has not run yet is 'not measured', which \
        is neither a pass nor a failure. Then the paper's numbers (--paper-numbers) beside the \
        reproduced ones; on real data (DATA=real) every entered cell is checked against its table's \
        tolerance. Exits with status 1 when any claim failed or any checked cell is outside its \
        tolerance. A claims file with an unknown kind, a missing margin, a chapter that is not one of the \
        chapter files beside it, or a quantity its chapter (which ran) does not write, is an error; so \
        is a paper-numbers cell that is not a number or not a cell the kit reproduces, and a figures \
        folder that is missing or holds no chapter results.
        """
    )

    @Option(help: "The claims data file; the chapter files (<chapter>.md) beside it name the paper's chapters.")
    var claims = "chapters/claims.json"

    @Option(help: "Directory holding the chapters' results files (<chapter>/results.json).")
    var figures = "figures"

    @Option(help: "The paper's numbers as reviewers entered them (one slot per cell the kit reproduces).")
    var paperNumbers = "chapters/paper-numbers.json"

    func run() throws {
        let checks: [ClaimCheck]
        let cells: [PaperNumberRow]
        let record: PreRegistration
        var staleness: String?
        do {
            let claimsURL = URL(fileURLWithPath: claims)
            let list = try ClaimsFile.load(claimsURL, chapters: try ClaimsFile.chapterNames(in: claimsURL.deletingLastPathComponent()))
            let figuresURL = URL(fileURLWithPath: figures, isDirectory: true)
            let chapters = try MeasuredQuantities.chaptersWithResults(in: figuresURL)
            checks = try MeasuredQuantities.check(list, figuresDirectory: figuresURL)
            cells = try PaperNumberRow.compare(try PaperNumbersFile.load(URL(fileURLWithPath: paperNumbers)), figuresDirectory: figuresURL)
            record = PreRegistration.of(claimsFile: claimsURL)
            let judged = Set(list.map(\.chapter))
            staleness = record.staleness(try chapters.filter(judged.contains).map { chapter in
                (chapter, try Results.read(from: Results.fileURL(chapter: chapter, figuresDirectory: figuresURL)).provenance)
            })
        } catch let error as ClaimsError {
            throw ValidationError(error.description)
        } catch let error as ResultsError {
            throw ValidationError(error.description)
        } catch let error as PaperNumbersError {
            throw ValidationError(error.description)
        }
        print(record.line)
        if let staleness { print("warning: \(staleness)") }
        print("")
        print(ClaimCheck.table(checks))
        let count = { (v: Verdict) in checks.filter { $0.verdict == v }.count }
        print("\nverdicts — passed: \(count(.passed)), failed: \(count(.failed)), inconclusive: \(count(.inconclusive)), not measured: \(count(.notMeasured))")
        let entered = cells.filter { $0.status != .notEntered }
        let outside = cells.filter { $0.status == .outside }
        print("\nthe paper's numbers (\(paperNumbers)): \(entered.count) of \(cells.count) cells entered"
              + (entered.isEmpty ? "" : ", \(outside.count) outside their tolerance"))
        if !entered.isEmpty { print(PaperNumberRow.table(entered)) }
        if count(.failed) > 0 || !outside.isEmpty { throw ExitCode(1) }
    }
}
