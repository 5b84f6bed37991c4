import FaceData
import Foundation
import LLDif
import Tensor

/// Small sizes and data shared by the LLDif tests.
enum Tiny {
    /// A small LLDif on 16 × 16 images (scales 8, 4, 2; windows 4, 4, 2).
    static func config(classes: Int = 7) -> LLDifConfig {
        var c = LLDifConfig()
        // The small E_I, trained in stage 0 with LandmarkNet, as the tests of the stages assume.
        c.imageEncoder = .small
        c.landmarkNetIsPretrained = false
        c.imageSize = 16
        c.width = 4
        c.headsPerLevel = [1, 2, 2]
        c.fusionWidth = 16
        c.fusionHeads = 2
        c.clipWidth = 16
        c.classes = classes
        return c
    }

    /// A tiny low-light SynFER-RAF rendered at `size` pixels.
    static func data(train: Int, test: Int, size: Int = 16, batchSize: Int = 32, augment: Bool = false) throws -> LLDifData {
        var synConfig = SynFERFlavour.synRAF.defaultConfig
        synConfig.splitSizes = [.train: train, .test: test]
        synConfig.size = size
        synConfig.oversample = 2
        let source = LowLightSource(base: SynFER(flavour: .synRAF, seed: 5, config: synConfig), seed: 5)
        let trainLoader = try BatchLoader(dataset: FaceDataset(source: source, split: .train),
                                          config: BatchConfig(batchSize: batchSize, size: size,
                                                              augmentation: augment ? AugmentationConfig() : nil, seed: 3))
        let testLoader = try BatchLoader(dataset: FaceDataset(source: source, split: .test),
                                         config: BatchConfig(batchSize: batchSize, size: size, shuffle: false,
                                                             augmentation: nil, seed: 3))
        return LLDifData(train: trainLoader, evaluation: testLoader)
    }

    /// Random images `[n, channels, side, side]`.
    static func images(_ n: Int, channels: Int = 3, side: Int = 16, seed: UInt64 = 1) -> Tensor {
        var stream = RandomStream(seed: seed)
        return Tensor.normal([n, channels, side, side], using: &stream)
    }

    /// A fresh temporary folder.
    static func folder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lldif-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every parameter value of `model` in path order.
    static func weights(_ model: LLDifModel) -> [String: [Float]] {
        Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.path, $0.variable.value.scalars) })
    }
}

extension LLDifTrainingOptions {
    /// Options for the stage tests: the three stages' epochs and learning rates, no weight decay,
    /// no warm-up, clipping at 1, the paper's λ_kl and τ, no caption dropout.
    static func testing(stage0: (Int, Float), stage1: (Int, Float), stage2: (Int, Float), seed: UInt64 = 0) -> LLDifTrainingOptions {
        func stage(_ s: (Int, Float)) -> StageOptions {
            StageOptions(epochs: s.0, learningRate: s.1, weightDecay: 0, warmupEpochs: 0, clipNorm: 1)
        }
        return LLDifTrainingOptions(stage0: stage(stage0), stage1: stage(stage1), stage2: stage(stage2), captionDropout: 0,
                                    stage2WarmupEpochs: 0, lambdaKL: 1, tau: 1, seed: seed)
    }
}
