import Configuration

/// What a training image costs depends on: the model, the phase it trains in, the input size, the
/// network's width and its stem stride. `lldif plan --estimate` measures one value per key; the
/// scheduler orders runs by the same values.
public struct CostKey: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The model.
    public var model: ModelID
    /// The phase (`train`, `stage0`, `stage1`, `stage2-warmup`, `stage2`).
    public var phase: String
    /// Side of the square input in pixels (`data.image_size`).
    public var imageSize: Int
    /// The trunk's width C (`model.width`).
    public var width: Int
    /// The stem's stride (`model.stem_stride`).
    public var stemStride: Int

    /// The key of `phase` of a `model` run with `config`.
    public init(model: ModelID, phase: String, config: ExperimentConfig) {
        self.model = model
        self.phase = phase
        imageSize = config.data.imageSize
        width = config.model.width
        stemStride = config.model.stemStride
    }

    /// The model and size, without the phase: what one probe measures.
    public var sizeDescription: String { "\(imageSize) px, width \(width), stem stride \(stemStride)" }

    /// The key in words, for tables.
    public var description: String { "\(model.rawValue) \(phase), \(sizeDescription)" }

    public static func < (a: CostKey, b: CostKey) -> Bool {
        (a.model.rawValue, a.phase, a.imageSize, a.width, a.stemStride) < (b.model.rawValue, b.phase, b.imageSize, b.width, b.stemStride)
    }
}
