import FaceData
import Foundation
import Testing

/// A tiny source whose images carry one bright pixel exactly under landmark 0 (leftBrowOuter).
struct DotSource: FaceSource {
    var name: String { "dots" }
    var classNames: [String] { ["a", "b"] }
    var splits: [Split] { [.train] }
    func count(_ split: Split) -> Int { 10 }
    func sample(_ split: Split, _ index: Int) throws -> FaceSample {
        var image = FaceImage(width: 32, height: 32, channels: 1, value: 0)
        let x = 3 + index, y = 5 + 2 * index
        image[0, y, x] = 1
        var marks = [Landmark](repeating: Landmark(x: 16, y: 16), count: Landmarks.count)
        marks[LandmarkName.leftBrowOuter.rawValue] = Landmark(x: Float(x) + 0.5, y: Float(y) + 0.5)
        return FaceSample(image: image, label: index % 2, votes: [7, 3], landmarks: marks, caption: "c", labelAwareCaption: "d", name: "\(index)")
    }
    func labels(_ split: Split) -> [Int] { (0..<10).map { $0 % 2 } }
}

@Suite struct BatchTests {
    func loader(threads: Int, prefetch: Int = 2, augmentation: AugmentationConfig? = AugmentationConfig()) throws -> BatchLoader {
        let dataset = try FaceDataset(source: SynFER(flavour: .synRAF, seed: 2), split: .test)
        return try BatchLoader(dataset: dataset, config: BatchConfig(batchSize: 8, size: 48, augmentation: augmentation,
                                                                     seed: 5, prefetch: prefetch, threads: threads))
    }

    func firstBatches(_ l: BatchLoader, epoch: Int, n: Int) throws -> [Batch] {
        let stream = l.epoch(epoch)
        return try (0..<n).map { _ in try stream.nextBatch()! }
    }

    @Test func batchesAreDeterministicWhateverTheThreads() throws {
        let a = try firstBatches(try loader(threads: 1, prefetch: 0), epoch: 0, n: 3)
        let b = try firstBatches(try loader(threads: 3, prefetch: 3), epoch: 0, n: 3)
        for (x, y) in zip(a, b) {
            #expect(x.images == y.images && x.labels == y.labels && x.indices == y.indices && x.landmarks == y.landmarks)
        }
        #expect(a[0].shape == [8, 3, 48, 48] && a[0].images.count == 8 * 3 * 48 * 48)
        #expect(a[0].landmarkCount == Landmarks.count)
        let other = try firstBatches(try loader(threads: 2), epoch: 1, n: 1)
        #expect(other[0].indices != a[0].indices, "a new epoch reshuffles")
    }

    @Test func epochCoversEverySampleOnce() throws {
        let dataset = try FaceDataset(source: DotSource(), split: .train)
        let l = try BatchLoader(dataset: dataset, config: BatchConfig(batchSize: 4, size: 32, augmentation: nil))
        let stream = l.epoch(0)
        var seen: [Int] = []
        while let b = try stream.nextBatch() { seen += b.indices }
        #expect(stream.count == 3 && seen.sorted() == Array(0..<10))
    }

    @Test func softLabelsAndNormalisation() throws {
        let dataset = try FaceDataset(source: DotSource(), split: .train)
        let l = try BatchLoader(dataset: dataset, config: BatchConfig(batchSize: 2, size: 32, shuffle: false, augmentation: nil))
        let b = try l.batch(0, epoch: 0)
        #expect(b.softLabels == [0.7, 0.3, 0.7, 0.3])
        #expect(b.images[0] == -1)
        #expect(b.images[5 * 32 + 3] == 1)
    }

    /// Flip and crop move the image and the landmarks together: landmark 0 stays on the bright
    /// pixel, and after a flip it is stored under the mirrored name (rightBrowOuter).
    @Test func flipAndCropMoveLandmarksWithTheImage() throws {
        let dataset = try FaceDataset(source: DotSource(), split: .train)
        for (flip, pad) in [(1.0, 0), (0.0, 3), (1.0, 3)] {
            let aug = AugmentationConfig(flipProbability: flip, cropPadding: pad, erasingProbability: 0)
            let l = try BatchLoader(dataset: dataset, config: BatchConfig(batchSize: 10, size: 32, shuffle: false,
                                                                          augmentation: aug, mean: [0], std: [1], seed: 4))
            let b = try l.batch(0, epoch: 0)
            var onDot = 0
            for k in 0..<10 {
                let slot = flip == 1 ? LandmarkName.rightBrowOuter.rawValue : LandmarkName.leftBrowOuter.rawValue
                let x = Int(b.landmarks![(k * Landmarks.count + slot) * 2]), y = Int(b.landmarks![(k * Landmarks.count + slot) * 2 + 1])
                let image = Array(b.images[(k * 32 * 32)..<((k + 1) * 32 * 32)])
                guard x >= 0, x < 32, y >= 0, y < 32 else { continue }
                if image[y * 32 + x] == 1 { onDot += 1 }
                if flip == 1 {
                    let original = try DotSource().sample(.train, k).landmarks[0]
                    if pad == 0 { #expect(abs(Float(32) - original.x - b.landmarks![(k * Landmarks.count + slot) * 2]) < 1e-5) }
                }
            }
            #expect(onDot == 10, "flip \(flip) pad \(pad): \(onDot) of 10 landmarks on the dot")
        }
    }

    @Test func randomErasingChangesOneRectangle() throws {
        var rng = SeededRandom(seed: 1)
        let aug = AugmentationConfig(flipProbability: 0, cropPadding: 0, erasingProbability: 1, erasingArea: 0.1...0.1)
        let draw = AugmentationDraw(aug, width: 40, height: 40, rng: &rng)
        let image = FaceImage(width: 40, height: 40, channels: 3, value: 2)
        let out = draw.apply(to: image)
        let changed = zip(out.pixels, image.pixels).filter { $0 != $1 }.count
        let e = draw.erase!
        #expect(changed == e.w * e.h * 3)
        #expect(abs(Double(e.w * e.h) - 160) < 30)
    }

    @Test func lowLightBatchesCarryTheirPairedNormalImage() throws {
        let source = LowLightSource(base: SynFER(flavour: .synKDEF), seed: 1)
        let dataset = try FaceDataset(source: source, split: .train)
        let l = try BatchLoader(dataset: dataset, config: BatchConfig(batchSize: 4, size: 32, seed: 1))
        let b = try l.batch(0, epoch: 0)
        let normal = b.normalLight!
        #expect(normal.count == b.images.count)
        #expect(normal.reduce(0, +) > b.images.reduce(0, +))
        #expect(throws: DataError.self) { try FaceDataset(source: source, split: .val) }
    }
}
