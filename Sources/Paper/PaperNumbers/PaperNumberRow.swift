import Configuration
import Foundation

/// One cell of the paper's tables beside the kit's reproduction: the reviewer's number (or "not
/// entered"), the reproduced estimate with its interval, and, on real data, whether the two agree
/// within the table's tolerance.
public struct PaperNumberRow: Sendable, Hashable {
    /// Where the reproduction stands against the paper.
    public enum Status: Sendable, Hashable {
        /// The reviewer has not entered the paper's number.
        case notEntered
        /// Entered, but the kit has not measured the cell (its chapter has not run, or this profile
        /// does not cover it).
        case notMeasured
        /// Entered and measured on SynFER: shown, not checked, for the reason given.
        case notChecked(String)
        /// Measured on real data within the tolerance.
        case within
        /// Measured on real data outside the tolerance.
        case outside

        /// How the tables print it.
        public var text: String {
            switch self {
            case .notEntered: return "nothing to check"
            case .notMeasured: return "not measured"
            case .notChecked(let why): return "not checked: \(why)"
            case .within: return "✓ within tolerance"
            case .outside: return "✗ outside tolerance"
            }
        }
    }

    /// The cell.
    public var cell: PaperCell
    /// The paper's number; nil when not entered.
    public var reported: Double?
    /// The reproduced estimate in the paper's unit; nil when not measured.
    public var reproduced: Double?
    /// The reproduction as printed, in the paper's unit: `71.2 [69.6, 72.8]` or `71.2 ± 0.4`.
    public var reproducedText: String?
    /// The table's tolerance.
    public var tolerance: Double
    /// The comparison's outcome.
    public var status: Status

    /// The paper's number as printed: the number, or "not entered" (never 0).
    public var reportedText: String { reported.map { String(format: "%.1f", $0) } ?? "not entered" }

    /// Every cell of `PaperCell.all` beside the results under `figuresDirectory`, in order.
    public static func compare(_ file: PaperNumbersFile, figuresDirectory: URL) throws -> [PaperNumberRow] {
        var results: [String: Results?] = [:]
        return try PaperCell.all.map { cell in
            if results[cell.chapter] == nil {
                let url = Results.fileURL(chapter: cell.chapter, figuresDirectory: figuresDirectory)
                results[cell.chapter] = FileManager.default.fileExists(atPath: url.path) ? try Results.read(from: url) : nil
            }
            let chapter = results[cell.chapter] ?? nil
            let source = chapter?.provenance?.data.flatMap(DataSource.init(rawValue:)) ?? .synthetic
            let value = chapter?.values[cell.key(source)]
            return PaperNumberRow(cell: cell, reported: file.entered[cell], value: value, source: source,
                                  tolerance: file.tables[cell.table]?.tolerance ?? 0)
        }
    }

    init(cell: PaperCell, reported: Double?, value: ResultValue?, source: DataSource, tolerance: Double) {
        self.cell = cell
        self.reported = reported
        self.tolerance = tolerance
        let f = { (x: Double) in String(format: "%.1f", x * cell.scale) }
        switch value {
        case .interval(let i, _, _)?:
            reproduced = i.estimate * cell.scale
            reproducedText = "\(f(i.estimate)) [\(f(i.lower95)), \(f(i.upper95))]"
        case .number(let x, let spread, _, _)?:
            reproduced = x * cell.scale
            reproducedText = f(x) + (spread.map { " ± \(f($0))" } ?? "")
        case .text?, nil:
            reproduced = nil
            reproducedText = nil
        }
        switch (reported, reproduced) {
        case (nil, _): status = .notEntered
        case (_?, nil): status = .notMeasured
        case (let paper?, let kit?):
            if source != .real {
                status = .notChecked("measured on SynFER, not on the paper's datasets (DATA=real checks it)")
            } else {
                status = abs(paper - kit) <= tolerance ? .within : .outside
            }
        }
    }

    /// The plain-text table `lldif verify` prints: one line per cell.
    public static func table(_ rows: [PaperNumberRow]) -> String {
        rows.map { r in
            "\(r.cell.name): paper \(r.reportedText), reproduced \(r.reproducedText ?? "—") (tolerance ±\(String(format: "%g", r.tolerance))) — \(r.status.text)"
        }.joined(separator: "\n")
    }
}
