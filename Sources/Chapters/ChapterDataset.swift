import Configuration
import FaceData
import Foundation
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

    /// The datasets the configuration selects: the three SynFER flavours, or the real datasets
    /// found in `data.root` (folders `raf-db`, `ferplus`, `kdef`).
    public static func selected(by config: ExperimentConfig) throws -> [ChapterDataset] {
        let seed = UInt64(config.data.seed)
        switch config.data.source {
        case .synthetic:
            return try SynFERFlavour.allCases.map { flavour in
                ChapterDataset(name: flavour.rawValue, mirrors: flavour.realName,
                               source: try SourceCatalog.open(flavour.rawValue, seed: seed), isSynthetic: true, seed: seed)
            }
        case .real:
            do {
                return try config.data.realFlavoursFound().map { flavour in
                    ChapterDataset(name: flavour.realFolder, mirrors: flavour.realName,
                                   source: try SourceCatalog.open(flavour.realFolder, root: config.data.realFolder(of: flavour).path,
                                                                  seed: seed),
                                   isSynthetic: false, seed: seed)
                }
            } catch let error as DataError { throw ChapterError.data(error.description) }
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
