/// LLDif's training stages (shared/spec/method.md); the raw value names the stage's checkpoint
/// files, its random stream and its lines in the run's log.
public enum LLDifStage: String, Sendable, Codable, CaseIterable {
    /// LA-CLIP and LandmarkNet.
    case stage0
    /// PNET_S1 and the LLformer with the privileged caption.
    case stage1
    /// Stage 2's warm-up: PNET_S2 and the denoiser alone.
    case stage2Warmup = "stage2-warmup"
    /// PNET_S2, the denoiser and the LLformer jointly.
    case stage2
}

/// One line of a stage's log: what an epoch did and how long it took.
public struct StageRecord: Sendable, Equatable, Codable {
    /// The stage.
    public var stage: LLDifStage
    /// Epoch number within the stage, from 0.
    public var epoch: Int
    /// Mean training loss over the epoch's batches.
    public var loss: Double
    /// Training accuracy (nil for stages without a classifier).
    public var trainAccuracy: Double?
    /// Accuracy on the evaluation split (stage 1: an oracle that sees the caption).
    public var validationAccuracy: Double?
    /// Learning rate at the epoch's last step.
    public var learningRate: Double
    /// Wall time of the epoch in seconds (training and evaluation).
    public var seconds: Double
}

/// Where a stage reports: one record per finished epoch, and progress within an epoch.
public struct StageReporter {
    /// Called once per finished epoch (the run store's log line).
    public var epochFinished: (StageRecord) throws -> Void
    /// Called after each batch with (stage, epoch, batch done, batches per epoch).
    public var progress: (LLDifStage, Int, Int, Int) -> Void

    /// A reporter from two closures; `progress` defaults to nothing.
    public init(epochFinished: @escaping (StageRecord) throws -> Void = { _ in },
                progress: @escaping (LLDifStage, Int, Int, Int) -> Void = { _, _, _, _ in }) {
        self.epochFinished = epochFinished
        self.progress = progress
    }
}
