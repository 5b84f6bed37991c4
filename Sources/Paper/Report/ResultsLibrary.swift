import Foundation

/// The results files under the figures directory, read once each and kept.
struct ResultsLibrary {
    /// The directory holding `<chapter>/results.json` files and the figure files.
    let figuresDirectory: URL
    private var cache: [String: Results] = [:]

    init(figuresDirectory: URL) {
        self.figuresDirectory = figuresDirectory
    }

    /// The results of `chapter`, for the directive at `location`.
    mutating func results(of chapter: String, for location: SourceLocation) throws -> Results {
        if let cached = cache[chapter] { return cached }
        let url = Results.fileURL(chapter: chapter, figuresDirectory: figuresDirectory)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ReportError.missingResults(chapter: chapter, path: url.path, at: location)
        }
        let results = try Self.read(url, chapter: chapter, at: location)
        cache[chapter] = results
        return results
    }

    /// Every results file under the figures directory, sorted by chapter, with its path.
    func allResults() throws -> [(results: Results, path: String)] {
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: figuresDirectory.path)) ?? []
        var all: [(Results, String)] = []
        for folder in folders.sorted() {
            let url = Results.fileURL(chapter: folder, figuresDirectory: figuresDirectory)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            all.append((try cache[folder] ?? Self.read(url, chapter: folder, at: nil), url.path))
        }
        return all
    }

    /// Reads one file and checks that it belongs to the folder it is in.
    private static func read(_ url: URL, chapter: String, at location: SourceLocation?) throws -> Results {
        let results: Results
        do {
            results = try Results.read(from: url)
        } catch let error as ResultsError {
            throw ReportError.badResults(error, at: location)
        }
        guard results.chapter == chapter else {
            throw ReportError.badResults(.malformed(path: url.path, field: "chapter",
                reason: "says '\(results.chapter)' but the file is in folder '\(chapter)'"), at: location)
        }
        return results
    }
}
