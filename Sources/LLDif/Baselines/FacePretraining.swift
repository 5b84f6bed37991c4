import Configuration
import FaceData
import Foundation
import NN
import Tensor

/// A model whose convolutional trunk can be the width-scaled ResNet-18, so it can start from the
/// `face-pretrain` run's trunk (ResNet-18, SCN, RUL, EAC and POSTER-lite's image stream, as their
/// papers start from a face-pretrained network; LLDif's E_I, as the paper's starts from CLIP's),
/// and perhaps from its landmark detector (POSTER-lite's landmark stream, LLDif's LandmarkNet).
public protocol FacePretrainableTrunk: AnyObject {
    /// The trunk the pretrained weights go into (nil when the model is built without one: LLDif's
    /// small E_I).
    var pretrainableTrunk: ResNet18Backbone? { get }
    /// The landmark network the pretrained detector goes into (nil: the model takes none).
    var pretrainableLandmarkNet: LandmarkNet? { get }
}

extension FacePretrainableTrunk {
    /// No landmark network from the pretraining.
    public var pretrainableLandmarkNet: LandmarkNet? { nil }
}

extension ResNet18Classifier: FacePretrainableTrunk { public var pretrainableTrunk: ResNet18Backbone? { backbone } }
extension SCN: FacePretrainableTrunk { public var pretrainableTrunk: ResNet18Backbone? { backbone } }
extension RUL: FacePretrainableTrunk { public var pretrainableTrunk: ResNet18Backbone? { backbone } }
extension EAC: FacePretrainableTrunk { public var pretrainableTrunk: ResNet18Backbone? { backbone } }
extension LLDifModel: FacePretrainableTrunk {
    /// E_I's trunk when it is the ResNet-18.
    public var pretrainableTrunk: ResNet18Backbone? { clip.imageEncoder.trunk }
    /// LandmarkNet, when DLNet reads it and it is the pretrained detector.
    public var pretrainableLandmarkNet: LandmarkNet? { config.usesDLNet && config.landmarkNetIsPretrained ? landmarkNet : nil }
}

/// The face pretraining (`face-pretrain`): the width-scaled ResNet-18 trained by the shared loop
/// on identity classification (plus landmark regression with `pretrain.landmark_weight` > 0), and
/// beside it POSTER-lite's landmark detector on landmark heatmaps (`FacePretrainingNetwork`), over `syn-faces` (`FacePretrainingCorpus`) for `pretrain.epochs`
/// at `pretrain.learning_rate`; batch size, augmentation, weight decay and clipping are the
/// profile's `train.*`. Its runs read only `pretrain.*`, `model.*` and `data.image_size`, so one
/// run serves every dataset and training seed of a profile.
public enum FacePretraining {
    /// The prefix of the trunk's tensors in the run's checkpoint (the shared loop's
    /// `TrainingCheckpoint`, which keeps the model under `model.`).
    public static let trunkPrefix = TrainingCheckpoint.modelPrefix + "backbone."

    /// The registry entry.
    public static let entry = ModelEntry(
        .facePretrain, revision: 2,
        summary: "face pretraining: ResNet-18 trunk on identities and landmarks, and a landmark detector, over syn-faces (no expression labels)",
        reads: ["pretrain.epochs", "pretrain.learning_rate", "pretrain.landmark_weight", "data.image_size", "model"], common: [],
        fixedDataset: .pretrainingCorpus,
        build: { FacePretrainingNetwork($0, landmarks: $0.landmarkCount) },
        train: { job, entry in
            var job = job
            let pretrain = job.context.config.pretrain
            job.options.epochs = pretrain.epochs
            job.options.learningRate = Float(pretrain.learningRate)
            return try ModelEntry.sharedLoop(job, entry)
        })

    /// The prefix of the landmark detector's tensors in the run's checkpoint.
    public static let landmarkNetPrefix = TrainingCheckpoint.modelPrefix + "landmarkNet."

    /// Loads the trunk of the model file at `url` (a `face-pretrain` checkpoint) into `trunk`,
    /// batch-norm statistics included. A grayscale trunk gets the stem's weights summed over the
    /// three colour channels, which is the RGB network applied to the gray image repeated in R, G
    /// and B. A trunk of fewer stages takes the first ones. Throws naming the parameter and both
    /// shapes when the architectures differ.
    public static func loadTrunk(into trunk: ResNet18Backbone, from url: URL) throws {
        try load(into: trunk, prefix: trunkPrefix, from: url)
    }

    /// Loads the landmark detector of the `face-pretrain` checkpoint at `url` into `net`, its first
    /// convolution summed over the colour channels for grayscale input, as `loadTrunk` does.
    public static func loadLandmarkNet(into net: LandmarkNet, from url: URL) throws {
        try load(into: net, prefix: landmarkNetPrefix, from: url)
    }

    /// Loads every tensor of `module` from the tensors under `prefix` in the face-pretrain model
    /// file at `url`, adapting a colour stem to gray input.
    private static func load(into module: Module, prefix: String, from url: URL) throws {
        try PrefixedWeights.load(into: module, prefix: prefix, from: url, source: "the face-pretrain run's weights",
                                 adapt: grayscaleStem)
    }

    /// A 3-channel convolution weight `[out, 3, k, k]` summed over its input channels into the
    /// `[out, 1, k, k]` that `expected` asks for; nil for any other pair of shapes.
    static func grayscaleStem(_ weight: StoredTensor, expected: [Int]) -> StoredTensor? {
        let shape = weight.shape
        guard shape.count == 4, expected.count == 4, shape[1] == 3, expected[1] == 1,
              shape[0] == expected[0], shape[2] == expected[2], shape[3] == expected[3] else { return nil }
        let plane = shape[2] * shape[3]
        var summed = [Float](repeating: 0, count: shape[0] * plane)
        for o in 0..<shape[0] {
            for c in 0..<3 {
                for j in 0..<plane { summed[o * plane + j] += weight.values[(o * 3 + c) * plane + j] }
            }
        }
        return StoredTensor(shape: expected, values: summed)
    }
}
