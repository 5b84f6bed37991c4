import Foundation

/// Everything one chapter executable measured, as the report weaver reads it: named values, tables and
/// figures, and its provenance. Claims are not judged here: `make verify` judges the quantities a
/// claims file names against these values. Stored as `figures/<chapter>/results.json`.
///
/// ```swift
/// var r = Results(chapter: "01-low-light")
/// r.value("ll_mean", 0.071, format: .fixed(3))
/// r.table("stats", columns: ["Dataset", "Mean"], rows: [["SynFER", .number(0.07, format: .fixed(3))]],
///         caption: "Mean intensity.")
/// r.figure("histograms", files: ["01-low-light/histograms.png"], caption: "Pixel histograms.")
/// r.provenance = ChapterProvenance(profile: "quick", dataSource: "SynFER", seeds: [1], wallTimeSeconds: 3)
/// try r.write(toFigures: figuresDirectory)
/// ```
public struct Results: Sendable, Hashable, Codable {
    /// The version of the file layout this code writes; readers reject other versions.
    public static let formatVersion = 1

    /// The layout version of this file (`formatVersion` when written by this code).
    public var formatVersion: Int
    /// The chapter name, equal to its folder under `figures/` and its `chapters/<chapter>.md` file.
    public var chapter: String
    /// Named single values, referenced as `{{value <chapter>/<name>}}`.
    public var values: [String: ResultValue]
    /// Named tables, referenced as `{{table <chapter>/<name>}}`.
    public var tables: [String: ResultTable]
    /// Named figures, referenced as `{{figure <chapter>/<name>}}`.
    public var figures: [String: ResultFigure]
    /// Where the numbers came from; nil until the chapter sets it.
    public var provenance: ChapterProvenance?

    /// Empty results of `chapter`, e.g. `"01-low-light"`.
    public init(chapter: String) {
        self.formatVersion = Self.formatVersion
        self.chapter = chapter
        self.values = [:]
        self.tables = [:]
        self.figures = [:]
        self.provenance = nil
    }

    /// Records a number under `name`, replacing any value of that name.
    public mutating func value(_ name: String, _ x: Double, plusMinus: Double? = nil, unit: String? = nil,
                               format: NumberFormat = .standard) {
        values[name] = .number(x, plusMinus: plusMinus, unit: unit, format: format)
    }

    /// Records an estimate with its intervals under `name`, replacing any value of that name.
    public mutating func interval(_ name: String, _ interval: ResultInterval, unit: String? = nil,
                                  format: NumberFormat = .standard) {
        values[name] = .interval(interval, unit: unit, format: format)
    }

    /// Records a text under `name`, replacing any value of that name.
    public mutating func text(_ name: String, _ text: String) {
        values[name] = .text(text)
    }

    /// Records a table under `name`, replacing any table of that name.
    public mutating func table(_ name: String, columns: [String], rows: [[ResultCell]], caption: String,
                               notes: String? = nil) {
        tables[name] = ResultTable(columns: columns, rows: rows, caption: caption, notes: notes)
    }

    /// Records a figure under `name`: its files relative to the figures directory and its caption.
    public mutating func figure(_ name: String, files: [String], caption: String) {
        figures[name] = ResultFigure(files: files, caption: caption)
    }

    /// Records a figure from the paths its files were written to (absolute, or relative to the working
    /// directory, e.g. what `Plot.Figure.write(to:)` returns), stored relative to `figuresDirectory`.
    /// Throws when a file lies outside that directory.
    public mutating func figure(_ name: String, writtenFiles: [String], caption: String,
                                figuresDirectory: URL) throws {
        let root = figuresDirectory.standardizedFileURL.path
        let prefix = root.hasSuffix("/") ? root : root + "/"
        let relative = try writtenFiles.map { file -> String in
            let path = URL(fileURLWithPath: file).standardizedFileURL.path
            guard path.hasPrefix(prefix) else {
                throw ResultsError.figureOutsideFigures(chapter: chapter, figure: name, path: file)
            }
            return String(path.dropFirst(prefix.count))
        }
        figure(name, files: relative, caption: caption)
    }

    /// Where the results of `chapter` live: `<figures>/<chapter>/results.json`.
    public static func fileURL(chapter: String, figuresDirectory: URL) -> URL {
        figuresDirectory.appendingPathComponent(chapter, isDirectory: true)
            .appendingPathComponent("results.json")
    }

    /// Checks names and table shapes, then writes `<figures>/<chapter>/results.json` atomically.
    @discardableResult
    public func write(toFigures figuresDirectory: URL) throws -> URL {
        let url = Self.fileURL(chapter: chapter, figuresDirectory: figuresDirectory)
        try write(to: url)
        return url
    }

    /// Checks names and table shapes, then writes the JSON to `url` atomically: into a temporary file
    /// in the same folder, then renamed over `url`, so a reader never sees half a file.
    public func write(to url: URL) throws {
        try validate()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let data = try encoder.encode(self)
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw ResultsError.unwritable(path: url.path, reason: "\(error)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ResultsError.unwritable(path: url.path, reason: reason)
        }
    }

    /// Reads a results file, naming the file and the field at fault when it is malformed.
    public static func read(from url: URL) throws -> Results {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ResultsError.missing(path: url.path)
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let results: Results
        do {
            results = try decoder.decode(Results.self, from: data)
        } catch let error as DecodingError {
            throw ResultsError.malformed(path: url.path, field: error.fieldPath, reason: error.reason)
        }
        guard results.formatVersion == formatVersion else {
            throw ResultsError.malformed(path: url.path, field: "formatVersion",
                                         reason: "version \(results.formatVersion), this code reads \(formatVersion)")
        }
        return results
    }

    /// Rejects names a directive cannot spell and tables whose rows do not match their columns.
    func validate() throws {
        let names = values.keys.map { ("value", $0) } + tables.keys.map { ("table", $0) }
            + figures.keys.map { ("figure", $0) }
        for (kind, name) in names where !Self.isValidName(name) {
            throw ResultsError.invalidName(chapter: chapter, kind: kind, name: name)
        }
        guard Self.isValidName(chapter) else {
            throw ResultsError.invalidName(chapter: chapter, kind: "chapter", name: chapter)
        }
        for (name, value) in values {
            if case .interval(let interval, _, _) = value { try interval.validate(chapter: chapter, name: name) }
        }
        for (name, table) in tables {
            for (index, row) in table.rows.enumerated() where row.count != table.columns.count {
                throw ResultsError.raggedTable(chapter: chapter, table: name, row: index,
                                               cells: row.count, columns: table.columns.count)
            }
        }
        for (name, figure) in figures {
            guard !figure.files.isEmpty else { throw ResultsError.figureWithoutFiles(chapter: chapter, figure: name) }
            for file in figure.files where file.hasPrefix("/") || file.split(separator: "/").contains("..") {
                throw ResultsError.figureOutsideFigures(chapter: chapter, figure: name, path: file)
            }
        }
    }

    /// Names are what directives spell: letters, digits, `-`, `_` and `.`, not empty.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || "-_.".unicodeScalars.contains($0)
        }
    }
}

/// A results file that cannot be written or read.
public enum ResultsError: Error, Equatable, CustomStringConvertible {
    /// No file at `path`.
    case missing(path: String)
    /// The file is not valid results JSON; `field` is the JSON path of the bad field.
    case malformed(path: String, field: String, reason: String)
    /// A value, table, figure or chapter name a directive could not spell.
    case invalidName(chapter: String, kind: String, name: String)
    /// A table row with the wrong number of cells.
    case raggedTable(chapter: String, table: String, row: Int, cells: Int, columns: Int)
    /// A figure that lists no files.
    case figureWithoutFiles(chapter: String, figure: String)
    /// A figure file given by an absolute path, or one outside the figures directory.
    case figureOutsideFigures(chapter: String, figure: String, path: String)
    /// An interval value whose bounds are out of order or not finite, or that rests on no seed or image.
    case invalidInterval(chapter: String, name: String, reason: String)
    /// Writing the file failed.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "\(path): no results file"
        case .malformed(let path, let field, let reason):
            return "\(path): field '\(field)': \(reason)"
        case .invalidName(let chapter, let kind, let name):
            return "results of \(chapter): \(kind) name '\(name)' must be letters, digits, '-', '_' or '.'"
        case .raggedTable(let chapter, let table, let row, let cells, let columns):
            return "results of \(chapter): table '\(table)' row \(row) has \(cells) cells for \(columns) columns"
        case .figureWithoutFiles(let chapter, let figure):
            return "results of \(chapter): figure '\(figure)' lists no files"
        case .figureOutsideFigures(let chapter, let figure, let path):
            return "results of \(chapter): figure '\(figure)' file \(path) must lie inside the figures directory, given relative to it"
        case .invalidInterval(let chapter, let name, let reason):
            return "results of \(chapter): interval '\(name)' \(reason)"
        case .unwritable(let path, let reason):
            return "\(path): cannot write results: \(reason)"
        }
    }
}

extension DecodingError {
    /// The JSON path of the field at fault, e.g. `tables.main.rows.2.0`.
    var fieldPath: String {
        let path: [CodingKey]
        switch self {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): path = c.codingPath
        case .keyNotFound(let key, let c): path = c.codingPath + [key]
        @unknown default: path = []
        }
        let parts = path.map { $0.intValue.map(String.init) ?? $0.stringValue }
        return parts.isEmpty ? "(top level)" : parts.joined(separator: ".")
    }

    /// What was wrong with the field.
    var reason: String {
        switch self {
        case .typeMismatch(let type, let c): return "expected \(type): \(c.debugDescription)"
        case .valueNotFound(let type, let c): return "missing \(type): \(c.debugDescription)"
        case .keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case .dataCorrupted(let c): return c.debugDescription
        @unknown default: return "\(self)"
        }
    }
}
