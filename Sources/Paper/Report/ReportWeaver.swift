import Configuration
import Foundation
import Ink

/// Weaves `chapters/*.md` and the results files under `figures/` into a report.
///
/// ```swift
/// let weaver = ReportWeaver(chaptersDirectory: chapters, figuresDirectory: figures)
/// let report = try weaver.weave(environment: .current(repository: root))
/// try report.writeHTML(to: figures.appendingPathComponent("report.html"))
/// try report.writePDF(to: figures.appendingPathComponent("report.pdf"))
/// ```
public struct ReportWeaver: Sendable {
    /// Where the chapter files are; they are woven in file-name order.
    public var chaptersDirectory: URL
    /// Where the results files (`<chapter>/results.json`) and figure files are.
    public var figuresDirectory: URL
    /// The report's title.
    public var title: String
    /// The claims the claims table checks (the claims file), measured or not.
    public var claims: [Claim]
    /// The claims file's git record; nil prints none.
    public var preRegistration: PreRegistration?
    /// The paper's numbers as reviewers entered them; nil shows no paper-numbers table.
    public var paperNumbers: PaperNumbersFile?

    /// A weaver of the chapters in `chaptersDirectory` against the results in `figuresDirectory`.
    public init(chaptersDirectory: URL, figuresDirectory: URL, title: String = "LLDif reproducibility report",
                claims: [Claim] = [], preRegistration: PreRegistration? = nil, paperNumbers: PaperNumbersFile? = nil) {
        self.chaptersDirectory = chaptersDirectory
        self.figuresDirectory = figuresDirectory
        self.title = title
        self.claims = claims
        self.preRegistration = preRegistration
        self.paperNumbers = paperNumbers
    }

    /// Reads every chapter, resolves every directive, numbers figures and tables, and checks that
    /// everything the report needs exists. Throws `ReportError` naming the chapter line at fault.
    public func weave(environment: ReportEnvironment) throws -> WovenReport {
        let files = try chapterFiles()
        var scanned: [(name: String, file: String, scan: ScannedChapter)] = []
        var placeholderCount = 0
        for file in files {
            let name = file.deletingPathExtension().lastPathComponent
            let url = try proseFile(of: name, default: file)
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw ReportError.unreadableChapter(path: url.path, reason: "\(error.localizedDescription)")
            }
            let scanner = DirectiveScanner(chapter: name, file: url.path, firstPlaceholder: placeholderCount)
            let scan = try scanner.scan(text)
            placeholderCount += scan.directives.count
            scanned.append((name, url.path, scan))
        }
        let numbers = try numberFiguresAndTables(scanned.flatMap(\.scan.directives))

        var library = ResultsLibrary(figuresDirectory: figuresDirectory)
        var chapters: [WovenChapter] = []
        var figures: [WovenFigure] = []
        var tables: [WovenTable] = []
        for (name, _, scan) in scanned {
            var placements: [String: DirectivePlacement] = [:]
            var blocks: [DirectivePlacement] = []
            for placed in scan.directives {
                let placement = try resolve(placed, numbers: numbers, library: &library)
                placements[placed.placeholder] = placement
                switch placement {
                case .figure(let figure): figures.append(figure); blocks.append(placement)
                case .table(let table): tables.append(table); blocks.append(placement)
                case .claims, .paperNumbers: blocks.append(placement)
                case .value, .reference: break
                }
            }
            let (html, headings) = Self.markdownToHTML(scan.markdown, chapter: name)
            let title = headings.first { $0.level == 1 }?.text ?? name
            chapters.append(WovenChapter(name: name, title: title, html: html, placements: placements,
                                         headings: headings, blocks: blocks))
        }
        let all = try library.allResults()
        let checks = try MeasuredQuantities.check(claims, figuresDirectory: figuresDirectory)
        let judged = Set(claims.map(\.chapter))
        let judgedResults = all.map(\.results).filter { judged.contains($0.chapter) }.map { ($0.chapter, $0.provenance) }
        let record = preRegistration.map { [$0.line] + ($0.staleness(judgedResults).map { [$0] } ?? []) } ?? []
        return WovenReport(title: title, environment: environment, chapters: chapters, figures: figures,
                           tables: tables, claims: checks.map(ClaimRow.init), preRegistration: record,
                           paperNumbers: try paperNumbers.map { try PaperNumberRow.compare($0, figuresDirectory: figuresDirectory) } ?? [],
                           provenance: all.map { ProvenanceRow(chapter: $0.results.chapter, provenance: $0.results.provenance) })
    }

    /// The suffix of a chapter's real-data prose: `02-emotion-distribution.real.md`.
    public static let realProseSuffix = ".real.md"

    /// The `.md` files of the chapters directory, sorted by name (real-data variants left out).
    private func chapterFiles() throws -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: chaptersDirectory.path)) ?? []
        let chapters = names.filter { $0.hasSuffix(".md") && !$0.hasSuffix(Self.realProseSuffix) && !$0.hasPrefix(".") }.sorted()
        guard !chapters.isEmpty else { throw ReportError.noChapters(directory: chaptersDirectory.path) }
        return chapters.map { chaptersDirectory.appendingPathComponent($0) }
    }

    /// The prose of chapter `name`: its real-data variant when the chapter's results were measured
    /// on real data and the variant exists (its SynFER prose names SynFER's datasets), else `file`.
    private func proseFile(of name: String, default file: URL) throws -> URL {
        let variant = chaptersDirectory.appendingPathComponent(name + Self.realProseSuffix)
        let resultsURL = Results.fileURL(chapter: name, figuresDirectory: figuresDirectory)
        guard FileManager.default.fileExists(atPath: variant.path), FileManager.default.fileExists(atPath: resultsURL.path),
              (try? Results.read(from: resultsURL))?.provenance?.data == DataSource.real.rawValue else { return file }
        return variant
    }

    /// Numbers figures and tables in order of placement; rejects a second placement of the same item
    /// and a reference to an item that is never placed.
    private func numberFiguresAndTables(_ directives: [PlacedDirective]) throws -> [ItemKind: [ResultKey: (Int, SourceLocation)]] {
        var numbers: [ItemKind: [ResultKey: (Int, SourceLocation)]] = [.figure: [:], .table: [:]]
        for placed in directives {
            let kind: ItemKind
            let key: ResultKey
            switch placed.directive {
            case .figure(let k): kind = .figure; key = k
            case .table(let k): kind = .table; key = k
            default: continue
            }
            if let (_, first) = numbers[kind]?[key] {
                throw ReportError.placedTwice(kind: kind.rawValue, key: key.description, at: placed.location, first: first)
            }
            let next = (numbers[kind]?.count ?? 0) + 1
            numbers[kind]?[key] = (next, placed.location)
        }
        for placed in directives {
            if case .reference(let kind, let key) = placed.directive, numbers[kind]?[key] == nil {
                throw ReportError.unplacedReference(kind: kind.rawValue, key: key.description, at: placed.location)
            }
        }
        return numbers
    }

    /// Looks a directive up in the results and checks that what it needs exists.
    private func resolve(_ placed: PlacedDirective, numbers: [ItemKind: [ResultKey: (Int, SourceLocation)]],
                         library: inout ResultsLibrary) throws -> DirectivePlacement {
        let at = placed.location
        switch placed.directive {
        case .claims:
            return .claims
        case .paperNumbers:
            guard paperNumbers != nil else { throw ReportError.noPaperNumbers(at: at) }
            return .paperNumbers
        case .reference(let kind, let key):
            return .reference(kind, number: numbers[kind]![key]!.0)
        case .value(let key, let format):
            let results = try library.results(of: key.chapter, for: at)
            guard let value = results.values[key.name] else {
                throw ReportError.missingValue(key: key.description, available: results.values.keys.sorted(), at: at)
            }
            if format != nil, !value.isNumber { throw ReportError.formatOnText(key: key.description, at: at) }
            return .value(value.formatted(with: format), key: key, isNumber: value.isNumber)
        case .table(let key):
            let results = try library.results(of: key.chapter, for: at)
            guard let table = results.tables[key.name] else {
                throw ReportError.missingTable(key: key.description, available: results.tables.keys.sorted(), at: at)
            }
            return .table(WovenTable(number: numbers[.table]![key]!.0, key: key, table: table))
        case .figure(let key):
            let results = try library.results(of: key.chapter, for: at)
            guard let figure = results.figures[key.name] else {
                throw ReportError.missingFigure(key: key.description, available: results.figures.keys.sorted(), at: at)
            }
            for file in figure.files {
                let path = figuresDirectory.appendingPathComponent(file).path
                guard FileManager.default.fileExists(atPath: path) else {
                    throw ReportError.missingFigureFile(key: key.description, path: path, at: at)
                }
            }
            guard let png = figure.file(withExtension: "png") else {
                throw ReportError.figureWithoutPNG(key: key.description, at: at)
            }
            return .figure(WovenFigure(number: numbers[.figure]![key]!.0, key: key, caption: figure.caption,
                                       png: figuresDirectory.appendingPathComponent(png),
                                       svg: figure.file(withExtension: "svg").map { figuresDirectory.appendingPathComponent($0) }))
        }
    }

    /// Markdown to HTML with Ink; headings get ids (`<chapter>--<slug>`) and are collected for the
    /// table of contents.
    static func markdownToHTML(_ markdown: String, chapter: String) -> (String, [ChapterHeading]) {
        final class Collector {
            var headings: [ChapterHeading] = []
            var used: Set<String> = []
        }
        let collector = Collector()
        let modifier = Modifier(target: .headings) { html, _ in
            guard html.hasPrefix("<h"), let level = html.dropFirst(2).first?.wholeNumberValue,
                  let close = html.firstIndex(of: ">") else { return html }
            let inner = html[html.index(after: close)...].replacingOccurrences(of: "</h\(level)>", with: "")
            let text = HTMLText.strippingTags(inner)
            let slug = HTMLText.slug(DirectiveScanner.removingPlaceholders(text))
            var id = "\(chapter)--\(slug)"
            var suffix = 2
            while collector.used.contains(id) {
                id = "\(chapter)--\(slug)-\(suffix)"
                suffix += 1
            }
            collector.used.insert(id)
            collector.headings.append(ChapterHeading(level: level, text: text, id: id))
            return "<h\(level) id=\"\(id)\">" + html[html.index(after: close)...]
        }
        let html = MarkdownParser(modifiers: [modifier]).html(from: markdown)
        return (html, collector.headings)
    }
}
