import ArgumentParser
import Foundation
import Paper

/// `lldif verify`: checks the paper's claims against the numbers the chapters measured.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the paper's claims (chapters/claims.json) against the chapters' results.",
        discussion: """
        Prints reported / reproduced / criterion / verdict for every claim. A claim whose chapter has \
        not run yet is 'not measured', which is neither a pass nor a failure. Exits with status 1 when \
        any claim failed. A claim naming a chapter that is not one of the chapter files beside the \
        claims file, or a value its chapter (which ran) does not write, is an error; so is a figures \
        folder that is missing or holds no chapter results.
        """
    )

    @Option(help: "The claims data file; the chapter files (<chapter>.md) beside it name the paper's chapters.")
    var claims = "chapters/claims.json"

    @Option(help: "Directory holding the chapters' results files (<chapter>/results.json).")
    var figures = "figures"

    func run() throws {
        let checks: [ClaimCheck]
        do {
            let claimsURL = URL(fileURLWithPath: claims)
            let list = try ClaimsFile.load(claimsURL, chapters: try ClaimsFile.chapterNames(in: claimsURL.deletingLastPathComponent()))
            let figuresURL = URL(fileURLWithPath: figures, isDirectory: true)
            _ = try MeasuredQuantities.chaptersWithResults(in: figuresURL)
            checks = try MeasuredQuantities.check(list, figuresDirectory: figuresURL)
        } catch let error as ClaimsError {
            throw ValidationError(error.description)
        } catch let error as ResultsError {
            throw ValidationError(error.description)
        }
        print(ClaimCheck.table(checks))
        let count = { (v: Verdict) in checks.filter { $0.verdict == v }.count }
        print("\nverdicts — passed: \(count(.passed)), failed: \(count(.failed)), inconclusive: \(count(.inconclusive)), not measured: \(count(.notMeasured))")
        if count(.failed) > 0 { throw ExitCode(1) }
    }
}
