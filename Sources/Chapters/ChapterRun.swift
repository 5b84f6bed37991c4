import Configuration
import FaceData
import Foundation
import Paper
import Plot

/// One run of a chapter executable: its resolved configuration and plan, its training runs, the
/// results it is collecting, and the clock. The results file is written last (`finish`), so a
/// chapter killed half-way leaves no results that the report would trust.
public struct ChapterRun {
    /// The chapter's name, e.g. `01-low-light`.
    public let name: String
    /// The resolved configuration.
    public let config: ExperimentConfig
    /// The experiment's plan (which runs each chapter reads).
    public let plan: ExperimentPlan
    /// Obtains and reads the chapter's runs.
    public var runs: ChapterRuns
    /// The folder the chapter writes under (`figures/`).
    public let figuresDirectory: URL
    /// The results being collected.
    public var results: Results
    /// What the results say they were made from: the data source and the seeds (set by the chapter).
    public var dataSource = "", seeds: [Int] = []
    /// The `model/hash` names of the chapter's runs.
    public let runNames: [String]
    /// A hash of everything the results depend on: the configuration, the runs, the chapter's own
    /// inputs and the chapter's code (its executable).
    public let inputsHash: String
    private let start = Date()

    /// The chapter's start, or nil when there is nothing to do (its results are up to date and
    /// `--force` was not given).
    public init?(name: String, options: ChapterOptions, requests: (ExperimentPlan) throws -> [RunRequest], inputs: [String]) throws {
        self.name = name
        config = try options.profile.config(overriding: options.overrides)
        plan = try ExperimentPlan(config: config)
        figuresDirectory = URL(fileURLWithPath: options.figures, isDirectory: true).standardizedFileURL
        results = Results(chapter: name)
        let runs = ChapterRuns(plan: plan)
        self.runs = runs
        runNames = try requests(plan).map { try runs.spec($0).name }
        inputsHash = try ChapterRun.hash(name: name, config: config, runs: runNames, inputs: inputs)
        if isUpToDate && !options.force {
            print("\(name): up to date")
            return nil
        }
    }

    /// The chapter's folder under the figures directory.
    public var folder: URL { figuresDirectory.appendingPathComponent(name, isDirectory: true) }

    /// True when the existing results were made from the same inputs and all their figure files exist.
    public var isUpToDate: Bool {
        let url = Results.fileURL(chapter: name, figuresDirectory: figuresDirectory)
        guard let old = try? Results.read(from: url), old.provenance?.inputsHash == inputsHash else { return false }
        return old.figures.values.allSatisfy { figure in
            figure.files.allSatisfy { FileManager.default.fileExists(atPath: figuresDirectory.appendingPathComponent($0).path) }
        }
    }

    /// Writes `figure` as PNG, SVG and PDF under the chapter's folder and records it under `name`.
    public mutating func add(_ figure: Figure, name figureName: String, caption: String) throws {
        let files = try figure.write(to: folder.appendingPathComponent(figureName).path)
        try results.figure(figureName, writtenFiles: files, caption: caption, figuresDirectory: figuresDirectory)
    }

    /// How tables and captions name `dataset`: its SynFER name, or the real dataset's.
    public func displayName(_ dataset: DatasetID) -> String { dataset.on(config.data.source).displayName }

    /// Stamps the provenance and writes the results file. On real data, a chapter that reads trained
    /// runs says that the landmarks its models trained on were predicted, not annotated.
    public mutating func finish() throws {
        var source = dataSource
        if config.data.source == .real && !runNames.isEmpty {
            source += "; landmarks predicted by the kit's SynFER-trained LandmarkNet, not annotated"
        }
        results.provenance = ChapterProvenance(
            profile: config.profile.rawValue, dataSource: source, seeds: Array(Set(seeds)).sorted().map(UInt64.init),
            runHashes: runNames, wallTimeSeconds: Date().timeIntervalSince(start), inputsHash: inputsHash,
            data: config.data.source.rawValue, createdAt: Date())
        let url = try results.write(toFigures: figuresDirectory)
        print("\(name): wrote \(url.path) (\(String(format: "%.1f", Date().timeIntervalSince(start))) s)")
    }

    /// The inputs hash: FNV-1a over the canonical JSON of the chapter's name, configuration, runs,
    /// own inputs, the generator revisions of SynFER's flavours and the hash of the running
    /// executable (so any change of the chapter's code, or of the library it links, makes its
    /// results out of date).
    public static func hash(name: String, config: ExperimentConfig, runs: [String], inputs: [String]) throws -> String {
        let tree = ConfigValue.object([
            "chapter": .string(name), "config": try config.tree(), "runs": .array(runs.sorted().map(ConfigValue.string)),
            "inputs": .array(inputs.map(ConfigValue.string)), "generator_revisions": .array(SynFERFlavour.allCases.map { .int($0.generatorRevision) }),
            "code": .string(try ExecutableIdentity.hash()),
        ])
        return FNV1a.hex(try tree.canonicalJSON())
    }
}

/// The identity of the running executable's code: a hash of its file.
enum ExecutableIdentity {
    /// FNV-1a of the executable's bytes (read once per process).
    static func hash() throws -> String {
        let url = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let path = FileManager.default.fileExists(atPath: url.path) ? url.path : CommandLine.arguments[0]
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ChapterError.data("cannot read the chapter's own executable at \(path) to hash its code")
        }
        return FNV1a.hex(data)
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
