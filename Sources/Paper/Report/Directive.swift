/// The name of a figure, table or value in some chapter's results: `01-low-light/histograms`.
public struct ResultKey: Sendable, Hashable, CustomStringConvertible {
    /// The chapter whose results file holds the item.
    public var chapter: String
    /// The item's name inside that results file.
    public var name: String

    public var description: String { "\(chapter)/\(name)" }
}

/// What a figure or table reference points at.
public enum ItemKind: String, Sendable, Hashable {
    case figure
    case table

    /// "Figure" or "Table", as the report writes it before the number.
    var title: String { self == .figure ? "Figure" : "Table" }
}

/// One `{{…}}` directive in a chapter file. Block directives stand alone on their line; inline ones
/// may sit anywhere in the prose.
///
/// | directive | kind | renders |
/// |---|---|---|
/// | `{{figure 01-low-light/histograms}}` | block | the figure with "Figure N." and its caption |
/// | `{{table 04-accuracy/main}}` | block | the table with "Table N." and its caption |
/// | `{{claims}}` | block | the claims table: every listed claim, measured or not, and the pre-registration record |
/// | `{{paper-numbers}}` | block | the paper's numbers as reviewers entered them beside the reproduced ones |
/// | `{{value 01-low-light/ll_mean}}` | inline | the value in its stored format |
/// | `{{value 01-low-light/ll_mean %.3f}}` | inline | the value in the given format |
/// | `{{ref figure 01-low-light/histograms}}` | inline | "Figure N", linked to the figure |
///
/// A key without a `/` (`{{value ll_mean}}`) names an item of the chapter the directive is in.
enum Directive: Sendable, Hashable {
    case figure(ResultKey)
    case table(ResultKey)
    case claims
    case paperNumbers
    case value(ResultKey, NumberFormat?)
    case reference(ItemKind, ResultKey)

    /// The directive names the weaver knows, for error messages.
    static let names = ["figure", "table", "claims", "paper-numbers", "value", "ref"]

    /// Whether the directive must stand alone on its line.
    var isBlock: Bool {
        switch self {
        case .figure, .table, .claims, .paperNumbers: return true
        case .value, .reference: return false
        }
    }

    /// Parses the text between `{{` and `}}`. `chapter` resolves keys without a chapter part.
    static func parse(_ body: String, chapter: String, at location: SourceLocation) throws -> Directive {
        let words = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let name = words.first else {
            throw ReportError.malformedDirective(text: "{{\(body)}}", reason: "empty directive", at: location)
        }
        let arguments = Array(words.dropFirst())
        func malformed(_ reason: String) -> ReportError {
            .malformedDirective(text: "{{\(body)}}", reason: reason, at: location)
        }
        func key(_ text: String) throws -> ResultKey {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            switch parts.count {
            case 1 where Results.isValidName(parts[0]):
                return ResultKey(chapter: chapter, name: parts[0])
            case 2 where Results.isValidName(parts[0]) && Results.isValidName(parts[1]):
                return ResultKey(chapter: parts[0], name: parts[1])
            default:
                throw malformed("'\(text)' is not a key of the form chapter/name")
            }
        }
        switch name {
        case "figure", "table":
            guard arguments.count == 1 else { throw malformed("\(name) takes one key, e.g. {{\(name) 01-low-light/name}}") }
            return name == "figure" ? .figure(try key(arguments[0])) : .table(try key(arguments[0]))
        case "claims":
            guard arguments.isEmpty else { throw malformed("claims takes no arguments") }
            return .claims
        case "paper-numbers":
            guard arguments.isEmpty else { throw malformed("paper-numbers takes no arguments") }
            return .paperNumbers
        case "value":
            guard arguments.count == 1 || arguments.count == 2 else {
                throw malformed("value takes a key and an optional format, e.g. {{value 01-low-light/ll_mean %.3f}}")
            }
            var format: NumberFormat?
            if arguments.count == 2 {
                guard let parsed = NumberFormat(spec: arguments[1]) else {
                    throw malformed("unknown format '\(arguments[1])' (use %.Nf, %.N%, %.Ne, %.Ng or %d)")
                }
                format = parsed
            }
            return .value(try key(arguments[0]), format)
        case "ref":
            guard arguments.count == 2, let kind = ItemKind(rawValue: arguments[0]) else {
                throw malformed("ref takes 'figure' or 'table' and a key, e.g. {{ref figure 01-low-light/name}}")
            }
            return .reference(kind, try key(arguments[1]))
        default:
            throw ReportError.unknownDirective(name: name, at: location)
        }
    }
}
