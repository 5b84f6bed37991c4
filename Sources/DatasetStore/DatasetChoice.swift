import Configuration
import FaceData
import Foundation

/// Which data a run trains and is evaluated on: the dataset, and from `data.*` whether SynFER or
/// the matching real dataset is read, the low-light recipe, the generation seed and the split sizes.
public struct DatasetChoice: Sendable, Equatable {
    /// The dataset.
    public var dataset: DatasetID
    /// The data settings: source, root, recipe, seed and split sizes.
    public var data: DataConfig

    /// The choice of `dataset` under the settings `data`.
    public init(dataset: DatasetID, data: DataConfig) {
        self.dataset = dataset
        self.data = data
    }

    /// The dataset actually opened: `dataset` read from `data.source` (`ll-raf-db` for `ll-syn-raf`
    /// with real data).
    public var opened: DatasetID { dataset.on(data.source) }

    /// The source name actually opened: the SynFER name, or with `data.source = real` the real
    /// dataset's (`ll-raf-db`).
    public var sourceName: String { opened.name }

    /// Memory the kit lets a run's samples take when held (`InMemorySource`); larger data is
    /// produced on demand every epoch instead.
    public static let memoryLimit = 1 << 30

    /// The training and test splits, each cut to its count by a seeded subset; with `imageSize`,
    /// held in memory at that size when they fit in `memoryLimit`. With a `cache`, held splits are
    /// read from it, or built once and stored there (`report` receives what the cache did). With
    /// `landmarks`, a real dataset's samples get predicted landmarks (once, before they are held,
    /// so the cache keeps them); SynFER's samples keep their own.
    public func open(imageSize: Int? = nil, cache: DataCache? = nil, landmarks annotator: (any LandmarkAnnotator)? = nil,
                     report: (String) -> Void = { _ in }) throws -> (train: FaceDataset, test: FaceDataset) {
        let seed = UInt64(data.seed)
        let isReal = opened.source == .real
        if isReal && data.root.isEmpty {
            throw DataError.invalidRequest("\(sourceName) is a real dataset: give its folder with --set data.root=DIR")
        }
        let base = try SourceCatalog.open(sourceName, root: isReal ? data.realFolder(of: dataset.flavour).path : nil, seed: seed,
                                          lowLight: LowLightConfig(recipe: data.recipe))
        var source: any FaceSource = SubsetSource(base: base, counts: splitCounts, seed: seed)
        let annotator = isReal ? annotator : nil
        func annotated(_ subset: any FaceSource) throws -> any FaceSource {
            guard let annotator else { return subset }
            report("predicting the landmarks of \(subset.count(.train) + subset.count(.test)) images (\(annotator.identity))")
            return try AnnotatedSource(base: subset, splits: [.train, .test], annotator: annotator)
        }
        if let imageSize, source.count(.train) > 0 {
            let channels = try source.sample(.train, 0).image.channels
            let bytes = InMemorySource.estimatedBytes(count: source.count(.train) + source.count(.test), channels: channels,
                                                      size: imageSize, paired: dataset.lowLight)
            if bytes <= DatasetChoice.memoryLimit {
                let subset = source
                func build() throws -> InMemorySource {
                    try InMemorySource(base: try annotated(subset), splits: [.train, .test], size: imageSize)
                }
                if let cache {
                    let (held, outcome) = try cache.heldSplits(for: cacheKey(imageSize: imageSize, landmarks: annotator),
                                                               build: build)
                    report(outcome.description)
                    source = held
                } else {
                    source = try build()
                }
                return (try FaceDataset(source: source, split: .train), try FaceDataset(source: source, split: .test))
            }
        }
        source = try annotated(source)
        return (try FaceDataset(source: source, split: .train), try FaceDataset(source: source, split: .test))
    }

    /// The samples kept per split: `data.train_count` and `data.test_count`; the whole of the
    /// face-pretraining corpus, which has a size of its own.
    var splitCounts: [Split: Int] {
        dataset.isPretrainingCorpus ? [:] : [.train: data.trainCount, .test: data.testCount]
    }

    /// The data-cache key of the splits `open(imageSize:)` holds: the source opened (and a real
    /// dataset's folder), the low-light recipe with all its parameters, the seed, the split counts,
    /// the image size, SynFER's generator revision and, for a real dataset, what predicted its landmarks.
    public func cacheKey(imageSize: Int, landmarks annotator: (any LandmarkAnnotator)? = nil) -> DataCacheKey {
        let seed = UInt64(data.seed)
        let counts = splitCounts
        var fields = ["source": sourceName, "kind": opened.source.rawValue, "seed": "\(seed)",
                      "train_count": counts[.train].map(String.init) ?? "all",
                      "test_count": counts[.test].map(String.init) ?? "all", "image_size": "\(imageSize)", "splits": "train,test",
                      "generator_revision": "\(dataset.flavour.generatorRevision)"]
        if opened.source == .real { fields["root"] = data.realFolder(of: dataset.flavour).standardizedFileURL.path }
        if opened.source == .real, let annotator { fields["landmarks"] = annotator.identity }
        if dataset.lowLight { fields["low_light"] = "\(LowLightConfig(recipe: data.recipe))" }
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
