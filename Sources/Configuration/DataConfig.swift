import FaceData
import Foundation

/// Where a run's images come from: SynFER (the default) or the real datasets.
public enum DataSource: String, Codable, CaseIterable, Sendable {
    /// SynFER, the kit's procedural face generator.
    case synthetic
    /// The real datasets read from `data.root` (folders `raf-db/`, `ferplus/`, `kdef/`).
    case real
}

/// `data.*`: which images a run sees and how many.
public struct DataConfig: Codable, Equatable, Sendable {
    /// SynFER or the real datasets.
    public var source = DataSource.synthetic
    /// The folder holding the real datasets (with `source = real`): its folders `raf-db/`,
    /// `ferplus/` and `kdef/`, each in its published layout. Made absolute when the configuration
    /// is resolved, so a run's identity never holds a relative path.
    public var root = ""
    /// The low-light recipe of `ll-` datasets.
    public var recipe = LowLightRecipe.sensor
    /// Seed of SynFER, of the low-light degradation and of the split subsets.
    public var seed = 0
    /// Side of the square model input in pixels.
    public var imageSize = 64
    /// Training samples used (a seeded subset when the split is larger; 0 for all).
    public var trainCount = 4000
    /// Test samples used (a seeded subset when the split is larger; 0 for all). The quick profile's
    /// 3000 narrows intervals by about √3 against 1000 (issue #14); ll-syn-kdef's test split holds
    /// only 980 faces (14 people × 70 images, as KDEF's 70 people split 80/20), so it uses all of them.
    public var testCount = 3000
    /// Images per dataset that chapter 01's intensity statistics read.
    public var statsCount = 1000

    /// The quick profile's values.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case source, root, recipe, seed
        case imageSize = "image_size", trainCount = "train_count", testCount = "test_count", statsCount = "stats_count"
    }

    /// The folder of the real dataset `flavour` mirrors: `root/raf-db`, `root/ferplus` or `root/kdef`.
    /// The one place the layout under `data.root` is decided.
    public func realFolder(of flavour: SynFERFlavour) -> URL {
        URL(fileURLWithPath: root, isDirectory: true).appendingPathComponent(flavour.realFolder, isDirectory: true)
    }

    /// The flavours among `wanted` whose real dataset's folder is under `root`; none found is an
    /// error naming the root and the folders looked for.
    public func realFlavoursFound(among wanted: [SynFERFlavour] = SynFERFlavour.allCases) throws -> [SynFERFlavour] {
        let found = wanted.filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: realFolder(of: $0).path, isDirectory: &isFolder) && isFolder.boolValue
        }
        guard !found.isEmpty else {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
                throw DataError.missing(path: root, what: "folder of the real datasets (data.root, DATA_ROOT), holding raf-db/, ferplus/ or kdef/")
            }
            throw DataError.invalidRequest("\(root) holds none of the folders \(wanted.map { $0.realFolder + "/" }.joined(separator: ", ")): data.root (DATA_ROOT) is the folder that holds raf-db/, ferplus/ and kdef/ (see README, real datasets)")
        }
        return found
    }

    /// The validation draw: the same data with `seed + 1`, on which settings are tuned and a study
    /// chooses among its variants (the best T of chapter 06) without looking at the reported test
    /// images. On SynFER it is a fresh draw of faces; on a real dataset, which has no separate
    /// validation split, it re-degrades (and re-subsets) the same faces, so it is not independent of them.
    public var validationDraw: DataConfig {
        var draw = self
        draw.seed += 1
        return draw
    }

    /// `root` as an absolute, standardised path (relative to the current folder); empty stays empty.
    mutating func makeRootAbsolute() {
        guard !root.isEmpty else { return }
        root = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL.path
    }

    func validate() throws {
        try ConfigCheck.that(seed >= 0, "data.seed", seed, "a non-negative integer")
        try ConfigCheck.that(imageSize >= 8, "data.image_size", imageSize, "at least 8 pixels")
        try ConfigCheck.that(trainCount >= 0, "data.train_count", trainCount, "a non-negative count (0: all)")
        try ConfigCheck.that(testCount >= 0, "data.test_count", testCount, "a non-negative count (0: all)")
        try ConfigCheck.that(statsCount > 0, "data.stats_count", statsCount, "a positive count")
        try ConfigCheck.that(source == .synthetic || !root.isEmpty, "data.root", root,
                             "the folder of the real datasets when data.source=real")
    }
}

extension LowLightRecipe: Codable {}
