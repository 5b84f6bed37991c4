/// `train.*`: how the shared harness trains every model (LLDif's stages take their epochs and
/// learning rates from `lldif.*` and the rest from here).
public struct TrainingConfig: Codable, Equatable, Sendable {
    /// Passes over the training set: 32, the epochs LLDif trains in all (its stages 24 + 2 + 1 + 5),
    /// so that every baseline fine-tunes as long as LLDif does (issue #19's matched budgets; session
    /// 22's validation-draw study, bench/pretraining/FINDINGS.md). 16 from session 10 to 22, when 16
    /// against 8 raised SCN, RUL, EAC and POSTER-lite by 2.8–7.2 points on the validation draw.
    public var epochs = 32
    /// Samples per optimiser step (the last, smaller batch of an epoch is dropped).
    public var batchSize = 32
    /// AdamW's peak learning rate.
    public var learningRate = 3e-3
    /// AdamW's decoupled weight decay.
    public var weightDecay = 0.05
    /// Epochs of linear warm-up before the cosine decay.
    public var warmupEpochs = 1
    /// Global gradient-norm limit; 0 disables clipping.
    public var clipNorm = 5.0
    /// Probability of a horizontal flip.
    public var flip = 0.5
    /// Pixels of padding before a random crop back to size.
    public var cropPadding = 4
    /// Probability of random erasing (a patch filled with uniform noise). 0 in the quick profile:
    /// on faces whose mean intensity is about 0.07 the bright patch delayed leaving the class prior
    /// (bench/calibration/FINDINGS.md).
    public var erasing = 0.0
    /// Seed of initialisation, shuffling, augmentation and every random choice of the method.
    public var seed = 0
    /// Evaluate on the held-out split after every epoch (the log's `val_accuracy`; LLDif's stages 1 and 2
    /// too). Training never reads it, so it changes no weight; off, runs save that time. The paper's
    /// plan keeps it only for the runs whose curves chapter 08 draws (`RunRequest.drawsCurves`).
    public var evalEveryEpoch = true

    /// The quick profile's values.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case epochs, flip, erasing, seed
        case batchSize = "batch_size", learningRate = "learning_rate", weightDecay = "weight_decay"
        case warmupEpochs = "warmup_epochs", clipNorm = "clip_norm", cropPadding = "crop_padding"
        case evalEveryEpoch = "eval_every_epoch"
    }

    func validate() throws {
        try ConfigCheck.that(epochs > 0, "train.epochs", epochs, "a positive integer")
        try ConfigCheck.that(batchSize > 1, "train.batch_size", batchSize, "at least 2 (batch norm needs two samples)")
        try ConfigCheck.positive(learningRate, "train.learning_rate")
        try ConfigCheck.nonNegative(weightDecay, "train.weight_decay")
        try ConfigCheck.that(warmupEpochs >= 0 && warmupEpochs < epochs, "train.warmup_epochs", warmupEpochs,
                             "0 ≤ warm-up < train.epochs")
        try ConfigCheck.nonNegative(clipNorm, "train.clip_norm")
        try ConfigCheck.probability(flip, "train.flip")
        try ConfigCheck.that(cropPadding >= 0, "train.crop_padding", cropPadding, "a non-negative number of pixels")
        try ConfigCheck.probability(erasing, "train.erasing")
        try ConfigCheck.that(seed >= 0, "train.seed", seed, "a non-negative integer")
    }
}

/// `model.*`: the size of the baselines' trunks and of LLDif's DTNet.
public struct BackboneConfig: Codable, Equatable, Sendable {
    /// Width C of the first level (a width-scaled ResNet-18 has C, 2C, 4C, 8C channels; DTNet C, 2C, 4C).
    public var width = 8
    /// Stride of every network's stem: the ResNet-18 trunks, LandmarkNet's first stage and DTNet's
    /// stem (2 halves every feature map: four times cheaper). One setting, so that every method
    /// reads the image at the same resolution and POSTER-lite's and LLDif's landmark streams are the
    /// face pretraining's detector.
    public var stemStride = 2
    /// Standardise each image per channel (`ImageStandardisation`) before every network reads it:
    /// the ResNet-18 trunks (the baselines, POSTER-lite's image stream, the face pretraining, a
    /// ResNet-18 E_I) and LLDif's E_I, DTNet and LandmarkNet. One switch, so every method gets the
    /// same input (issue #19). On by default: on the validation draw it adds 2.2 [0.9, 3.4] pp to
    /// ResNet-18 trained from scratch (bench/pretraining/FINDINGS.md), and LLDif was tuned with it.
    public var standardiseInput = true

    /// The quick profile's values.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case width
        case stemStride = "stem_stride", standardiseInput = "standardise_input"
    }

    func validate() throws {
        try ConfigCheck.that(width > 0, "model.width", width, "a positive integer")
        try ConfigCheck.that(stemStride == 1 || stemStride == 2, "model.stem_stride", stemStride, "1 or 2")
    }
}
