import FaceData
import NN
import Tensor

/// One batch as a model sees it: the images as a tensor, plus the labels and metadata (dataset
/// indices, landmarks, captions, the paired normal-light images) that some models and training
/// procedures need.
public struct ModelInput {
    /// Normalised images `[N, C, H, W]`.
    public var images: Tensor
    /// Class indices of the samples.
    public var labels: [Int]
    /// Training-set indices of the samples (how methods with per-sample state find a sample).
    public var indices: [Int]
    /// Annotator vote shares `[N, classes]`, when known.
    public var softLabels: Tensor?
    /// The paired normal-light images `[N, C, H, W]` of a low-light dataset.
    public var normalLight: Tensor?
    /// Landmarks `[N, K, 2]` in pixels of the model input, when every sample has them.
    public var landmarks: Tensor?
    /// Attribute captions.
    public var captions: [String]
    /// Label-aware captions (they name the emotion: privileged, training only).
    public var labelAwareCaptions: [String]

    /// The input for a batch of the pipeline.
    public init(_ batch: Batch) {
        let n = batch.count
        images = Tensor(shape: batch.shape, values: batch.images)
        labels = batch.labels
        indices = batch.indices
        softLabels = batch.softLabels.isEmpty ? nil : Tensor(shape: [n, batch.softLabels.count / max(1, n)], values: batch.softLabels)
        normalLight = batch.normalLight.map { Tensor(shape: batch.shape, values: $0) }
        landmarks = batch.landmarks.map { Tensor(shape: [n, batch.landmarkCount, 2], values: $0) }
        captions = batch.captions
        labelAwareCaptions = batch.labelAwareCaptions
    }

    /// An input of images alone (labels 0, indices 0..<N, no metadata), e.g. for prediction.
    public init(images: Tensor) {
        let n = images.shape[0]
        self.images = images
        labels = [Int](repeating: 0, count: n)
        indices = Array(0..<n)
        captions = [String](repeating: "", count: n)
        labelAwareCaptions = captions
    }

    /// Number of samples.
    public var count: Int { labels.count }
}

/// What a classifier's forward pass gives: class scores and the penultimate features.
public struct ClassifierOutput {
    /// Class scores `[N, classes]` (before softmax).
    public var logits: Tensor
    /// Penultimate features `[N, D]`: what t-SNE and feature export use.
    public var features: Tensor

    /// An output from its parts.
    public init(logits: Tensor, features: Tensor) {
        self.logits = logits
        self.features = features
    }
}

/// Where a training step sits in the run, and its own random stream.
public struct StepContext {
    /// Epoch, counting from 0.
    public var epoch: Int
    /// Number of epochs in the run.
    public var epochs: Int
    /// Optimiser step, counting from 0 over the whole run.
    public var step: Int
    /// The step's random stream: a pure function of (run seed, step), so a resumed run draws the
    /// same numbers as an uninterrupted one.
    public var random: RandomStream

    /// A context from its parts.
    public init(epoch: Int, epochs: Int, step: Int, random: RandomStream) {
        self.epoch = epoch
        self.epochs = epochs
        self.step = step
        self.random = random
    }

    /// The share of training done when this epoch starts (0 at the start, approaching 1).
    public var progress: Double { Double(epoch) / Double(max(1, epochs)) }
}

/// A training step's result: the loss to minimise, the logits the training accuracy is counted
/// on, and any method-specific counts to log (summed over the epoch).
public struct StepOutput {
    /// The scalar objective.
    public var loss: Tensor
    /// Class scores `[N, classes]` used for the training accuracy.
    public var logits: Tensor
    /// Method-specific quantities to add up over the epoch, such as SCN's relabelled samples.
    public var counts: [String: Double]

    /// A step output from its parts.
    public init(loss: Tensor, logits: Tensor, counts: [String: Double] = [:]) {
        self.loss = loss
        self.logits = logits
        self.counts = counts
    }
}

/// A classifier the shared harness can train, evaluate and checkpoint: a `Module` (its
/// parameters and buffers are what the checkpoint holds) with a forward pass, a training
/// objective, and optionally state of the training method that must survive a resume.
public protocol TrainableClassifier: Module {
    /// The forward pass used for evaluation and prediction (the module's mode is set by the caller).
    func classify(_ input: ModelInput) -> ClassifierOutput

    /// The training objective for one batch. The default is cross entropy on `classify`.
    func trainingStep(_ input: ModelInput, context: StepContext) -> StepOutput

    /// Called after each training epoch; the values are added to that epoch's log record.
    func epochFinished(epoch: Int) -> [String: Double]

    /// State of the training method that is not a parameter or buffer (e.g. SCN's relabelled
    /// labels), saved as checkpoint metadata so a resumed run continues identically.
    func methodState() -> [String: String]

    /// Restores what `methodState()` saved; throws a `TrainingError` on a damaged value.
    func restoreMethodState(_ state: [String: String]) throws

    /// Parts that are frozen and stay in evaluation mode while the rest trains (a pretrained
    /// encoder whose batch norm must keep, and use, the statistics it was trained with).
    var frozenParts: [Module] { get }
}

extension TrainableClassifier {
    /// Cross entropy on the logits of `classify`.
    public func trainingStep(_ input: ModelInput, context: StepContext) -> StepOutput {
        let logits = classify(input).logits
        return StepOutput(loss: Loss.crossEntropy(logits: logits, labels: input.labels), logits: logits)
    }

    /// No extra log values.
    public func epochFinished(epoch: Int) -> [String: Double] { [:] }

    /// No method state.
    public func methodState() -> [String: String] { [:] }

    /// Nothing to restore.
    public func restoreMethodState(_ state: [String: String]) throws {}

    /// No frozen parts.
    public var frozenParts: [Module] { [] }

    /// Training mode for the model and evaluation mode for its `frozenParts`: how every training
    /// step of the shared loop runs it.
    public func enterTrainingMode() {
        train()
        for part in frozenParts { part.eval() }
    }
}
