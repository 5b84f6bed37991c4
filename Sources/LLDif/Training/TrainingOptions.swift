import Configuration
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

    /// The options of a run's configuration: `train.*` and `data.image_size` (`train.seed` is the
    /// run seed; `train.flip`, `train.crop_padding` and `train.erasing` set the augmentation). The
    /// configuration's `validate()` has checked the ranges.
    public init(_ config: ExperimentConfig, showProgress: Bool = true) {
        let train = config.train
        epochs = train.epochs
        batchSize = train.batchSize
        learningRate = Float(train.learningRate)
        weightDecay = Float(train.weightDecay)
        warmupEpochs = train.warmupEpochs
        clipNorm = Float(train.clipNorm)
        imageSize = config.data.imageSize
        augmentation = AugmentationConfig(flipProbability: train.flip, cropPadding: train.cropPadding,
                                          erasingProbability: train.erasing)
        seed = UInt64(train.seed)
        evaluateEveryEpoch = train.evalEveryEpoch
        self.showProgress = showProgress
    }
}
