import FaceData

/// How the shared harness trains: epochs, batch size, AdamW with a cosine schedule after a
/// linear warm-up, gradient clipping, input size and augmentation, and the run seed.
public struct TrainingOptions: Sendable, Equatable {
    /// Passes over the training set.
    public var epochs: Int
    /// Samples per optimiser step (the last, smaller batch of an epoch is dropped).
    public var batchSize: Int
    /// AdamW's peak learning rate.
    public var learningRate: Float
    /// AdamW's decoupled weight decay.
    public var weightDecay: Float
    /// Epochs of linear warm-up before the cosine decay.
    public var warmupEpochs: Int
    /// Global gradient-norm limit; 0 disables clipping.
    public var clipNorm: Float
    /// Side of the square model input in pixels.
    public var imageSize: Int
    /// Training augmentation (evaluation uses none).
    public var augmentation: AugmentationConfig
    /// Seed of initialisation, shuffling, augmentation and every random choice of the method.
    public var seed: UInt64
    /// Evaluate on the held-out split after every epoch (the log's `val_accuracy`).
    public var evaluateEveryEpoch: Bool
    /// Show a live progress line on standard error when it is a terminal.
    public var showProgress: Bool

    /// Options from their parts; the defaults are the quick profile's.
    public init(epochs: Int = 12, batchSize: Int = 32, learningRate: Float = 1e-3, weightDecay: Float = 0.05,
                warmupEpochs: Int = 1, clipNorm: Float = 5, imageSize: Int = 32,
                augmentation: AugmentationConfig = AugmentationConfig(), seed: UInt64 = 0,
                evaluateEveryEpoch: Bool = true, showProgress: Bool = true) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.warmupEpochs = warmupEpochs
        self.clipNorm = clipNorm
        self.imageSize = imageSize
        self.augmentation = augmentation
        self.seed = seed
        self.evaluateEveryEpoch = evaluateEveryEpoch
        self.showProgress = showProgress
    }

    /// Options read from `train.*` and `data.image_size` settings (`train.seed` is the run seed;
    /// `train.flip`, `train.crop_padding` and `train.erasing` set the augmentation).
    public init(_ settings: Hyperparameters) throws {
        self.init(epochs: try settings.int("train.epochs"),
                  batchSize: try settings.int("train.batch_size"),
                  learningRate: try settings.float("train.learning_rate"),
                  weightDecay: try settings.float("train.weight_decay"),
                  warmupEpochs: try settings.int("train.warmup_epochs", default: 0),
                  clipNorm: try settings.float("train.clip_norm", default: 5),
                  imageSize: try settings.int("data.image_size"),
                  augmentation: AugmentationConfig(flipProbability: try settings.double("train.flip", default: 0.5),
                                                   cropPadding: try settings.int("train.crop_padding", default: 4),
                                                   erasingProbability: try settings.double("train.erasing", default: 0.25)),
                  seed: UInt64(try settings.int("train.seed", default: 0)),
                  evaluateEveryEpoch: try settings.bool("train.eval_every_epoch", default: true))
        try validate()
    }

    /// Throws a `TrainingError` naming the first setting out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ key: String, _ value: String, _ expected: String) throws {
            if !ok { throw TrainingError.badSetting(key: key, value: value, expected: expected) }
        }
        try check(epochs > 0, "train.epochs", "\(epochs)", "a positive integer")
        try check(batchSize > 1, "train.batch_size", "\(batchSize)", "at least 2 (batch norm needs two samples)")
        try check(learningRate > 0 && learningRate.isFinite, "train.learning_rate", "\(learningRate)", "a positive number")
        try check(weightDecay >= 0, "train.weight_decay", "\(weightDecay)", "a non-negative number")
        try check(warmupEpochs >= 0 && warmupEpochs < epochs, "train.warmup_epochs", "\(warmupEpochs)", "0 ≤ warm-up < train.epochs")
        try check(clipNorm >= 0, "train.clip_norm", "\(clipNorm)", "a non-negative number (0: no clipping)")
        try check(imageSize >= 8, "data.image_size", "\(imageSize)", "at least 8 pixels")
    }
}
