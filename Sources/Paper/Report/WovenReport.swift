import Foundation

/// A figure placed in the report, with its number.
public struct WovenFigure: Sendable, Hashable {
    /// "Figure `number`", counted in order of placement across all chapters from 1.
    public var number: Int
    /// The results key it came from.
    public var key: ResultKey
    /// The caption from the results file.
    public var caption: String
    /// The PNG file (used by the PDF booklet, and by the HTML when there is no SVG).
    public var png: URL
    /// The SVG file, embedded in the HTML when present.
    public var svg: URL?
}

/// A table placed in the report, with its number.
public struct WovenTable: Sendable, Hashable {
    /// "Table `number`", counted in order of placement across all chapters from 1.
    public var number: Int
    /// The results key it came from.
    public var key: ResultKey
    /// The table itself.
    public var table: ResultTable
}

/// What a directive turned into.
public enum DirectivePlacement: Sendable, Hashable {
    case figure(WovenFigure)
    case table(WovenTable)
    case claims
    case paperNumbers
    /// A formatted value, the key it came from, and whether it is a number (kept on one line).
    case value(String, key: ResultKey, isNumber: Bool)
    /// A reference to "Figure N" or "Table N".
    case reference(ItemKind, number: Int)
}

/// A heading of a chapter, for the table of contents.
public struct ChapterHeading: Sendable, Hashable {
    /// 1 for `#`, 2 for `##`, …
    public var level: Int
    /// The heading's text without markup (placeholders for values still in it).
    public var text: String
    /// The HTML id it carries.
    public var id: String
}

/// One chapter file after weaving.
public struct WovenChapter: Sendable, Hashable {
    /// The file name without `.md`, e.g. `01-low-light`.
    public var name: String
    /// The chapter's title: its first level-1 heading, else its name.
    public var title: String
    /// The HTML Ink made of the chapter, with a placeholder where each directive was.
    var html: String
    /// What each placeholder stands for.
    var placements: [String: DirectivePlacement]
    /// The chapter's headings in order.
    public var headings: [ChapterHeading]
    /// The figures, tables and claims tables of the chapter in order, for the PDF booklet.
    public var blocks: [DirectivePlacement]
}

/// A chapter's provenance row: nil when its results file records none.
public struct ProvenanceRow: Sendable, Hashable {
    /// The chapter name.
    public var chapter: String
    /// What the chapter's results file recorded.
    public var provenance: ChapterProvenance?
}

/// Everything the report shows, resolved and checked; `html()` and `pdf()` render it.
public struct WovenReport: Sendable, Hashable {
    /// The report's title.
    public var title: String
    /// Commit, machine and date.
    public var environment: ReportEnvironment
    /// The chapters in order.
    public var chapters: [WovenChapter]
    /// Every placed figure, by number.
    public var figures: [WovenFigure]
    /// Every placed table, by number.
    public var tables: [WovenTable]
    /// The claims table.
    public var claims: [ClaimRow]
    /// When the claims were fixed, and whether they changed after the results they judge: the
    /// lines the claims table prints under its caption.
    public var preRegistration: [String]
    /// The paper's numbers beside the reproduced ones.
    public var paperNumbers: [PaperNumberRow]
    /// One provenance row per results file.
    public var provenance: [ProvenanceRow]
}

extension WovenReport {
    /// The caption of the claims table, in the HTML and the PDF.
    static let claimsCaption = "The paper's claims, each with a test and a margin fixed in chapters/claims.json before the results: the verdict, the measured estimate with the interval the rule reads (hierarchical bootstrap over training seeds and test images), and the rule."

    /// The caption of the paper-numbers table.
    static let paperNumbersCaption = "Each cell of the paper's tables the kit reproduces: the paper's number as a reviewer entered it from the PDF (chapters/paper-numbers.json; \"not entered\" until then), the reproduced estimate with its 95% interval, the table's tolerance, and, on the real datasets, whether they agree."

    /// The columns of the paper-numbers table.
    static let paperNumbersColumns = ["Table", "Row", "Column", "Paper", "Reproduced [95% CI]", "Tolerance", "Check"]

    /// The paper-numbers table's cells as text, one row per cell.
    var paperNumberCells: [[String]] {
        paperNumbers.map { r in
            [r.cell.table, r.cell.row, r.cell.column, r.reportedText, r.reproducedText ?? "not measured",
             "±" + String(format: "%g", r.tolerance), r.status.text]
        }
    }
}
