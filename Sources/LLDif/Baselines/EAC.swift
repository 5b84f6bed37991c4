import Configuration
import Foundation
import NN
import Tensor

/// Erasing Attention Consistency (Zhang et al., "Learn From All: Erasing Attention Consistency for
/// Noisy Label Facial Expression Recognition", ECCV 2022) on the width-scaled ResNet-18.
///
/// Each training image is randomly erased (EAC's own erasing, `eac.erasing`, on top of any shared
/// augmentation) and paired with its horizontal flip. The class activation maps of both, CAM_c = Σ_k W_{c,k}·F_k over
/// the last feature map F and the classifier's weights W (held constant), should mirror each other: the loss is
/// CE(x, y) + λ·MSE(CAM(x), flip(CAM(flip x))), with λ = 5 as in the official code. Cross
/// entropy sees the unflipped image only; the flip is used for the consistency term alone.
///
/// **Warm start.** EAC's paper fine-tunes a backbone pre-trained on faces, whose activation maps
/// already sit on the face. From scratch, λ = 5 makes flip consistency the cheapest thing to
/// learn (maps that are flat or mirror-symmetric satisfy it whatever the class), and the run stays
/// on the class prior. The loss is therefore cross entropy alone (the stand-in for the
/// pre-training) for at least the first `warmup` share of training and until the network has left
/// the prior (`PriorGate`); EAC's erasing and the consistency term join after, λ rising linearly
/// from λ/k to λ over the k = max(1, `ramp` · epochs) epochs after the warm start (`ramp` = 0
/// applies λ at once), so that a network only just off the prior is not pushed back onto it by
/// a term that flat maps satisfy.
public final class EAC: Module, TrainableClassifier, PriorGated {
    /// The convolutional trunk.
    public let backbone: ResNet18Backbone
    /// The linear classifier, whose weights also make the class activation maps.
    public let head: Linear
    /// Weight λ of the consistency loss.
    public let consistencyWeight: Float
    /// Probability that a training image is erased by EAC's own random erasing.
    public let erasingProbability: Double
    /// Share of training over which λ rises to its full value once the warm start is over.
    public let ramp: Double
    /// Least share of training (from the start) trained with cross entropy alone.
    public let warmup: Double
    /// Plain cross entropy until this opens (see `PriorGate`).
    public var priorGate = PriorGate()

    /// An EAC model for `channels`-channel images and `classes` classes, backbone width `width`.
    public init(channels: Int, classes: Int, width: Int, stemStride: Int = 1, settings: EACConfig = EACConfig(),
                using stream: inout RandomStream) {
        backbone = ResNet18Backbone(channels: channels, width: width, stemStride: stemStride, using: &stream)
        head = Linear(inputs: backbone.featureSize, outputs: classes, using: &stream)
        consistencyWeight = Float(settings.lambda)
        erasingProbability = settings.erasing
        warmup = settings.warmup
        ramp = settings.ramp
    }

    /// The model for a run's context (`model.width`, `model.stem_stride`, `eac.lambda`, `eac.erasing`, `eac.warmup`, `eac.ramp`, `baselines.prior_gate`).
    public convenience init(_ context: ModelContext) {
        var stream = RandomStream(seed: context.seed).split("init")
        self.init(channels: context.channels, classes: context.classes, width: context.config.model.width,
                  stemStride: context.config.model.stemStride, settings: context.config.eac, using: &stream)
        backbone.standardisesInput = context.config.model.standardiseInput
        priorGate = PriorGate(context.config)
    }

    /// Logits of the pooled features, and the features.
    public func classify(_ input: ModelInput) -> ClassifierOutput {
        let features = backbone.features(input.images)
        return ClassifierOutput(logits: head(features), features: features)
    }

    /// Class activation maps `[N, classes, h, w]` of a feature map `[N, D, h, w]`. The classifier's
    /// weights enter as constants, as in the official code: the consistency loss trains the trunk.
    public func classActivationMaps(_ featureMap: Tensor) -> Tensor {
        featureMap.permuted([0, 2, 3, 1]).linear(weight: head.weight.value.detached()).permuted([0, 3, 1, 2])
    }

    /// Images `[N, C, H, W]` in which each sample, with probability `probability`, has one
    /// rectangle of 2–25 % of its area and aspect ratio 0.3–3.3 set to 0 (the normalised mid-grey,
    /// as the official code's torchvision `RandomErasing` does), drawn from `random`.
    public static func randomlyErased(_ images: Tensor, probability: Double, random: inout RandomStream) -> Tensor {
        let (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3])
        var values = images.scalars
        for sample in 0..<n {
            let erases = Double(random.uniform()) < probability
            let area = Float(h * w) * random.uniform(0.02, 0.25)
            let aspect = exp(random.uniform(log(0.3), log(3.3)))
            let height = min(h, max(1, Int((area * aspect).squareRoot().rounded())))
            let width = min(w, max(1, Int((area / aspect).squareRoot().rounded())))
            let top = random.int(in: 0..<(h - height + 1)), left = random.int(in: 0..<(w - width + 1))
            guard erases else { continue }
            for channel in 0..<c {
                for y in top..<(top + height) {
                    let row = ((sample * c + channel) * h + y) * w
                    for x in left..<(left + width) { values[row + x] = 0 }
                }
            }
        }
        return Tensor(shape: images.shape, values: values)
    }

    /// Mirrors `[..., W]` left to right.
    public static func flippedHorizontally(_ x: Tensor) -> Tensor {
        let width = x.shape[x.rank - 1]
        return x.indexSelect(axis: x.rank - 1, indices: Array((0..<width).reversed()))
    }

    /// The consistency loss: mean squared difference between the maps of the images and the
    /// mirrored maps of their flips.
    public static func consistencyLoss(maps: Tensor, mapsOfFlipped: Tensor) -> Tensor {
        Loss.mse(maps, flippedHorizontally(mapsOfFlipped))
    }

    /// Cross entropy on the randomly erased image plus λ times the flip consistency of the class
    /// activation maps; during the warm start, cross entropy alone on the image as given.
    public func trainingStep(_ input: ModelInput, context: StepContext) -> StepOutput {
        guard context.progress >= warmup, let openedAfter = priorGate.openedAfter else {
            let logits = classify(input).logits
            priorGate.count(logits: logits, labels: input.labels)
            return StepOutput(loss: Loss.crossEntropy(logits: logits, labels: input.labels), logits: logits)
        }
        let n = input.count
        var random = context.random
        let images = EAC.randomlyErased(input.images, probability: erasingProbability, random: &random)
        let both = backbone.featureMap(Tensor.concat([images, EAC.flippedHorizontally(images)], axis: 0))
        let featureMap = both.slice(axis: 0, 0..<n), flippedMap = both.slice(axis: 0, n..<(2 * n))
        let logits = head(ResNet18Backbone.pooled(featureMap))
        let consistency = EAC.consistencyLoss(maps: classActivationMaps(featureMap), mapsOfFlipped: classActivationMaps(flippedMap))
        let warmEpochs = max(openedAfter, Int((warmup * Double(context.epochs)).rounded(.up)))
        let rampEpochs = max(1, ramp * Double(context.epochs))
        let weight = consistencyWeight * Float(min(1, Double(context.epoch - warmEpochs + 1) / rampEpochs))
        let loss = Loss.crossEntropy(logits: logits, labels: input.labels) + weight * consistency
        return StepOutput(loss: loss, logits: logits)
    }
}
