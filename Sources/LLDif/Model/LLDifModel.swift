import NN
import Tensor

/// The whole LLDif: the frozen auxiliaries (LA-CLIP, LandmarkNet), PNET_S1 and PNET_S2, the
/// denoiser of the EPD diffusion and the LLformer, in one module tree so one checkpoint holds a
/// stage's state. Which parts train is decided by the stage procedures (see `Stages/`), which
/// freeze the others.
public final class LLDifModel: Module {
    /// Sizes and ablation switches.
    public let config: LLDifConfig
    /// Label-aware CLIP (E_I, E_T), trained in stage 0.
    public let clip: LACLIP
    /// Landmark detector whose feature maps are DLNet's queries, trained in stage 0 or (when
    /// `config.landmarkNetIsPretrained`) the face pretraining's, which no stage trains.
    public let landmarkNet: LandmarkNet
    /// `Z = PNET_S1([E_T(caption), E_I(x)])`, trained in stage 1.
    public let pnetS1: PNET
    /// `c = PNET_S2(E_I(x))`, trained in stage 2.
    public let pnetS2: PNET
    /// The x0-predicting denoiser of the EPD diffusion, trained in stage 2.
    public let denoiser: Denoiser
    /// The classifier, trained in stages 1 and 2.
    public let llformer: LLformer
    /// What `classify(_:)` (the shared harness's evaluation and prediction) runs: the real
    /// inference, or stage 1's oracle for the stage-1 run.
    public var evaluationMode: EvaluationMode = .inference
    /// Seed of the per-sample inference noise.
    public var inferenceSeed: UInt64 = 0
    /// One emotion-only caption per class, in label order, for the `.zeroShot` evaluation.
    public var classCaptions: [String] = []

    /// A freshly initialised model; throws `ModelError.invalidConfig` for sizes that do not fit.
    public init(config: LLDifConfig, seed: UInt64) throws {
        try config.validate()
        self.config = config
        let root = RandomStream(seed: seed)
        var s = root.split("clip")
        clip = LACLIP(config: config, using: &s)
        s = root.split("landmarks")
        landmarkNet = LandmarkNet(config: config, using: &s)
        let d = config.priorDimension
        s = root.split("pnet")
        pnetS1 = PNET(inputs: config.usesCaption ? 2 * config.clipWidth : config.clipWidth, outputs: d, using: &s)
        pnetS2 = PNET(inputs: config.clipWidth, outputs: d, using: &s)
        s = root.split("denoiser")
        denoiser = Denoiser(dimension: d, hidden: config.denoiserHidden > 0 ? config.denoiserHidden : 2 * d,
                            depth: config.denoiserLayers, using: &s)
        s = root.split("llformer")
        llformer = LLformer(config: config, using: &s)
        super.init()
    }

    /// The EPD diffusion over this model's denoiser.
    public var diffusion: EPDDiffusion {
        EPDDiffusion(schedule: NoiseSchedule(steps: config.diffusionSteps, kind: config.diffusionSchedule), denoiser: denoiser,
                     timeInput: config.timeInput)
    }

    /// Checks that `x` is a batch of images of the configured size.
    public func checkImages(_ x: Tensor) throws {
        let expected = [x.shape.first ?? 0, config.imageChannels, config.imageSize, config.imageSize]
        guard x.rank == 4, x.shape == expected else { throw ModelError.shapeMismatch(input: "images", expected: expected, found: x.shape) }
    }

    /// The frozen image embedding `E_I(x)`, computed without gradients: what the stage-1 prior and
    /// the diffusion condition both read, so a step that needs both computes it once.
    public func imageEmbedding(_ x: Tensor) -> Tensor {
        Tensor.withoutGradients { clip.embedImages(x) }
    }

    /// The stage-1 prior `Z_S1 = PNET_S1([E_T(caption), E_I(x)])` (`E_I(x)` only without caption).
    /// The LA-CLIP embeddings are computed without gradients (LA-CLIP is frozen).
    public func stage1Prior(_ x: Tensor, captions: [String]) -> Tensor {
        stage1Prior(embedding: imageEmbedding(x), captions: captions)
    }

    /// The stage-1 prior from the image embedding `E_I(x)` of `imageEmbedding(_:)`.
    public func stage1Prior(embedding image: Tensor, captions: [String]) -> Tensor {
        let embeddings = config.usesCaption
            ? Tensor.concat([Tensor.withoutGradients { clip.embedCaptions(captions) }, image], axis: 1) : image
        return pnetS1(embeddings)
    }

    /// The diffusion condition `c = PNET_S2(E_I(x))`.
    public func condition(_ x: Tensor) -> Tensor {
        condition(embedding: imageEmbedding(x))
    }

    /// The diffusion condition from the image embedding `E_I(x)` of `imageEmbedding(_:)`.
    public func condition(embedding: Tensor) -> Tensor { pnetS2(embedding) }

    /// LandmarkNet's feature maps (frozen: no gradients), or none without DLNet.
    public func landmarkFeatures(_ x: Tensor) -> [Tensor] {
        config.usesDLNet ? Tensor.withoutGradients { landmarkNet.features(x) } : []
    }

    /// The LLformer on `x` with `prior` (nil or ignored without prior modulation).
    public func classify(_ x: Tensor, prior: Tensor?) -> LLformerOutput {
        llformer(x, prior: config.priorModulation ? prior : nil, landmarkFeatures: landmarkFeatures(x))
    }

    /// Stage-1 output: the LLformer driven by the privileged prior Z_S1 (an oracle: the caption names the label).
    public func stage1(_ x: Tensor, captions: [String]) -> LLformerOutput {
        classify(x, prior: config.priorModulation ? stage1Prior(x, captions: captions) : nil)
    }

    /// The stage-2 training pass: the target `Z_S1` (no gradients), the estimate `Ẑ_0` (through all T
    /// reverse steps from `Z_S1` noised by `noise`, or `c` itself without diffusion) and the
    /// LLformer's output on `Ẑ_0`.
    public func stage2Training(_ x: Tensor, captions: [String], noise: Tensor)
        -> (output: LLformerOutput, estimate: Tensor, target: Tensor) {
        let embedding = imageEmbedding(x)
        let target = Tensor.withoutGradients { stage1Prior(embedding: embedding, captions: captions) }
        let c = condition(embedding: embedding)
        let estimate = config.usesDiffusion ? diffusion.trainingEstimate(target: target, condition: c, noise: noise) : c
        return (classify(x, prior: estimate), estimate, target)
    }

    /// Inference without label or caption: `c = PNET_S2(E_I(x))`, T reverse steps from the
    /// per-sample noise of `sampleIDs` (or `c` itself without diffusion), then the LLformer.
    public func predict(_ x: Tensor, sampleIDs: [Int], seed: UInt64) -> LLformerOutput {
        Tensor.withoutGradients { classify(x, prior: estimatedPrior(x, sampleIDs: sampleIDs, start: .noise(seed: seed))) }
    }
}
