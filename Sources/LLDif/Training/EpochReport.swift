/// One epoch of a training run, as the run's JSON-lines log records it.
public struct EpochReport: Sendable, Equatable, Codable {
    /// Epoch number, counting from 1.
    public var epoch: Int
    /// Mean training loss over the epoch's steps.
    public var loss: Double
    /// Training accuracy over the epoch (augmented inputs, training-mode forward pass).
    public var trainAccuracy: Double
    /// Accuracy on the held-out split after the epoch, when evaluated.
    public var valAccuracy: Double?
    /// Learning rate of the epoch's last step.
    public var learningRate: Double
    /// Wall time of the epoch's training steps in seconds (evaluation excluded).
    public var wallSeconds: Double
    /// The training stage the epoch belongs to, for models trained in stages (LLDif: `stage0`,
    /// `stage1`, `stage2-warmup`, `stage2`); nil for single-stage training.
    public var stage: String?
    /// Method-specific values (SCN's relabelled count, RUL's mean uncertainty, ...).
    public var extras: [String: Double]

    /// A record from its parts.
    public init(epoch: Int, loss: Double, trainAccuracy: Double, valAccuracy: Double?, learningRate: Double,
                wallSeconds: Double, stage: String? = nil, extras: [String: Double] = [:]) {
        self.epoch = epoch
        self.loss = loss
        self.trainAccuracy = trainAccuracy
        self.valAccuracy = valAccuracy
        self.learningRate = learningRate
        self.wallSeconds = wallSeconds
        self.stage = stage
        self.extras = extras
    }

    enum CodingKeys: String, CodingKey {
        case epoch, loss, stage, extras
        case trainAccuracy = "train_accuracy", valAccuracy = "val_accuracy", learningRate = "learning_rate"
        case wallSeconds = "wall_seconds"
    }
}

/// Receives each finished epoch's record (the `lldif` command appends it to the run's log).
public typealias EpochLogger = (EpochReport) throws -> Void
