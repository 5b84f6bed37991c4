import FaceData

/// The batches a training uses: the training split (shuffled, augmented) and the split each
/// epoch is evaluated on.
public struct LLDifData: Sendable {
    /// Training batches.
    public var train: BatchLoader
    /// Evaluation batches (no shuffling, no augmentation).
    public var evaluation: BatchLoader

    /// The two loaders.
    public init(train: BatchLoader, evaluation: BatchLoader) {
        self.train = train
        self.evaluation = evaluation
    }
}
