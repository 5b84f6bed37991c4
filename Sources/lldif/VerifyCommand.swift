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
        any claim failed.
        """
    )

    @Option(help: "The claims data file.")
    var claims = "chapters/claims.json"

    @Option(help: "Directory holding the chapters' results files (<chapter>/results.json).")
    var figures = "figures"

    func run() throws {
        let checks: [ClaimCheck]
        do {
            let list = try ClaimsFile.load(URL(fileURLWithPath: claims))
            checks = try MeasuredQuantities.check(list, figuresDirectory: URL(fileURLWithPath: figures, isDirectory: true))
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
