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

extension LLDifModel {
    /// The EPD inference uses: T reverse steps from the per-sample noise of `sampleIDs` conditioned on
    /// `c = PNET_S2(E_I(x))`, or `c` itself without diffusion.
    public func estimatedPrior(_ x: Tensor, sampleIDs: [Int], seed: UInt64) -> Tensor {
        estimatedPrior(condition: Tensor.withoutGradients { condition(x) }, sampleIDs: sampleIDs, seed: seed)
    }

    /// The EPD inference uses given the condition `c` already computed.
    func estimatedPrior(condition c: Tensor, sampleIDs: [Int], seed: UInt64) -> Tensor {
        Tensor.withoutGradients {
            config.usesDiffusion
                ? diffusion.sample(condition: c, noise: EPDDiffusion.noise(for: sampleIDs, dimension: config.priorDimension, seed: seed))
                : c
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
            pairs.stage1 += Tensor.withoutGradients { stage1Prior(x, captions: batch.labelAwareCaptions) }.scalars
            let c = Tensor.withoutGradients { condition(x) }
            pairs.condition += c.scalars
            pairs.stage2 += estimatedPrior(condition: c, sampleIDs: batch.indices, seed: seed).scalars
            pairs.labels += batch.labels
        }
        return pairs
    }
}
