import FaceData
import Foundation
import Paper
import Plot

/// One dataset a chapter reports on: a SynFER flavour (the default) or a real dataset read from
/// `data.root` (`data.source=real`). Every table and figure names it, so a synthetic number is
/// never mistaken for a number on the real dataset.
public struct ChapterDataset: @unchecked Sendable {
    /// The source name: `syn-raf`, `syn-ferplus`, `syn-kdef`, `raf-db`, `ferplus` or `kdef`.
    public let name: String
    /// The real dataset it is or mirrors: `RAF-DB`, `FERPlus` or `KDEF`.
    public let mirrors: String
    /// The normal-light source.
    public let source: any FaceSource
    public let isSynthetic: Bool
    /// Seed of the low-light degradation.
    public let seed: UInt64

    /// How tables and captions name it: "syn-raf (SynFER, mirrors RAF-DB)" or "RAF-DB (real)".
    public var displayName: String { isSynthetic ? "\(name) (SynFER, mirrors \(mirrors))" : "\(mirrors) (real)" }

    /// The low-light version under `recipe`.
    public func lowLight(_ recipe: LowLightRecipe) -> any FaceSource {
        LowLightSource(base: source, config: LowLightConfig(recipe: recipe), seed: seed)
    }

    /// The label of one sample; cheap for SynFER (no rendering), a file read for real data.
    public func label(_ split: Split, _ index: Int) throws -> Int {
        if let synthetic = source as? SynFER { return synthetic.plan(split, index).label }
        return try source.sample(split, index).label
    }

    /// The datasets the settings select: the three SynFER flavours, or the real datasets found in
    /// `data.root` (folders `raf-db`, `ferplus`, `kdef`).
    public static func selected(by settings: Settings) throws -> [ChapterDataset] {
        let seed = UInt64(try settings.int("data.seed"))
        let mirrors = ["raf-db": "RAF-DB", "ferplus": "FERPlus", "kdef": "KDEF",
                       "syn-raf": "RAF-DB", "syn-ferplus": "FERPlus", "syn-kdef": "KDEF"]
        switch try settings.string("data.source") {
        case "synthetic":
            return try SynFERFlavour.allCases.map { flavour in
                ChapterDataset(name: flavour.rawValue, mirrors: mirrors[flavour.rawValue]!,
                               source: try SourceCatalog.open(flavour.rawValue, seed: seed), isSynthetic: true, seed: seed)
            }
        case "real":
            let root = try settings.string("data.root")
            guard !root.isEmpty else { throw ChapterError.data("data.source=real needs data.root=DIR (make DATA=real DATA_ROOT=DIR)") }
            let found = ["raf-db", "ferplus", "kdef"].filter {
                FileManager.default.fileExists(atPath: URL(fileURLWithPath: root).appendingPathComponent($0).path)
            }
            guard !found.isEmpty else {
                throw ChapterError.data("\(root) holds none of the folders raf-db/, ferplus/, kdef/ (see README, real datasets)")
            }
            return try found.map { name in
                let folder = URL(fileURLWithPath: root).appendingPathComponent(name).path
                do {
                    return ChapterDataset(name: name, mirrors: mirrors[name]!,
                                          source: try SourceCatalog.open(name, root: folder, seed: seed), isSynthetic: false, seed: seed)
                } catch let error as DataError { throw ChapterError.data(error.description) }
            }
        case let other:
            throw ChapterError.settings("data.source must be synthetic or real, not '\(other)'")
        }
    }

    /// The data source as the provenance states it.
    public static func describe(_ datasets: [ChapterDataset]) -> String {
        datasets.map(\.displayName).joined(separator: "; ")
    }
}

extension FaceImage {
    /// The image as the Plot module draws it.
    public func plotImage() throws -> PlotImage {
        try PlotImage(width: width, height: height, channels: channels, floats: pixels, layout: .planar)
    }
}
