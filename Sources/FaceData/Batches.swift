import Foundation

/// How the batch pipeline turns samples into model input.
public struct BatchConfig: Sendable {
    /// Samples per batch.
    public var batchSize: Int
    /// Output side in pixels (images are resampled to size × size).
    public var size: Int
    /// Output channels (1 or 3); nil keeps the source's.
    public var channels: Int?
    /// Shuffle the order each epoch (seeded by seed and epoch).
    public var shuffle: Bool
    /// Drop the last, smaller batch.
    public var dropLast: Bool
    /// Augmentation, or nil for none (evaluation).
    public var augmentation: AugmentationConfig?
    /// Per-channel mean subtracted after augmentation (one value is used for every channel).
    public var mean: [Float]
    /// Per-channel standard deviation divided by after the mean.
    public var std: [Float]
    /// Seed of the shuffling and augmentation.
    public var seed: UInt64
    /// Batches prepared ahead on the background thread.
    public var prefetch: Int
    /// Threads that prepare one batch's samples.
    public var threads: Int

    /// A configuration; the defaults map pixels from 0...1 to −1...1 and prefetch 2 batches.
    public init(batchSize: Int = 64, size: Int = 64, channels: Int? = nil, shuffle: Bool = true, dropLast: Bool = false,
                augmentation: AugmentationConfig? = AugmentationConfig(), mean: [Float] = [0.5], std: [Float] = [0.5],
                seed: UInt64 = 0, prefetch: Int = 2, threads: Int = Parallel.threadCount) {
        self.batchSize = batchSize
        self.size = size
        self.channels = channels
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.augmentation = augmentation
        self.mean = mean
        self.std = std
        self.seed = seed
        self.prefetch = prefetch
        self.threads = threads
    }
}

/// A batch in the layout models consume: flat NCHW floats plus per-sample labels and metadata.
/// A model makes a tensor with `Tensor(shape: batch.shape, data: batch.images)`.
public struct Batch: Sendable {
    /// [n, channels, size, size].
    public var shape: [Int]
    /// Normalised images, NCHW.
    public var images: [Float]
    /// Paired normal-light images (same augmentation, same normalisation) for `ll-` sources.
    public var normalLight: [Float]?
    /// Class indices.
    public var labels: [Int]
    /// Annotator vote shares per class (n × classes, rows sum to 1); the one-hot label when a
    /// sample has no votes.
    public var softLabels: [Float]
    /// Landmarks as (x, y) pixel pairs, n × landmarkCount × 2, when every sample has them.
    public var landmarks: [Float]?
    /// Landmarks per sample (0 when absent).
    public var landmarkCount: Int
    /// Attribute captions.
    public var captions: [String]
    /// Label-aware captions.
    public var labelAwareCaptions: [String]
    /// Dataset indices of the samples.
    public var indices: [Int]

    /// Number of samples.
    public var count: Int { labels.count }
}

/// Turns a dataset into batches: seeded shuffling, augmentation, resizing, normalisation, and
/// prefetching on a background thread. The batches of an epoch depend only on (dataset, config,
/// epoch), never on the thread count.
public struct BatchLoader: Sendable {
    /// The dataset.
    public let dataset: FaceDataset
    /// The pipeline settings.
    public let config: BatchConfig

    /// A loader; throws on an empty dataset or bad settings.
    public init(dataset: FaceDataset, config: BatchConfig) throws {
        guard dataset.count > 0 else { throw DataError.invalidRequest("\(dataset.source.name) \(dataset.split.rawValue): empty dataset") }
        guard config.batchSize > 0, config.size > 0, config.prefetch >= 0 else {
            throw DataError.invalidRequest("batch size and image size must be positive, prefetch non-negative")
        }
        guard !config.mean.isEmpty, config.std.count == config.mean.count, !config.std.contains(0) else {
            throw DataError.invalidRequest("mean and std need the same non-zero number of values")
        }
        self.dataset = dataset
        self.config = config
    }

    /// Number of batches per epoch.
    public var batchesPerEpoch: Int {
        config.dropLast ? dataset.count / config.batchSize : (dataset.count + config.batchSize - 1) / config.batchSize
    }

    /// The sample order of an epoch.
    public func order(epoch: Int) -> [Int] {
        guard config.shuffle else { return Array(0..<dataset.count) }
        var rng = SeededRandom(seed: config.seed, keys: [SeededRandom.key("shuffle"), UInt64(epoch)])
        return rng.permutation(dataset.count)
    }

    /// Batch `b` of an epoch, built now on `config.threads` threads.
    public func batch(_ b: Int, epoch: Int) throws -> Batch {
        try batch(b, order: order(epoch: epoch), epoch: epoch)
    }

    func batch(_ b: Int, order: [Int], epoch: Int) throws -> Batch {
        let start = b * config.batchSize
        let indices = Array(order[start..<min(order.count, start + config.batchSize)])
        let prepared = try Parallel.map(indices.count, threads: config.threads) { k in
            try prepare(index: indices[k], epoch: epoch)
        }
        let first = prepared[0]
        let c = first.image.channels, s = config.size
        let classes = dataset.classNames.count
        var images = [Float](), normal = [Float](), soft = [Float](repeating: 0, count: indices.count * classes)
        images.reserveCapacity(indices.count * c * s * s)
        var marks = [Float]()
        let landmarkCount = prepared.allSatisfy({ $0.landmarks.count == first.landmarks.count }) ? first.landmarks.count : 0
        for (k, p) in prepared.enumerated() {
            images += p.image.pixels
            if let n = p.normal { normal += n.pixels }
            if let votes = p.sample.votes, votes.reduce(0, +) > 0 {
                let total = Float(votes.reduce(0, +))
                for j in 0..<classes { soft[k * classes + j] = Float(votes[j]) / total }
            } else {
                soft[k * classes + p.sample.label] = 1
            }
            if landmarkCount > 0 { for m in p.landmarks { marks += [m.x, m.y] } }
        }
        return Batch(shape: [indices.count, c, s, s], images: images,
                     normalLight: normal.count == images.count ? normal : nil,
                     labels: prepared.map(\.sample.label), softLabels: soft,
                     landmarks: landmarkCount > 0 ? marks : nil, landmarkCount: landmarkCount,
                     captions: prepared.map(\.sample.caption), labelAwareCaptions: prepared.map(\.sample.labelAwareCaption),
                     indices: indices)
    }

    struct Prepared {
        var sample: FaceSample
        var image: FaceImage
        var normal: FaceImage?
        var landmarks: [Landmark]
    }

    /// One sample resized, augmented and normalised.
    func prepare(index: Int, epoch: Int) throws -> Prepared {
        let sample = try dataset.sample(index)
        let channels = config.channels ?? sample.image.channels
        let s = config.size
        let sx = Float(s) / Float(sample.image.width), sy = Float(s) / Float(sample.image.height)
        var image = sample.image.converted(toChannels: channels).resized(width: s, height: s)
        var normal = sample.normalLight.map { $0.converted(toChannels: channels).resized(width: s, height: s) }
        var landmarks = sample.landmarks.map { Landmark(x: $0.x * sx, y: $0.y * sy, visible: $0.visible) }
        if let aug = config.augmentation {
            var rng = SeededRandom(seed: config.seed, keys: [SeededRandom.key("augment"), UInt64(epoch), UInt64(index)])
            let draw = AugmentationDraw(aug, width: s, height: s, rng: &rng)
            image = draw.apply(to: image)
            normal = normal.map { draw.apply(to: $0) }
            landmarks = draw.apply(to: landmarks, width: s)
        }
        normalise(&image)
        if normal != nil { normalise(&normal!) }
        return Prepared(sample: sample, image: image, normal: normal, landmarks: landmarks)
    }

    func normalise(_ image: inout FaceImage) {
        let plane = image.width * image.height
        for c in 0..<image.channels {
            let m = config.mean[min(c, config.mean.count - 1)], d = config.std[min(c, config.std.count - 1)]
            for p in 0..<plane { image.pixels[c * plane + p] = (image.pixels[c * plane + p] - m) / d }
        }
    }

    /// The batches of an epoch, prepared ahead on a background thread.
    public func epoch(_ epoch: Int) -> BatchStream {
        BatchStream(loader: self, epoch: epoch)
    }
}

/// The batches of one epoch, in order. A background thread keeps up to `prefetch` batches ready;
/// `nextBatch()` waits only when the consumer is faster than the data. Dropping the stream stops
/// the thread.
public final class BatchStream: @unchecked Sendable {
    // @unchecked: the only stored property is the immutable reference to the shared state.
    private let state: PrefetchState

    init(loader: BatchLoader, epoch: Int) {
        let state = PrefetchState(total: loader.batchesPerEpoch)
        self.state = state
        let order = loader.order(epoch: epoch)
        let ahead = Swift.max(1, loader.config.prefetch)
        let total = state.total
        let thread = Thread {
            for b in 0..<total {
                guard state.waitForRoom(b, ahead: ahead) else { return }
                let result = Result { try loader.batch(b, order: order, epoch: epoch) }
                state.deliver(b, result)
                if case .failure = result { return }
            }
        }
        thread.start()
    }

    deinit { state.cancel() }

    /// Number of batches in the epoch.
    public var count: Int { state.total }

    /// The next batch, or nil at the end of the epoch; a reading error is thrown for the batch that hit it.
    public func nextBatch() throws -> Batch? { try state.take() }
}

/// The hand-over between the prefetch thread and the consumer.
final class PrefetchState: @unchecked Sendable {
    // @unchecked: every mutable field is read and written only while holding `condition`.
    private let condition = NSCondition()
    private var ready: [Int: Result<Batch, Error>] = [:]
    private var nextToHand = 0
    private var cancelled = false
    private var failed = false
    let total: Int

    init(total: Int) { self.total = total }

    /// Blocks until batch b may be prepared; false when the stream was dropped.
    func waitForRoom(_ b: Int, ahead: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && b - nextToHand >= ahead { condition.wait() }
        return !cancelled
    }

    func deliver(_ b: Int, _ result: Result<Batch, Error>) {
        condition.lock()
        ready[b] = result
        if case .failure = result { failed = true }
        condition.broadcast()
        condition.unlock()
    }

    func take() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        guard nextToHand < total else { return nil }
        while ready[nextToHand] == nil && !failed { condition.wait() }
        guard let result = ready.removeValue(forKey: nextToHand) else { return nil }
        nextToHand += 1
        condition.broadcast()
        return try result.get()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
