/// Why a report could not be woven. Every case that comes from a chapter file names the file and line
/// (and the key at fault); the weaver never renders a blank in place of something it could not find.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    /// The chapters directory holds no `.md` files.
    case noChapters(directory: String)
    /// A chapter file could not be read.
    case unreadableChapter(path: String, reason: String)
    /// `{{name …}}` where name is not a known directive.
    case unknownDirective(name: String, at: SourceLocation)
    /// A known directive with wrong arguments, or an unclosed `{{`.
    case malformedDirective(text: String, reason: String, at: SourceLocation)
    /// A figure, table or claims directive that shares its line with other text.
    case blockDirectiveNotAlone(name: String, at: SourceLocation)
    /// A Markdown or HTML image in the prose: figures must come through `{{figure …}}`.
    case externalImage(at: SourceLocation)
    /// The results file of the chapter a key names does not exist.
    case missingResults(chapter: String, path: String, at: SourceLocation)
    /// A results file exists but cannot be read; `at` is the directive that needed it, if any.
    case badResults(ResultsError, at: SourceLocation?)
    /// The results file has no figure of that name; `available` lists the names it has.
    case missingFigure(key: String, available: [String], at: SourceLocation)
    /// The results file has no table of that name; `available` lists the names it has.
    case missingTable(key: String, available: [String], at: SourceLocation)
    /// The results file has no value of that name; `available` lists the names it has.
    case missingValue(key: String, available: [String], at: SourceLocation)
    /// A figure's results entry names a file that does not exist.
    case missingFigureFile(key: String, path: String, at: SourceLocation)
    /// A figure with no PNG file, which the PDF booklet needs.
    case figureWithoutPNG(key: String, at: SourceLocation)
    /// A format given for a text value.
    case formatOnText(key: String, at: SourceLocation)
    /// The same figure or table placed a second time.
    case placedTwice(kind: String, key: String, at: SourceLocation, first: SourceLocation)
    /// A `{{ref …}}` to a figure or table that no directive places.
    case unplacedReference(kind: String, key: String, at: SourceLocation)
    /// A figure file that exists but cannot be read (or, for the PDF, decoded as PNG).
    case unreadableFigure(path: String, reason: String)
    /// Writing the HTML or PDF failed.
    case unwritableOutput(path: String, reason: String)
    /// A `{{paper-numbers}}` directive when the report was woven without a paper-numbers file.
    case noPaperNumbers(at: SourceLocation)

    /// The chapter line at fault, when the error comes from one.
    public var location: SourceLocation? {
        switch self {
        case .unknownDirective(_, let at), .malformedDirective(_, _, let at), .blockDirectiveNotAlone(_, let at),
             .externalImage(let at), .missingResults(_, _, let at), .missingFigure(_, _, let at),
             .missingTable(_, _, let at), .missingValue(_, _, let at), .missingFigureFile(_, _, let at),
             .figureWithoutPNG(_, let at), .formatOnText(_, let at), .placedTwice(_, _, let at, _),
             .unplacedReference(_, _, let at), .noPaperNumbers(let at):
            return at
        case .badResults(_, let at):
            return at
        case .noChapters, .unreadableChapter, .unreadableFigure, .unwritableOutput:
            return nil
        }
    }

    public var description: String {
        let message: String
        switch self {
        case .noChapters(let directory):
            return "\(directory): no chapter files (*.md)"
        case .unreadableChapter(let path, let reason):
            return "\(path): cannot read chapter: \(reason)"
        case .unknownDirective(let name, _):
            message = "unknown directive '\(name)' (known: \(Directive.names.joined(separator: ", ")))"
        case .malformedDirective(let text, let reason, _):
            message = "malformed directive \(text): \(reason)"
        case .blockDirectiveNotAlone(let name, _):
            message = "{{\(name) …}} must stand alone on its line"
        case .externalImage:
            message = "image in the prose: place figures with {{figure chapter/name}} so the report stays self-contained"
        case .missingResults(let chapter, let path, _):
            message = "no results for chapter '\(chapter)': \(path) does not exist (run the chapter first)"
        case .badResults(let error, _):
            message = error.description
        case .missingFigure(let key, let available, _):
            message = "no figure '\(key)' in the results" + Self.listing(available)
        case .missingTable(let key, let available, _):
            message = "no table '\(key)' in the results" + Self.listing(available)
        case .missingValue(let key, let available, _):
            message = "no value '\(key)' in the results" + Self.listing(available)
        case .missingFigureFile(let key, let path, _):
            message = "figure '\(key)': file \(path) does not exist"
        case .figureWithoutPNG(let key, _):
            message = "figure '\(key)' has no PNG file, which the PDF booklet needs"
        case .formatOnText(let key, _):
            message = "value '\(key)' is a text; a number format does not apply"
        case .placedTwice(let kind, let key, _, let first):
            message = "\(kind) '\(key)' is already placed at \(first)"
        case .unplacedReference(let kind, let key, _):
            message = "reference to \(kind) '\(key)', which no {{\(kind) …}} directive places"
        case .noPaperNumbers:
            message = "{{paper-numbers}} needs the paper-numbers file (lldif report --paper-numbers FILE)"
        case .unreadableFigure(let path, let reason):
            return "\(path): cannot read figure: \(reason)"
        case .unwritableOutput(let path, let reason):
            return "\(path): cannot write report: \(reason)"
        }
        guard let location else { return message }
        return "\(location): \(message)"
    }

    /// " (it has: a, b)" or " (it has none)".
    private static func listing(_ names: [String]) -> String {
        names.isEmpty ? " (it has none)" : " (it has: \(names.joined(separator: ", ")))"
    }
}
