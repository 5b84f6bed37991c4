import Foundation

/// A source of labelled faces: SynFER, a real dataset read from a folder, or a low-light version
/// of either. Every source hands over FaceSamples with labels in its own class order.
public protocol FaceSource: Sendable {
    /// The source's name ("syn-raf", "raf-db", "ll-syn-raf", ...).
    var name: String { get }
    /// Class names in the source's order.
    var classNames: [String] { get }
    /// The splits this source has.
    var splits: [Split] { get }
    /// Number of samples in a split.
    func count(_ split: Split) -> Int
    /// One sample; reading a real dataset may fail with a DataError naming the file.
    func sample(_ split: Split, _ index: Int) throws -> FaceSample
    /// Every label of a split, without decoding or rendering images.
    func labels(_ split: Split) -> [Int]
}

extension RAFDB {
    /// Labels from the label list.
    public func labels(_ split: Split) -> [Int] { core.labels(split) }
}

extension FERPlus {
    /// Majority labels from the votes.
    public func labels(_ split: Split) -> [Int] { core.labels(split) }
}

extension KDEF {
    /// Labels from the file names.
    public func labels(_ split: Split) -> [Int] { core.labels(split) }
}

extension RealDatasetCore {
    func labels(_ split: Split) -> [Int] { (entries[split] ?? []).map(\.label) }
}

extension SynFER: FaceSource {
    /// The flavour's name.
    public var name: String { flavour.rawValue }
    /// The flavour's splits.
    public var splits: [Split] { flavour.splits }
    /// Labels from the sample plans (no rendering).
    public func labels(_ split: Split) -> [Int] { Parallel.map(count(split)) { plan(split, $0).label } }
}

/// The low-light version of a source (`ll-` + its name). Each sample keeps its normal-light image
/// in `normalLight`; the degradation is seeded by (seed, source name, split, index), so a sample
/// always gets the same degradation.
public struct LowLightSource: FaceSource {
    /// The normal-light source.
    public let base: any FaceSource
    /// The synthesis.
    public let lowLight: LowLight
    /// The degradation seed.
    public let seed: UInt64

    /// The low-light version of `base`.
    public init(base: any FaceSource, config: LowLightConfig = LowLightConfig(), seed: UInt64 = 0) {
        self.base = base
        self.lowLight = LowLight(config: config)
        self.seed = seed
    }

    /// The prefix of low-light source and sample names (`ll-syn-raf`).
    public static let namePrefix = "ll-"

    /// `namePrefix` followed by the base name.
    public var name: String { LowLightSource.namePrefix + base.name }
    /// The base's class names.
    public var classNames: [String] { base.classNames }
    /// The base's splits.
    public var splits: [Split] { base.splits }
    /// The base's split size.
    public func count(_ split: Split) -> Int { base.count(split) }
    /// The base's labels (degradation keeps labels).
    public func labels(_ split: Split) -> [Int] { base.labels(split) }

    /// The base sample with its image degraded and the original kept in `normalLight`.
    public func sample(_ split: Split, _ index: Int) throws -> FaceSample {
        var s = try base.sample(split, index)
        s.normalLight = s.image
        s.image = lowLight.degrade(s.image, seed: seed, keys: [SeededRandom.key(base.name), SeededRandom.key(split.rawValue), UInt64(index)])
        s.name = LowLightSource.namePrefix + s.name
        return s
    }
}

/// One split of a source, indexed from 0.
public struct FaceDataset: Sendable {
    /// The source.
    public let source: any FaceSource
    /// The split.
    public let split: Split

    /// A split of a source; throws when the source lacks the split.
    public init(source: any FaceSource, split: Split) throws {
        guard source.splits.contains(split) else {
            throw DataError.invalidRequest("\(source.name) has no \(split.rawValue) split (it has \(source.splits.map(\.rawValue).joined(separator: ", ")))")
        }
        self.source = source
        self.split = split
    }

    /// Number of samples.
    public var count: Int { source.count(split) }
    /// Class names in the source's order.
    public var classNames: [String] { source.classNames }
    /// Sample i.
    public func sample(_ i: Int) throws -> FaceSample { try source.sample(split, i) }
}
