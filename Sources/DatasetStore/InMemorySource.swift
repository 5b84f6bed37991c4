import FaceData

/// A source whose samples are produced once, resized to the model's input size, and then served
/// from memory. SynFER renders and the low-light synthesis degrades each sample on every request,
/// which costs more than a small model's training step; holding the resized samples makes every
/// epoch after the first cost only the training itself. Batches are identical to those of the
/// base source: the batch pipeline's resize is the identity on an image already at its size, and
/// landmarks are scaled exactly as the pipeline scales them.
public struct InMemorySource: FaceSource {
    /// The base source's name.
    public let name: String
    /// The base source's class names.
    public let classNames: [String]
    /// The splits held.
    public let splits: [Split]
    private let samples: [Split: [FaceSample]]

    /// Produces every sample of `splits` of `base` (on the data threads), resized to `size` × `size`.
    public init(base: any FaceSource, splits: [Split], size: Int) throws {
        name = base.name
        classNames = base.classNames
        self.splits = splits
        var samples: [Split: [FaceSample]] = [:]
        for split in splits {
            samples[split] = try Parallel.map(base.count(split)) { index in
                var sample = try base.sample(split, index)
                let sx = Float(size) / Float(sample.image.width), sy = Float(size) / Float(sample.image.height)
                sample.image = sample.image.resized(width: size, height: size)
                sample.normalLight = sample.normalLight?.resized(width: size, height: size)
                sample.landmarks = sample.landmarks.map { Landmark(x: $0.x * sx, y: $0.y * sy, visible: $0.visible) }
                return sample
            }
        }
        self.samples = samples
    }

    /// A source holding `samples` (read back from a `DataCache` file).
    init(name: String, classNames: [String], splits: [Split], samples: [Split: [FaceSample]]) {
        self.name = name
        self.classNames = classNames
        self.splits = splits
        self.samples = samples
    }

    /// Every held sample of a split, in order.
    func heldSamples(_ split: Split) -> [FaceSample] { samples[split] ?? [] }

    /// Bytes of pixel data `count` samples of `channels` × `size`² (doubled with a normal-light pair) take.
    public static func estimatedBytes(count: Int, channels: Int, size: Int, paired: Bool) -> Int {
        count * channels * size * size * MemoryLayout<Float>.size * (paired ? 2 : 1)
    }

    /// Samples held in a split.
    public func count(_ split: Split) -> Int { samples[split]?.count ?? 0 }

    /// The labels of the held samples of a split.
    public func labels(_ split: Split) -> [Int] { (samples[split] ?? []).map(\.label) }

    /// A held sample.
    public func sample(_ split: Split, _ index: Int) throws -> FaceSample {
        guard let held = samples[split], held.indices.contains(index) else {
            throw DataError.invalidRequest("\(name): no sample \(index) in the \(split.rawValue) split held in memory")
        }
        return held[index]
    }
}
