import FaceData
import Foundation

/// Which data a run trains and is evaluated on: a dataset name (`ll-syn-raf`, `syn-raf`,
/// `ll-syn-ferplus`, `ll-syn-kdef`, ... or a real one such as `ll-raf-db`), whether SynFER or the
/// matching real dataset is used, the low-light recipe, the generation seed and the split sizes.
public struct DatasetChoice: Sendable, Equatable {
    /// The dataset name as given on the command line.
    public var name: String
    /// `synthetic` (SynFER) or `real` (the real dataset a SynFER flavour mirrors, read from `root`).
    public var source: String
    /// Folder of a real dataset.
    public var root: String
    /// The low-light recipe of `ll-` datasets.
    public var recipe: LowLightRecipe
    /// Seed of SynFER and of the low-light degradation.
    public var seed: UInt64
    /// Training samples used (a seeded subset when the split is larger; 0 for all).
    public var trainCount: Int
    /// Test samples used (a seeded subset when the split is larger; 0 for all).
    public var testCount: Int

    /// The real dataset each SynFER flavour mirrors.
    public static let realCounterpart = ["syn-raf": "raf-db", "syn-ferplus": "ferplus", "syn-kdef": "kdef"]

    /// A choice from its parts.
    public init(name: String, source: String = "synthetic", root: String = "", recipe: LowLightRecipe = .sensor,
                seed: UInt64 = 0, trainCount: Int = 0, testCount: Int = 0) {
        self.name = name
        self.source = source
        self.root = root
        self.recipe = recipe
        self.seed = seed
        self.trainCount = trainCount
        self.testCount = testCount
    }

    /// The choice for dataset `name` from `data.*` settings.
    public init(name: String, settings: Hyperparameters) throws {
        let recipeName = try settings.string("data.recipe", default: "sensor")
        guard let recipe = LowLightRecipe(rawValue: recipeName) else {
            throw TrainingError.badSetting(key: "data.recipe", value: recipeName,
                                           expected: LowLightRecipe.allCases.map(\.rawValue).joined(separator: " or "))
        }
        self.init(name: name, source: try settings.string("data.source", default: "synthetic"),
                  root: try settings.string("data.root", default: ""), recipe: recipe,
                  seed: UInt64(try settings.int("data.seed", default: 0)),
                  trainCount: try settings.int("data.train_count", default: 0),
                  testCount: try settings.int("data.test_count", default: 0))
    }

    /// The source name actually opened: with `source = real`, a SynFER name becomes its real counterpart.
    public func sourceName() throws -> String {
        let lowLight = name.hasPrefix("ll-")
        let base = lowLight ? String(name.dropFirst(3)) : name
        let known = SourceCatalog.baseNames.flatMap { [$0, "ll-" + $0] }
        guard SourceCatalog.baseNames.contains(base) else { throw TrainingError.unknownDataset(name, known: known) }
        switch source {
        case "synthetic": return name
        case "real": return (lowLight ? "ll-" : "") + (DatasetChoice.realCounterpart[base] ?? base)
        default: throw TrainingError.badSetting(key: "data.source", value: source, expected: "synthetic or real")
        }
    }

    /// Memory the kit lets a run's samples take when held (`InMemorySource`); larger data is
    /// produced on demand every epoch instead.
    public static let memoryLimit = 1 << 30

    /// The training and test splits, each cut to its count by a seeded subset; with `imageSize`,
    /// held in memory at that size when they fit in `memoryLimit`. With a `cache`, held splits are
    /// read from it, or built once and stored there (`report` receives what the cache did).
    public func open(imageSize: Int? = nil, cache: DataCache? = nil,
                     report: (String) -> Void = { _ in }) throws -> (train: FaceDataset, test: FaceDataset) {
        let sourceName = try sourceName()
        let isReal = !sourceName.replacingOccurrences(of: "ll-", with: "").hasPrefix("syn-")
        if isReal && root.isEmpty {
            throw TrainingError.invalid("\(sourceName) is a real dataset: give its folder with --set data.root=DIR")
        }
        let base = try SourceCatalog.open(sourceName, root: isReal ? root : nil, seed: seed,
                                          lowLight: LowLightConfig(recipe: recipe))
        var source: any FaceSource = SubsetSource(base: base, counts: [.train: trainCount, .test: testCount], seed: seed)
        if let imageSize, source.count(.train) > 0 {
            let channels = try source.sample(.train, 0).image.channels
            let bytes = InMemorySource.estimatedBytes(count: source.count(.train) + source.count(.test), channels: channels,
                                                      size: imageSize, paired: sourceName.hasPrefix("ll-"))
            if bytes <= DatasetChoice.memoryLimit {
                let subset = source
                let build = { try InMemorySource(base: subset, splits: [.train, .test], size: imageSize) }
                if let cache {
                    let (held, outcome) = try cache.heldSplits(for: try cacheKey(imageSize: imageSize), build: build)
                    report(outcome.description)
                    source = held
                } else {
                    source = try build()
                }
            }
        }
        return (try FaceDataset(source: source, split: .train), try FaceDataset(source: source, split: .test))
    }

    /// The data-cache key of the splits `open(imageSize:)` holds: the source opened (and a real
    /// dataset's folder), the low-light recipe with all its parameters, the seed, the split counts,
    /// the image size and SynFER's generator revision.
    public func cacheKey(imageSize: Int) throws -> DataCacheKey {
        let sourceName = try sourceName()
        var fields = ["source": sourceName, "kind": source, "seed": "\(seed)", "train_count": "\(trainCount)",
                      "test_count": "\(testCount)", "image_size": "\(imageSize)", "splits": "train,test",
                      "generator_revision": "\(SynFER.generatorRevision)"]
        if source == "real" { fields["root"] = URL(fileURLWithPath: root).standardizedFileURL.path }
        if sourceName.hasPrefix("ll-") { fields["low_light"] = "\(LowLightConfig(recipe: recipe))" }
        return DataCacheKey(label: "\(sourceName)-\(imageSize)px", fields: fields)
    }
}

/// A source cut to at most a given number of samples per split: a seeded random subset, kept in
/// the base's index order, so every class keeps its share and the same seed picks the same samples.
public struct SubsetSource: FaceSource {
    /// The full source.
    public let base: any FaceSource
    /// The base indices kept, per split (absent: every index).
    public let kept: [Split: [Int]]

    /// The subset of `base` with at most `counts[split]` samples per split (0 or absent: all).
    public init(base: any FaceSource, counts: [Split: Int], seed: UInt64) {
        self.base = base
        var kept: [Split: [Int]] = [:]
        for (split, limit) in counts where limit > 0 && limit < base.count(split) {
            var rng = SeededRandom(seed: seed, keys: [SeededRandom.key("subset"), SeededRandom.key(split.rawValue)])
            kept[split] = Array(rng.permutation(base.count(split)).prefix(limit)).sorted()
        }
        self.kept = kept
    }

    /// The base's name.
    public var name: String { base.name }
    /// The base's class names.
    public var classNames: [String] { base.classNames }
    /// The base's splits.
    public var splits: [Split] { base.splits }
    /// Samples kept in a split.
    public func count(_ split: Split) -> Int { kept[split]?.count ?? base.count(split) }
    /// The labels of the kept samples of a split, in order (without rendering).
    public func labels(_ split: Split) -> [Int] {
        let all = base.labels(split)
        return kept[split].map { $0.map { all[$0] } } ?? all
    }
    /// The `index`-th kept sample of a split.
    public func sample(_ split: Split, _ index: Int) throws -> FaceSample {
        try base.sample(split, kept[split].map { $0[index] } ?? index)
    }
}
