import FaceData
import Foundation
import Paper
import Plot

/// One chapter executable's run: its resolved settings, where its outputs go, the results it is
/// collecting, and the clock. `finish` stamps the provenance and writes the results file last, so
/// a chapter killed half-way leaves no results that the report would trust.
public struct ChapterContext {
    /// The chapter's name, e.g. `01-low-light`: its folder under `figures/` and its prose file.
    public let chapter: String
    public let settings: Settings
    public let figuresDirectory: URL
    /// The results being collected.
    public var results: Results
    /// Hash of the chapter's settings, code revision and training runs (see `isUpToDate`).
    public private(set) var inputsHash: String
    private let revision: Int
    private let start = Date()

    /// Resolves the options; `revision` is bumped whenever the chapter's code changes what it outputs.
    public init(chapter: String, revision: Int, options: ChapterOptions) throws {
        self.chapter = chapter
        do { settings = try options.profile.settings(overriding: options.overrides) }
        catch let error as SettingsError { throw ChapterError.settings(error.description) }
        figuresDirectory = URL(fileURLWithPath: options.figures, isDirectory: true).standardizedFileURL
        results = Results(chapter: chapter)
        self.revision = revision
        inputsHash = ""
        depend(onRuns: [])
    }

    /// Makes the chapter's inputs include the training runs it reads (their `model/hash` names), so
    /// a run whose model revision or settings changed makes the chapter out of date.
    public mutating func depend(onRuns runs: [String]) {
        var hashed = settings
        hashed["data.generator_revision"] = .int(SynFER.generatorRevision)
        if !runs.isEmpty { hashed["chapter.runs"] = .string(runs.sorted().joined(separator: ",")) }
        inputsHash = RunSpec(model: "chapter-" + chapter, revision: revision, settings: hashed).hash
    }

    /// The chapter's folder under the figures directory.
    public var folder: URL { figuresDirectory.appendingPathComponent(chapter, isDirectory: true) }

    /// True when the existing results were made from the same inputs and all their figure files
    /// exist: there is nothing to redo.
    public var isUpToDate: Bool {
        let url = Results.fileURL(chapter: chapter, figuresDirectory: figuresDirectory)
        guard let old = try? Results.read(from: url), old.provenance?.inputsHash == inputsHash else { return false }
        return old.figures.values.allSatisfy { figure in
            figure.files.allSatisfy { FileManager.default.fileExists(atPath: figuresDirectory.appendingPathComponent($0).path) }
        }
    }

    /// Writes `figure` as PNG, SVG and PDF under the chapter's folder and records it under `name`.
    public mutating func add(_ figure: Figure, name: String, caption: String) throws {
        let files = try figure.write(to: folder.appendingPathComponent(name).path)
        try results.figure(name, writtenFiles: files, caption: caption, figuresDirectory: figuresDirectory)
    }

    /// Stamps the provenance and writes the results file.
    public mutating func finish(dataSource: String, seeds: [UInt64], runHashes: [String] = []) throws {
        results.provenance = ChapterProvenance(
            profile: try settings.string("profile"), dataSource: dataSource, seeds: seeds, runHashes: runHashes,
            wallTimeSeconds: Date().timeIntervalSince(start), inputsHash: inputsHash)
        let url = try results.write(toFigures: figuresDirectory)
        print("\(chapter): wrote \(url.path) (\(String(format: "%.1f", Date().timeIntervalSince(start))) s)")
    }
}

/// What stops a chapter, with the setting, dataset or file at fault.
public enum ChapterError: Error, CustomStringConvertible {
    case settings(String)
    case data(String)

    public var description: String {
        switch self {
        case .settings(let why): return "settings: \(why)"
        case .data(let why): return "data: \(why)"
        }
    }
}
