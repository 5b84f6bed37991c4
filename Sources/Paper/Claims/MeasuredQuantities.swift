import Foundation

/// The values one chapter recorded, as claims read them: its results file and its named values.
public struct ChapterValues: Sendable {
    /// The results file the values come from (named in errors).
    public var file: String
    /// The chapter's named values.
    public var values: [String: ResultValue]

    /// Values read from `file`.
    public init(file: String, values: [String: ResultValue]) {
        self.file = file
        self.values = values
    }
}

/// Looks up the numbers claims are checked against: `chapter/key` names value `key` in
/// `<figures>/<chapter>/results.json`. A chapter that has not run (no results file) measures
/// nothing (nil: "not measured"); a results file that cannot be read is an error. The results files
/// are the one record of what each chapter writes.
public struct MeasuredQuantities {
    /// The folder of the chapters' results files.
    public let figuresDirectory: URL
    private var cache: [String: ChapterValues?] = [:]

    /// Values under `figuresDirectory`.
    public init(figuresDirectory: URL) { self.figuresDirectory = figuresDirectory }

    /// The values `chapter` recorded, or nil when it has not run.
    public mutating func values(of chapter: String) throws -> ChapterValues? {
        if let cached = cache[chapter] { return cached }
        let url = Results.fileURL(chapter: chapter, figuresDirectory: figuresDirectory)
        let found = FileManager.default.fileExists(atPath: url.path)
            ? ChapterValues(file: url.path, values: try Results.read(from: url).values) : nil
        cache[chapter] = found
        return found
    }

    /// Checks every claim against the results under the figures directory; a quantity its
    /// chapter does not write is `ClaimsError.unknownQuantity` naming the claim and the field.
    public static func check(_ claims: [Claim], figuresDirectory: URL) throws -> [ClaimCheck] {
        var measured = MeasuredQuantities(figuresDirectory: figuresDirectory)
        return try ClaimCheck.run(claims) { try measured.values(of: $0) }
    }

    /// The chapters with a results file under `figuresDirectory`; `ClaimsError.noResults` when the
    /// folder is missing or holds none (verifying against it would report every claim "not measured").
    public static func chaptersWithResults(in figuresDirectory: URL) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: figuresDirectory.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ClaimsError.noResults(figuresDirectory.path, reason: "no such folder; run the chapters first (make paper) or pass the folder that holds <chapter>/results.json")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: figuresDirectory.path)) ?? []
        let chapters = names.filter {
            FileManager.default.fileExists(atPath: Results.fileURL(chapter: $0, figuresDirectory: figuresDirectory).path)
        }.sorted()
        guard !chapters.isEmpty else {
            throw ClaimsError.noResults(figuresDirectory.path, reason: "holds no chapter results (<chapter>/results.json); run the chapters first (make paper)")
        }
        return chapters
    }
}
