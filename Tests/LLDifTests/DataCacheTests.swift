import DatasetStore
import Configuration
import Dispatch
import FaceData
import Foundation
import LLDif
import NN
import Testing

/// A hand-made source whose samples fill every field a cache file stores: votes, identity, pose,
/// attributes, landmarks (some hidden), and grey images with values that are not 8-bit levels.
private struct HandMadeSource: FaceSource {
    var name: String { "hand-made" }
    var classNames: [String] { ["calm", "joy", "anger"] }
    var splits: [Split] { [.train, .test] }
    func count(_ split: Split) -> Int { split == .train ? 5 : 2 }
    func labels(_ split: Split) -> [Int] { (0..<count(split)).map { $0 % 3 } }
    func sample(_ split: Split, _ index: Int) throws -> FaceSample {
        let pixels = (0..<(6 * 6)).map { Float(($0 * 7 + index) % 11) / 10.3 }
        let attributes = index.isMultiple(of: 2) ? nil
            : FaceAttributes(hairStyle: .curly, hairColour: .red, glasses: true, beard: false, skinTone: "dark", eyeColour: "green")
        return FaceSample(image: FaceImage(width: 6, height: 6, channels: 1, pixels: pixels), label: index % 3,
                          votes: index == 1 ? nil : [index, 2, 0], landmarks: (0..<index).map {
                              Landmark(x: Float($0) * 0.37 + 0.1, y: 5.9 - Float($0), visible: $0 != 1)
                          },
                          identity: index == 3 ? nil : 1000 + index,
                          pose: Pose(yaw: 0.1 * Double(index), roll: -3.3, scale: 1.0 / 3.0, dx: 1e-7, dy: 0),
                          attributes: attributes, caption: "a face \(index) with \"quotes\" and ü",
                          labelAwareCaption: "a \(classNames[index % 3]) face", name: "\(split.rawValue)/\(index)")
    }
}

/// A counter shared by threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() { lock.lock(); value += 1; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return value }
}

/// Outcomes collected from threads.
private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [DataCacheOutcome] = []
    func append(_ outcome: DataCacheOutcome) { lock.lock(); values.append(outcome); lock.unlock() }
    var all: [DataCacheOutcome] { lock.lock(); defer { lock.unlock() }; return values }
}

@Suite("Data cache")
struct DataCacheTests {
    /// Every field of two samples, pixels and coordinates compared by bits.
    private func expectSame(_ a: FaceSample, _ b: FaceSample) {
        #expect(a.image.pixels.map(\.bitPattern) == b.image.pixels.map(\.bitPattern))
        #expect(a.image.width == b.image.width && a.image.height == b.image.height && a.image.channels == b.image.channels)
        #expect(a.normalLight?.pixels.map(\.bitPattern) == b.normalLight?.pixels.map(\.bitPattern))
        #expect(a.landmarks.map { [$0.x.bitPattern, $0.y.bitPattern, $0.visible ? 1 : 0] as [UInt32] }
                == b.landmarks.map { [$0.x.bitPattern, $0.y.bitPattern, $0.visible ? 1 : 0] as [UInt32] })
        #expect(a.label == b.label && a.votes == b.votes && a.identity == b.identity)
        #expect(a.pose.map { [$0.yaw, $0.roll, $0.scale, $0.dx, $0.dy].map(\.bitPattern) }
                == b.pose.map { [$0.yaw, $0.roll, $0.scale, $0.dx, $0.dy].map(\.bitPattern) })
        #expect(a.attributes == b.attributes)
        #expect(a.caption == b.caption && a.labelAwareCaption == b.labelAwareCaption && a.name == b.name)
    }

    private func expectSame(_ a: (train: FaceDataset, test: FaceDataset), _ b: (train: FaceDataset, test: FaceDataset)) throws {
        for (x, y) in [(a.train, b.train), (a.test, b.test)] {
            #expect(x.count == y.count && x.count > 0)
            #expect(x.source.name == y.source.name && x.source.classNames == y.source.classNames)
            for index in 0..<x.count { expectSame(try x.source.sample(x.split, index), try y.source.sample(y.split, index)) }
        }
    }

    private func open(_ choice: DatasetChoice, size: Int, cache: DataCache) throws -> (data: (train: FaceDataset, test: FaceDataset), report: [String]) {
        var lines: [String] = []
        let data = try choice.open(imageSize: size, cache: cache) { lines.append($0) }
        return (data, lines)
    }

    @Test("cached and uncached opens give bit-identical samples (8-bit and float images)",
          arguments: [(64, SafeTensorsDType.uint8), (16, SafeTensorsDType.float32)])
    func bitIdentical(size: Int, storedAs dtype: SafeTensorsDType) throws {
        let cache = DataCache(folder: try TrainingFixtures.temporaryFolder())
        let choice = try DataCacheTests.choice("ll-syn-raf", seed: 2, trainCount: 24, testCount: 8)
        let uncached = try choice.open(imageSize: size)
        let first = try open(choice, size: size, cache: cache)
        let second = try open(choice, size: size, cache: cache)
        let file = cache.url(for: choice.cacheKey(imageSize: size))
        #expect(first.report == [DataCacheOutcome.built(file: file.path).description])
        #expect(second.report == [DataCacheOutcome.loaded(file: file.path).description])
        try expectSame(uncached, first.data)
        try expectSame(uncached, second.data)
        // At SynFER's own 64 px the low-light images are 8-bit levels, stored as bytes; resized
        // images, and the normal-light renders (area-downsampled from 2× oversampling), as floats.
        let stored = try SafeTensorsFile(contentsOf: file)
        #expect(stored.dtype(of: "train.image") == dtype && stored.dtype(of: "test.image") == dtype)
        #expect(stored.dtype(of: "train.normal_light") == .float32)
    }

    @Test("every sample field survives the file: votes, pose, attributes, hidden landmarks, no twin; left-over temporaries go")
    func everyField() throws {
        let cache = DataCache(folder: try TrainingFixtures.temporaryFolder())
        let key = DataCacheKey(label: "hand made", fields: ["what": "hand-made"])
        let built = try InMemorySource(base: HandMadeSource(), splits: [.train, .test], size: 6)
        #expect(try cache.read(key) == nil)
        // A writer killed mid-write left a temporary file; the next writer of the key removes it.
        try FileManager.default.createDirectory(at: cache.folder, withIntermediateDirectories: true)
        let leftOver = cache.folder.appendingPathComponent(".\(key.fileName).999.1.tmp")
        try Data([1, 2, 3]).write(to: leftOver)
        let (_, outcome) = try cache.heldSplits(for: key) { built }
        #expect(!FileManager.default.fileExists(atPath: leftOver.path))
        #expect(outcome == .built(file: cache.url(for: key).path))
        let read = try #require(try cache.read(key))
        #expect(read.name == "hand-made" && read.classNames == built.classNames && read.splits == [.train, .test])
        for split in [Split.train, .test] {
            #expect(read.count(split) == built.count(split))
            for index in 0..<built.count(split) { expectSame(try read.sample(split, index), try built.sample(split, index)) }
        }
    }

    @Test("a change of seed, size, recipe or count misses; the recipe of a normal-light set does not matter")
    func keyChangesMiss() throws {
        let cache = DataCache(folder: try TrainingFixtures.temporaryFolder())
        let choice = try DataCacheTests.choice("ll-syn-raf", recipe: .sensor, seed: 0, trainCount: 16, testCount: 4)
        _ = try open(choice, size: 16, cache: cache)
        var seed = choice, recipe = choice, count = choice
        seed.data.seed = 1
        recipe.data.recipe = .gamma
        count.data.trainCount = 17
        for (variant, size) in [(seed, 16), (choice, 24), (recipe, 16), (count, 16)] {
            let opened = try open(variant, size: size, cache: cache)
            #expect(opened.report.first?.hasPrefix("data built") == true, "\(variant) at \(size) px")
        }
        #expect(try open(choice, size: 16, cache: cache).report.first?.hasPrefix("data read") == true)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.folder.path).filter { $0.hasSuffix(".safetensors") }
        #expect(files.count == 5)
        let normal = try DataCacheTests.choice("syn-raf", recipe: .sensor), normalGamma = try DataCacheTests.choice("syn-raf", recipe: .gamma)
        #expect(normal.cacheKey(imageSize: 16) == normalGamma.cacheKey(imageSize: 16))
    }

    @Test("a truncated, altered or foreign file is detected, and opening rebuilds it")
    func damagedFiles() throws {
        let cache = DataCache(folder: try TrainingFixtures.temporaryFolder())
        let choice = try DataCacheTests.choice("ll-syn-raf", trainCount: 12, testCount: 4)
        let key = choice.cacheKey(imageSize: 16)
        let file = cache.url(for: key)
        let reference = try open(choice, size: 16, cache: cache).data
        let good = try Data(contentsOf: file)

        func expectDamaged(_ bytes: Data, reason: String) throws {
            try bytes.write(to: file)
            let error = #expect(throws: DataCacheError.self) { _ = try cache.read(key) }
            guard case .damaged(let path, let why)? = error else {
                Issue.record("expected a damaged-file error, got \(String(describing: error))")
                return
            }
            #expect(path == file.path && why.contains(reason), "\(why)")
            let reopened = try open(choice, size: 16, cache: cache)
            #expect(reopened.report.first?.hasPrefix("cache file \(file.path) was damaged") == true)
            try expectSame(reference, reopened.data)
            #expect(try Data(contentsOf: file) == good)
        }
        try expectDamaged(good.prefix(good.count / 2), reason: "truncated")
        var altered = good
        altered[altered.count - 100] ^= 0x10
        try expectDamaged(altered, reason: "checksum")
        var other = choice
        other.data.seed = 9
        _ = try open(other, size: 16, cache: cache)
        try expectDamaged(try Data(contentsOf: cache.url(for: other.cacheKey(imageSize: 16))), reason: "another key")
    }

    @Test("two threads asking for the same key at once build it once and get the same samples")
    func concurrentOpensBuildOnce() throws {
        let cache = DataCache(folder: try TrainingFixtures.temporaryFolder())
        let choice = try DataCacheTests.choice("ll-syn-raf", trainCount: 12, testCount: 4)
        let key = choice.cacheKey(imageSize: 16)
        let reference = try choice.open(imageSize: 16)
        let builds = Counter(), outcomes = Outcomes()
        let sources = try Parallel.map(2, threads: 2) { _ -> InMemorySource in
            let (source, outcome) = try cache.heldSplits(for: key) {
                builds.increment()
                Thread.sleep(forTimeInterval: 0.3)
                return try InMemorySource(base: reference.train.source, splits: [.train, .test], size: 16)
            }
            outcomes.append(outcome)
            return source
        }
        #expect(builds.count == 1)
        #expect(Set(outcomes.all.map(\.description)) == [DataCacheOutcome.built(file: cache.url(for: key).path).description,
                                                          DataCacheOutcome.loaded(file: cache.url(for: key).path).description])
        for source in sources {
            let held = (train: try FaceDataset(source: source, split: .train), test: try FaceDataset(source: source, split: .test))
            try expectSame(reference, held)
        }
    }
}

extension DataCacheTests {
    /// The choice of dataset `name` with the given recipe, seed and split counts.
    static func choice(_ name: String, recipe: LowLightRecipe = .sensor, seed: Int = 0, trainCount: Int = 0,
                       testCount: Int = 0) throws -> DatasetChoice {
        var data = DataConfig()
        data.recipe = recipe
        data.seed = seed
        data.trainCount = trainCount
        data.testCount = testCount
        return DatasetChoice(dataset: try DatasetID(parsing: name), data: data)
    }
}
