import ArgumentParser
import Foundation
import Paper

/// `lldif findings`: a short Markdown summary of what the chapters measured (the claims' verdicts,
/// the main tables, each chapter's wall time), printed or written into the README between
/// its `<!-- findings:begin -->` and `<!-- findings:end -->` markers.
struct FindingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings",
        abstract: "Summarise the measured results in Markdown (claims, main table, times), optionally into the README.",
        discussion: "`make findings` writes it into README.md after `make paper`; nothing in it is typed by hand.")

    @Option(help: "The claims data file.")
    var claims = "chapters/claims.json"

    @Option(help: "Directory holding the chapters' results files.")
    var figures = "figures"

    @Option(help: ArgumentHelp("A second figures directory: the same paper on another set of training seeds (make paper SEEDS=3,4,5 FIGURES=DIR).",
                               discussion: "Adds a table of each claim's verdict on both seed sets (a claim whose verdict changes between them is reported inconclusive), then the second set's accuracy and learning-targets tables."))
    var replication: String?

    @Option(help: "A Markdown file whose section markers receive the summary (default: print it).")
    var readme: String?

    @Option(help: "The section of --readme to write: between <!-- SECTION:begin --> and <!-- SECTION:end -->.")
    var section = "findings"

    @Flag(help: "Only the claims, the accuracy table and the paired test.")
    var brief = false

    /// The tables the summary repeats, in order: the main table, the paired test, the learning
    /// targets, the controls, the step study, the ablation and the feature numbers.
    static let tables = [("04-accuracy", "accuracy"), ("04-accuracy", "significance"), ("04-accuracy", "targets"),
                         ("04-accuracy", "controls"), ("06-diffusion-steps", "steps"),
                         ("07-ablation", "ablation"), ("05-tsne", "cluster_quality")]

    func run() throws {
        let directory = URL(fileURLWithPath: figures, isDirectory: true)
        let text: String
        do { text = try summary(directory) }
        catch let error as ClaimsError { throw ValidationError(error.description) }
        catch let error as ResultsError { throw ValidationError(error.description) }
        guard let readme else { print(text); return }
        let url = URL(fileURLWithPath: readme)
        let old = try String(contentsOf: url, encoding: .utf8)
        let (begin, end) = ("<!-- \(section):begin -->", "<!-- \(section):end -->")
        guard let start = old.range(of: begin), let stop = old.range(of: end), start.upperBound <= stop.lowerBound else {
            throw ValidationError("\(readme) has no \(begin) … \(end) markers to write the findings between")
        }
        try (old[..<start.upperBound] + "\n" + text + "\n" + old[stop.lowerBound...]).write(to: url, atomically: true, encoding: .utf8)
        print("wrote the findings into \(readme)")
    }

    /// The Markdown summary of the results under `directory`.
    func summary(_ directory: URL) throws -> String {
        let claimsURL = URL(fileURLWithPath: claims)
        let claimList = try ClaimsFile.load(claimsURL, chapters: try ClaimsFile.chapterNames(in: claimsURL.deletingLastPathComponent()))
        let checks = try MeasuredQuantities.check(claimList, figuresDirectory: directory)
        var results: [String: Results] = [:]
        let chapters = (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.sorted() ?? []
        for chapter in chapters {
            let url = Results.fileURL(chapter: chapter, figuresDirectory: directory)
            if FileManager.default.fileExists(atPath: url.path) { results[chapter] = try Results.read(from: url) }
        }
        var lines: [String] = []
        if let p = results["04-accuracy"]?.provenance {
            lines.append("Measured by `make paper` with the `\(p.profile)` profile on \(p.dataSource); seeds \(p.seeds.map(String.init).joined(separator: ", ")).")
            lines.append("")
        }
        lines.append(PreRegistration.of(claimsFile: claimsURL).line)
        lines.append("")
        lines.append("| claim | statement | measured | rule | verdict |")
        lines.append("|---|---|---|---|---|")
        for c in checks {
            lines.append("| \(c.claim.id) | \(c.claim.statement) | \(c.measuredText) | \(c.claim.criterion) | \(c.verdict.symbol) \(c.verdict.rawValue) |")
        }
        if let replication {
            lines += ["", try replicationSection(checks, claims: claimList, first: results["04-accuracy"]?.provenance,
                                                 second: URL(fileURLWithPath: replication, isDirectory: true))]
        }
        for (chapter, name) in brief ? Array(Self.tables.prefix(2)) : Self.tables {
            guard let table = results[chapter]?.tables[name] else { continue }
            lines += ["", Self.markdown(table, title: "\(chapter)/\(name)")]
        }
        let timed = results.values.compactMap { r in r.provenance.map { (r.chapter, $0.wallTimeSeconds) } }.sorted { $0.0 < $1.0 }
        if !timed.isEmpty {
            lines += ["", "Wall time of each chapter's last run (training excluded when `make runs` trained beforehand): "
                      + timed.map { String(format: "%@ %.0f s", $0.0, $0.1) }.joined(separator: ", ") + "."]
        }
        if let record = results["08-training-record"], case .number(let runs, _, _, _)? = record.values["runs"],
           case .number(let seconds, _, _, _)? = record.values["training_wall_seconds"] {
            lines.append(String(format: "Training: %.0f runs, %.0f s of wall time in all (runs side by side share the cores).", runs, seconds))
        }
        return lines.joined(separator: "\n")
    }

    /// The claims judged again on the figures of another seed set, beside `checks`. The second set
    /// must be the same profile and data on other seeds.
    func replicationSection(_ checks: [ClaimCheck], claims: [Claim], first: ChapterProvenance?, second directory: URL) throws -> String {
        let url = Results.fileURL(chapter: "04-accuracy", figuresDirectory: directory)
        let accuracy = try Results.read(from: url)
        guard let second = accuracy.provenance, let first else {
            throw ValidationError("--replication: both figures directories need chapter 04's results with their provenance (\(url.path))")
        }
        guard first.profile == second.profile, first.dataSource == second.dataSource else {
            throw ValidationError("--replication: \(directory.path) is the \(second.profile) profile on \(second.dataSource), "
                                  + "not the \(first.profile) profile on \(first.dataSource)")
        }
        guard Set(first.seeds).isDisjoint(with: second.seeds) else {
            throw ValidationError("--replication: the seed sets \(first.seeds) and \(second.seeds) overlap; a replication needs other seeds")
        }
        let replicated = try ReplicatedClaim.pair(checks, try MeasuredQuantities.check(claims, figuresDirectory: directory))
        func names(_ seeds: [UInt64]) -> String { seeds.map(String.init).joined(separator: ", ") }
        var text = "**Do the verdicts survive another seed set?** The same paper on training seeds \(names(second.seeds)):\n\n"
            + ReplicatedClaim.markdown(replicated, firstSeeds: names(first.seeds), secondSeeds: names(second.seeds))
        // The second set's main table and learning targets: issue #19's targets hold on every seed.
        for name in Self.replicationTables {
            guard let table = accuracy.tables[name] else { continue }
            text += "\n\n" + Self.markdown(table, title: "04-accuracy/\(name), seeds \(names(second.seeds))")
        }
        return text
    }

    /// The tables of chapter 04 the summary repeats from the second seed set.
    static let replicationTables = ["accuracy", "targets"]

    /// `table` as a Markdown paragraph: its title and caption, then its rows.
    static func markdown(_ table: ResultTable, title: String) -> String {
        var lines = ["**\(title)**: " + table.caption, ""]
        lines.append("| " + table.columns.joined(separator: " | ") + " |")
        lines.append("|" + String(repeating: "---|", count: table.columns.count))
        for row in table.rows {
            lines.append("| " + row.map { cell in
                let text = cell.value.formatted()
                return cell.highlight ? "**\(text)**" : text
            }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
