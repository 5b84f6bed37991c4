import FaceData
import Tensor

/// The stage-1 EPD (the target, from the caption that names the label), the stage-2 EPD (what
/// inference estimates from the image alone) and the denoiser's condition c = PNET_S2(E_I(x)) of the
/// same images, row-major `[count, dimension]`: what the report compares to say whether stage 2
/// approximates stage 1, and whether the diffusion brings the estimate closer than c alone.
public struct PriorPairs: Sendable {
    /// Z_S1 of each image, row-major.
    public var stage1: [Float]
    /// The inference estimate Ẑ_0 (or c without diffusion) of each image, row-major.
    public var stage2: [Float]
    /// The condition c = PNET_S2(E_I(x)) of each image, row-major: the no-diffusion variant's EPD.
    public var condition: [Float]
    /// D, the EPD's length.
    public var dimension: Int
    /// The images' labels, in order.
    public var labels: [Int]
}

/// Where the reverse chain of the EPD diffusion starts at evaluation.
public enum PriorStart: Sendable, Equatable {
    /// Z_T ~ N(0, I), drawn per sample from the seed and the sample's index: the real inference.
    case noise(seed: UInt64)
    /// Z_T = 0, the noise distribution's mean.
    case zero
    /// The input stage 2 trained on, `√ᾱ_T · Z_S1 + √(1−ᾱ_T) · ε` with ε per sample from the seed: a
    /// diagnostic that reads the label-aware caption (through Z_S1), never a result.
    case trainingInput(seed: UInt64)
}

extension PriorStart: CustomStringConvertible {
    /// `noise seed S`, `zero` or `training input seed S`: how caches of evaluations name the start.
    public var description: String {
        switch self {
        case .noise(let seed): return "noise seed \(seed)"
        case .zero: return "zero"
        case .trainingInput(let seed): return "training input seed \(seed)"
        }
    }
}

extension LLDifModel {
    /// The EPD estimated from `x`: T reverse steps from `start` conditioned on `c = PNET_S2(E_I(x))`,
    /// or `c` itself without diffusion. `labelAwareCaptions` are read only by `.trainingInput`.
    public func estimatedPrior(_ x: Tensor, sampleIDs: [Int], start: PriorStart, labelAwareCaptions: [String] = []) -> Tensor {
        estimatedPrior(x, condition: Tensor.withoutGradients { condition(x) }, sampleIDs: sampleIDs, start: start,
                       labelAwareCaptions: labelAwareCaptions)
    }

    /// The EPD estimated from `x` given its condition `c` already computed.
    func estimatedPrior(_ x: Tensor, condition c: Tensor, sampleIDs: [Int], start: PriorStart, labelAwareCaptions: [String]) -> Tensor {
        Tensor.withoutGradients {
            guard config.usesDiffusion else { return c }
            let d = config.priorDimension
            switch start {
            case .noise(let seed):
                return diffusion.sample(condition: c, noise: EPDDiffusion.noise(for: sampleIDs, dimension: d, seed: seed))
            case .zero:
                return diffusion.sample(condition: c, noise: Tensor.zeros([x.shape[0], d]))
            case .trainingInput(let seed):
                return diffusion.sampleFromTrainingInput(target: stage1Prior(x, captions: labelAwareCaptions), condition: c,
                                                         noise: EPDDiffusion.noise(for: sampleIDs, dimension: d, seed: seed))
            }
        }
    }

    /// Both EPDs of every image of `loader`, in its order, with inference noise drawn from `seed`.
    public func priorPairs(_ loader: BatchLoader, seed: UInt64) throws -> PriorPairs {
        eval()
        defer { train() }
        var pairs = PriorPairs(stage1: [], stage2: [], condition: [], dimension: config.priorDimension, labels: [])
        let stream = loader.epoch(0)
        while let batch = try stream.nextBatch() {
            let x = Tensor(shape: batch.shape, values: batch.images)
            try checkImages(x)
            let embedding = imageEmbedding(x)
            pairs.stage1 += Tensor.withoutGradients { stage1Prior(embedding: embedding, captions: batch.labelAwareCaptions) }.scalars
            let c = Tensor.withoutGradients { condition(embedding: embedding) }
            pairs.condition += c.scalars
            pairs.stage2 += estimatedPrior(x, condition: c, sampleIDs: batch.indices, start: .noise(seed: seed), labelAwareCaptions: []).scalars
            pairs.labels += batch.labels
        }
        return pairs
    }
}
