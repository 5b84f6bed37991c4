import FaceData
import LLDif
import Tensor

/// A test source whose images either show their class (a bar at a class-specific row, in
/// dark noise) or carry no trace of it (noise alone). The label-aware caption always names the
/// class, so on unmarked images only a model that reads the caption can beat chance.
struct MarkedFaces: FaceSource {
    static let emotions: [Emotion] = [.neutral, .happiness, .sadness, .anger]
    let marked: Bool
    let counts: [Split: Int]
    var name: String { marked ? "marked-faces" : "unmarked-faces" }
    var classNames: [String] { Self.emotions.map(\.rawValue) }
    var splits: [Split] { [.train, .test] }
    func count(_ split: Split) -> Int { counts[split] ?? 0 }
    func labels(_ split: Split) -> [Int] { (0..<count(split)).map { (try? sample(split, $0).label) ?? 0 } }

    func sample(_ split: Split, _ index: Int) throws -> FaceSample {
        let side = 16
        var stream = RandomStream(seed: 77).split(split.rawValue).split(UInt64(index))
        let label = stream.int(in: 0..<Self.emotions.count)
        var pixels = (0..<(3 * side * side)).map { _ in stream.uniform(0, 0.2) }
        let row = 2 + 4 * label
        if marked { for c in 0..<3 { for x in 2..<14 { pixels[(c * side + row) * side + x] += 0.5 } } }
        let landmarks = [Landmark(x: 2.5, y: Float(row) + 0.5), Landmark(x: 13.5, y: Float(row) + 0.5)]
        return FaceSample(image: FaceImage(width: side, height: side, channels: 3, pixels: pixels), label: label,
                          landmarks: landmarks, caption: "a photo of a face",
                          labelAwareCaption: Caption.emotionOnly(Self.emotions[label]), name: "\(split.rawValue)-\(index)")
    }

    /// Loaders over this source: shuffled training batches and ordered evaluation batches.
    static func data(marked: Bool, train: Int, test: Int, batchSize: Int = 16, shuffleSeed: UInt64 = 1) throws -> LLDifData {
        let source = MarkedFaces(marked: marked, counts: [.train: train, .test: test])
        return LLDifData(
            train: try BatchLoader(dataset: FaceDataset(source: source, split: .train),
                                   config: BatchConfig(batchSize: batchSize, size: 16, augmentation: nil, seed: shuffleSeed)),
            evaluation: try BatchLoader(dataset: FaceDataset(source: source, split: .test),
                                        config: BatchConfig(batchSize: 64, size: 16, shuffle: false, augmentation: nil)))
    }

    /// The tiny LLDif configuration for this source's 4 classes and 2 landmarks.
    static var config: LLDifConfig {
        var c = Tiny.config(classes: emotions.count)
        c.landmarks = 2
        return c
    }
}
