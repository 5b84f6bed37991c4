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
    /// Method-specific values (SCN's relabelled count, RUL's mean uncertainty, ...).
    public var extras: [String: Double]

    /// A record from its parts.
    public init(epoch: Int, loss: Double, trainAccuracy: Double, valAccuracy: Double?, learningRate: Double,
                wallSeconds: Double, extras: [String: Double] = [:]) {
        self.epoch = epoch
        self.loss = loss
        self.trainAccuracy = trainAccuracy
        self.valAccuracy = valAccuracy
        self.learningRate = learningRate
        self.wallSeconds = wallSeconds
        self.extras = extras
    }

    /// The record as flat fields with snake-case names, extras merged in (what the log line holds).
    public var fields: [String: Double] {
        var out = extras
        out["epoch"] = Double(epoch)
        out["loss"] = loss
        out["train_accuracy"] = trainAccuracy
        if let valAccuracy { out["val_accuracy"] = valAccuracy }
        out["learning_rate"] = learningRate
        out["wall_seconds"] = wallSeconds
        return out
    }
}

/// Receives each finished epoch's record (the `lldif` command appends it to the run's log).
public typealias EpochLogger = (EpochReport) throws -> Void
