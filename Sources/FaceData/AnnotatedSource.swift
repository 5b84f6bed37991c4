import Foundation

/// Predicts the landmarks of images that come without them (the real datasets' images), in each
/// image's own pixel coordinates. Called from one thread at a time.
public protocol LandmarkAnnotator {
    /// What predicts, for cache keys and reports: the predictor, its settings and its training data.
    var identity: String { get }
    /// The landmarks of each image, `Landmarks.count` per image, in that image's pixels.
    func landmarks(of images: [FaceImage]) throws -> [[Landmark]]
}

/// A source whose samples carry predicted landmarks: every sample of the annotated splits is read
/// once, its landmarks predicted (from the normal-light image when the sample is a low-light pair),
/// and kept in a table, so serving a sample costs no prediction and is safe on the data threads.
public struct AnnotatedSource: FaceSource {
    /// The source annotated.
    public let base: any FaceSource
    /// The predicted landmarks per split, in sample order.
    public let table: [Split: [[Landmark]]]

    /// Annotates every sample of `splits` of `base` with `annotator`, `chunk` images at a time
    /// (images are read on the data threads, predicted on the calling one).
    public init(base: any FaceSource, splits: [Split], annotator: any LandmarkAnnotator, chunk: Int = 128) throws {
        self.base = base
        var table: [Split: [[Landmark]]] = [:]
        for split in splits {
            var marks: [[Landmark]] = []
            for start in stride(from: 0, to: base.count(split), by: chunk) {
                let n = min(chunk, base.count(split) - start)
                let images = try Parallel.map(n) { k -> FaceImage in
                    let sample = try base.sample(split, start + k)
                    return sample.normalLight ?? sample.image
                }
                marks += try annotator.landmarks(of: images)
            }
            table[split] = marks
        }
        self.table = table
    }

    /// The base's name.
    public var name: String { base.name }
    /// The base's class names.
    public var classNames: [String] { base.classNames }
    /// The base's splits.
    public var splits: [Split] { base.splits }
    /// Samples in a split.
    public func count(_ split: Split) -> Int { base.count(split) }
    /// The base's labels.
    public func labels(_ split: Split) -> [Int] { base.labels(split) }

    /// The base's sample with its predicted landmarks (unchanged for a split not annotated).
    public func sample(_ split: Split, _ index: Int) throws -> FaceSample {
        var sample = try base.sample(split, index)
        if let marks = table[split], marks.indices.contains(index) { sample.landmarks = marks[index] }
        return sample
    }
}
