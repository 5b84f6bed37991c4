import Configuration
import NN
import Tensor

/// Relative Uncertainty Learning (Zhang, Wang & Deng, NeurIPS 2021) on the width-scaled ResNet-18.
///
/// An uncertainty branch gives each sample a positive value u_i = exp(s_i), s_i = FC(f_i). Each
/// training sample is paired with a partner j (a seeded permutation of the batch) and their
/// features are mixed with weights w_i = u_i/(u_i + u_j), w_j = u_j/(u_i + u_j):
/// f_mix = w_i·f_i + w_j·f_j. The add-up loss is the mixed-label cross entropy of the classifier
/// on f_mix, w_i·CE(f_mix, y_i) + w_j·CE(f_mix, y_j), so the branch learns to give the sample that
/// is easier to recognise the larger share. (The official code weighs both terms ½; that is the
/// `rul.equal_label_weights` option.)
///
/// The mixing weights do not change when every u is multiplied by the same factor, so the loss
/// alone leaves the overall scale of u free to drift; the uncertainty regulariser
/// λ_u·(mean_i log u_i)² pins the batch's mean log-uncertainty to 0 without changing any weight.
/// ClassifierEvaluation uses the unmixed features.
///
/// **Warm start.** RUL's paper fine-tunes a backbone pre-trained on faces. From scratch, mixing
/// the features of two samples before the network can tell any class apart trains the classifier
/// on near-even blends labelled half one class, half another, and the run stays on the class
/// prior. The loss is therefore plain cross entropy on the unmixed features (the stand-in for the
/// pre-training) for at least the first `warmup` share of training and until the network has left
/// the prior (`PriorGate`); the add-up loss takes over after.
public final class RUL: Module, TrainableClassifier, PriorGated {
    /// The convolutional trunk.
    public let backbone: ResNet18Backbone
    /// FC of the uncertainty branch: the log-uncertainty s_i.
    public let uncertainty: Linear
    /// The linear classifier.
    public let head: Linear
    /// Weight λ_u of the uncertainty regulariser.
    public let regulariserWeight: Float
    /// Weigh both labels of a mixed pair ½ (official code) instead of by the mixing weights (paper).
    public let equalLabelWeights: Bool
    /// Least share of training (from the start) trained with plain cross entropy before mixing starts.
    public let warmup: Double
    /// Plain cross entropy until this opens (see `PriorGate`).
    public var priorGate = PriorGate()

    /// A RUL model for `channels`-channel images and `classes` classes, backbone width `width`.
    public init(channels: Int, classes: Int, width: Int, stemStride: Int = 1, settings: RULConfig = RULConfig(),
                using stream: inout RandomStream) {
        backbone = ResNet18Backbone(channels: channels, width: width, stemStride: stemStride, using: &stream)
        uncertainty = Linear(inputs: backbone.featureSize, outputs: 1, using: &stream)
        head = Linear(inputs: backbone.featureSize, outputs: classes, using: &stream)
        regulariserWeight = Float(settings.regulariserWeight)
        equalLabelWeights = settings.equalLabelWeights
        warmup = settings.warmup
    }

    /// The model for a run's context (`model.width`, `model.stem_stride`, `rul.regulariser_weight`,
    /// `rul.equal_label_weights`, `rul.warmup`, `baselines.prior_gate`).
    public convenience init(_ context: ModelContext) {
        var stream = RandomStream(seed: context.seed).split("init")
        self.init(channels: context.channels, classes: context.classes, width: context.config.model.width,
                  stemStride: context.config.model.stemStride, settings: context.config.rul, using: &stream)
        backbone.standardisesInput = context.config.model.standardiseInput
        priorGate = PriorGate(context.config)
    }

    /// Logits of the unmixed features, and the features.
    public func classify(_ input: ModelInput) -> ClassifierOutput {
        let features = backbone.features(input.images)
        return ClassifierOutput(logits: head(features), features: features)
    }

    /// The mixing weights of each sample and its partner: `w = u / (u + u[partner])`, `[N, 1]` each.
    public static func mixingWeights(uncertainty u: Tensor, partner: [Int]) -> (own: Tensor, partner: Tensor) {
        let other = u.indexSelect(axis: 0, indices: partner)
        let total = u + other
        return (u / total, other / total)
    }

    /// The add-up loss, mean-regularised: mixed-label CE on the uncertainty-weighted feature mix;
    /// during the warm start, cross entropy on the unmixed features.
    public func trainingStep(_ input: ModelInput, context: StepContext) -> StepOutput {
        let features = backbone.features(input.images)
        guard context.progress >= warmup && priorGate.isOpen else {
            let logits = head(features)
            priorGate.count(logits: logits, labels: input.labels)
            return StepOutput(loss: Loss.crossEntropy(logits: logits, labels: input.labels), logits: logits)
        }
        var random = context.random
        let partner = random.permutation(input.count)
        let logU = uncertainty(features).clamped(min: -10, max: 10)
        let (own, other) = RUL.mixingWeights(uncertainty: logU.exp(), partner: partner)
        let mixed = features * own + features.indexSelect(axis: 0, indices: partner) * other
        let logits = head(mixed)
        let partnerLabels = partner.map { input.labels[$0] }
        let ownCE = Loss.crossEntropy(logits: logits, labels: input.labels, reduction: .none).reshaped([input.count, 1])
        let otherCE = Loss.crossEntropy(logits: logits, labels: partnerLabels, reduction: .none).reshaped([input.count, 1])
        let addUp = equalLabelWeights ? ((ownCE + otherCE) * 0.5).mean() : (ownCE * own + otherCE * other).mean()
        let loss = addUp + regulariserWeight * logU.mean().squared()
        return StepOutput(loss: loss, logits: logits)
    }
}
