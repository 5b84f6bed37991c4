import Configuration
import NN
import Tensor

/// Self-Cure Network (Wang et al., "Suppressing Uncertainties for Large-Scale Facial Expression
/// Recognition", CVPR 2020) on the width-scaled ResNet-18:
///
/// - **Self-attention importance weighting**: α_i = sigmoid(FC(f_i)) multiplies the logits,
///   so cross entropy on α_i·W·f_i is the paper's logit-weighted loss L_WCE.
/// - **Rank regularisation**: in each batch the top β·N importance weights form the high group,
///   the rest the low group; L_RR = max(0, δ1 − (mean α_high − mean α_low)).
/// - **Relabelling**: from a share of training on, a low-group sample whose largest predicted
///   probability beats the probability of its label by more than δ2 gets the predicted class as
///   its label from then on (kept across epochs and in checkpoints, counted in the log).
///   The official code relabels any sample in the batch; `relabelAll` selects that variant.
///
/// The total loss is L_WCE + λ_RR·L_RR (λ_RR = 1 in the official code).
///
/// **Warm start.** The paper (and its official code) fine-tunes a backbone pre-trained on faces, so
/// the weighting, the rank loss and the relabelling meet a network that already separates the
/// classes. Trained from scratch, a network first sits on the class prior; the weights α ∈ (0, 1)
/// shrink its logits and their gradients, which lengthens that plateau, and relabelling on a
/// prior-only network moves minority samples onto the majority class. So α is held at 1 and the
/// loss is plain cross entropy (the stand-in for the pre-training) for at least the first `warmup`
/// share of training and until a training epoch's accuracy on the dataset's labels has beaten the
/// share of its most frequent class (`PriorGate`; the log's `left_prior` turns 1 after that epoch);
/// relabelling needs both that and `relabelFrom`.
public final class SCN: Module, TrainableClassifier {
    /// The convolutional trunk.
    public let backbone: ResNet18Backbone
    /// FC of the importance branch (its output goes through a sigmoid).
    public let importance: Linear
    /// The linear classifier.
    public let head: Linear
    /// The method's hyper-parameters.
    public let settings: SCNConfig
    /// Labels changed by relabelling, by training-set index.
    public private(set) var relabelled: [Int: Int] = [:]
    /// Whether a training epoch has beaten the majority share (the warm start can end, relabelling start).
    public var hasLeftPrior: Bool { gate.isOpen }
    private var gate = PriorGate()

    /// An SCN for `channels`-channel images and `classes` classes, backbone width `width`.
    public init(channels: Int, classes: Int, width: Int, stemStride: Int = 1, settings: SCNConfig = SCNConfig(), using stream: inout RandomStream) {
        backbone = ResNet18Backbone(channels: channels, width: width, stemStride: stemStride, using: &stream)
        importance = Linear(inputs: backbone.featureSize, outputs: 1, using: &stream)
        head = Linear(inputs: backbone.featureSize, outputs: classes, using: &stream)
        self.settings = settings
    }

    /// The model for a run's context (`model.width`, `model.stem_stride`, `scn.*`, `baselines.prior_gate`).
    public convenience init(_ context: ModelContext) {
        var stream = RandomStream(seed: context.seed).split("init")
        self.init(channels: context.channels, classes: context.classes, width: context.config.model.width,
                  stemStride: context.config.model.stemStride, settings: context.config.scn, using: &stream)
        backbone.standardisesInput = context.config.model.standardiseInput
        gate = PriorGate(context.config)
    }

    /// Importance weights `[N, 1]` and weighted logits `[N, classes]` of features `[N, D]`.
    func weighted(_ features: Tensor) -> (alpha: Tensor, logits: Tensor) {
        let alpha = importance(features).sigmoid()
        return (alpha, head(features) * alpha)
    }

    /// The importance-weighted logits, as at training time, and the pooled features.
    public func classify(_ input: ModelInput) -> ClassifierOutput {
        let features = backbone.features(input.images)
        return ClassifierOutput(logits: weighted(features).logits, features: features)
    }

    /// L_WCE + λ_RR·L_RR on the current (possibly relabelled) labels, then relabelling; during the
    /// warm start, cross entropy on the unweighted logits alone.
    public func trainingStep(_ input: ModelInput, context: StepContext) -> StepOutput {
        let labels = zip(input.indices, input.labels).map { relabelled[$0] ?? $1 }
        let features = backbone.features(input.images)
        guard context.progress >= settings.warmup && gate.isOpen else {
            let logits = head(features)
            gate.count(logits: logits, labels: input.labels)
            return StepOutput(loss: Loss.crossEntropy(logits: logits, labels: labels), logits: logits, counts: ["relabelled": 0])
        }
        let (alpha, logits) = weighted(features)
        let importanceValues = alpha.reshaped([input.count])
        let rank = SCN.rankRegularisation(importance: importanceValues, beta: Float(settings.beta), margin: Float(settings.rankMargin))
        let loss = Loss.crossEntropy(logits: logits, labels: labels) + Float(settings.rankWeight) * rank
        var changed = 0
        if context.progress >= settings.relabelFrom {
            let candidates = settings.relabelAll ? Array(0..<input.count)
                : SCN.lowGroup(importance: importanceValues.scalars, beta: Float(settings.beta))
            let probabilities = Tensor.withoutGradients { logits.softmax(axis: 1) }
            for (k, label) in SCN.relabelling(probabilities: probabilities.scalars, classes: logits.shape[1], labels: labels,
                                              candidates: candidates, margin: Float(settings.relabelMargin)) {
                let index = input.indices[k]
                relabelled[index] = label == input.labels[k] ? nil : label
                changed += 1
            }
        }
        return StepOutput(loss: loss, logits: logits, counts: ["relabelled": Double(changed)])
    }

    /// Logs the number of labels that differ from the dataset's and whether the network has left
    /// the class prior (`left_prior`, 1 or 0, deciding the next epoch).
    public func epochFinished(epoch: Int) -> [String: Double] {
        gate.epochFinished(epoch: epoch)
        return ["relabelled_total": Double(relabelled.count), "left_prior": gate.isOpen ? 1 : 0]
    }

    /// The relabelled labels as `index:label` pairs, and whether the network has left the prior.
    public func methodState() -> [String: String] {
        ["relabelled": relabelled.keys.sorted().map { "\($0):\(relabelled[$0]!)" }.joined(separator: ","),
         "left_prior": gate.state]
    }

    /// Restores the relabelled labels and whether the network has left the prior.
    public func restoreMethodState(_ state: [String: String]) throws {
        try gate.restore(state, key: "left_prior")
        var restored: [Int: Int] = [:]
        for pair in (state["relabelled"] ?? "").split(separator: ",") {
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let index = Int(parts[0]), let label = Int(parts[1]), index >= 0, label >= 0,
                  label < head.weight.shape[0] else {
                throw TrainingError.badCheckpoint(file: "checkpoint metadata method.relabelled", reason: "bad entry '\(pair)'")
            }
            restored[index] = label
        }
        relabelled = restored
    }

    /// The batch positions of the high group: the `⌊β·N⌋` largest importance weights (ties by position).
    public static func highGroup(importance: [Float], beta: Float) -> [Int] {
        let order = importance.indices.sorted { importance[$0] != importance[$1] ? importance[$0] > importance[$1] : $0 < $1 }
        return Array(order.prefix(Int(beta * Float(importance.count))))
    }

    /// The batch positions of the low group: every sample outside the high group, in batch order.
    public static func lowGroup(importance: [Float], beta: Float) -> [Int] {
        let high = Set(highGroup(importance: importance, beta: beta))
        return importance.indices.filter { !high.contains($0) }
    }

    /// L_RR = max(0, δ1 − (mean α_high − mean α_low)) of importance weights `[N]`, differentiable in them.
    public static func rankRegularisation(importance: Tensor, beta: Float, margin: Float) -> Tensor {
        let values = importance.scalars
        let high = highGroup(importance: values, beta: beta), low = lowGroup(importance: values, beta: beta)
        guard !high.isEmpty, !low.isEmpty else { return (importance * 0).sum() }
        let highMean = importance.indexSelect(axis: 0, indices: high).mean()
        let lowMean = importance.indexSelect(axis: 0, indices: low).mean()
        return (margin - (highMean - lowMean)).relu()
    }

    /// The relabelling decisions: for each candidate position whose largest probability exceeds
    /// the probability of its current label by more than `margin`, the position and the argmax class.
    public static func relabelling(probabilities: [Float], classes: Int, labels: [Int], candidates: [Int],
                                   margin: Float) -> [(sample: Int, label: Int)] {
        candidates.compactMap { k in
            let row = probabilities[(k * classes)..<((k + 1) * classes)]
            let best = row.indices.max { row[$0] < row[$1] }! - k * classes
            return row[k * classes + best] - row[k * classes + labels[k]] > margin ? (k, best) : nil
        }
    }
}
