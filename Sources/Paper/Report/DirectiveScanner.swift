/// A directive found in a chapter file, with where it was and the placeholder that stands for it in
/// the text handed to the Markdown parser.
struct PlacedDirective: Sendable {
    var directive: Directive
    var location: SourceLocation
    var placeholder: String
}

/// A chapter's Markdown with every directive replaced by a placeholder word, ready for Ink.
struct ScannedChapter: Sendable {
    var markdown: String
    var directives: [PlacedDirective]
}

/// Finds the `{{…}}` directives in a chapter file line by line, so that each one keeps its line number
/// (Ink does not report source positions). Fenced code blocks and inline code spans are left as they
/// are, so a chapter can show directive syntax literally. Each directive becomes a placeholder made
/// of letters and digits only, which Markdown parsing passes through unchanged; block directives get
/// a paragraph of their own.
struct DirectiveScanner {
    /// The chapter name used for keys without a chapter part.
    var chapter: String
    /// The chapter file's path, for locations.
    var file: String
    /// Placeholders are numbered from here, so that they are unique across chapters.
    var firstPlaceholder: Int

    /// The placeholder for directive number `n`: `LLDIFDIRECTIVE<n>Z`.
    static func placeholder(_ n: Int) -> String { "LLDIFDIRECTIVE\(n)Z" }

    /// `text` without any placeholders, e.g. for heading ids that must not depend on directive counts.
    static func removingPlaceholders(_ text: String) -> String {
        text.replacing(#/LLDIFDIRECTIVE[0-9]+Z/#, with: "")
    }

    func scan(_ text: String) throws -> ScannedChapter {
        var output: [String] = []
        var directives: [PlacedDirective] = []
        var fence: Substring?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let location = SourceLocation(file: file, line: index + 1)
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                output.append(String(line))
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
                output.append(String(line))
                continue
            }
            var found: [PlacedDirective] = []
            let rewritten = try rewrite(line, at: location) { directive in
                let placed = PlacedDirective(directive: directive, location: location,
                                             placeholder: Self.placeholder(firstPlaceholder + directives.count + found.count))
                found.append(placed)
                return placed.placeholder
            }
            if let block = found.first(where: { $0.directive.isBlock }) {
                guard found.count == 1, rewritten.trimmingSpaces == block.placeholder else {
                    throw ReportError.blockDirectiveNotAlone(name: block.directive.name, at: location)
                }
                output.append("")
                output.append(block.placeholder)
                output.append("")
            } else {
                output.append(rewritten)
            }
            directives += found
        }
        return ScannedChapter(markdown: output.joined(separator: "\n"), directives: directives)
    }

    /// Replaces each directive on one line (outside backtick code spans) with what `place` returns.
    /// Rejects Markdown and HTML images, which would make the report depend on outside files.
    private func rewrite(_ line: Substring, at location: SourceLocation,
                         place: (Directive) throws -> String) throws -> String {
        var out = ""
        var i = line.startIndex
        var codeTicks = 0
        while i < line.endIndex {
            if line[i] == "`" {
                let run = line[i...].prefix { $0 == "`" }
                if codeTicks == 0 { codeTicks = run.count } else if codeTicks == run.count { codeTicks = 0 }
                out += run
                i = run.endIndex
                continue
            }
            if codeTicks == 0 {
                let rest = line[i...]
                if rest.hasPrefix("![") || rest.lowercased().hasPrefix("<img") {
                    throw ReportError.externalImage(at: location)
                }
                if rest.hasPrefix("{{") {
                    guard let close = rest.range(of: "}}") else {
                        throw ReportError.malformedDirective(text: String(rest), reason: "no closing '}}'", at: location)
                    }
                    let body = String(rest[rest.index(i, offsetBy: 2)..<close.lowerBound])
                    out += try place(try Directive.parse(body.trimmingSpaces, chapter: chapter, at: location))
                    i = close.upperBound
                    continue
                }
            }
            out.append(line[i])
            i = line.index(after: i)
        }
        return out
    }
}

extension Directive {
    /// The directive's name as written: `figure`, `table`, `claims`, `paper-numbers`, `value` or `ref`.
    var name: String {
        switch self {
        case .figure: return "figure"
        case .table: return "table"
        case .claims: return "claims"
        case .paperNumbers: return "paper-numbers"
        case .value: return "value"
        case .reference: return "ref"
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
