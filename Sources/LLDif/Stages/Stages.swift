import FaceData
import Foundation
import NN
import Tensor

/// The three training stages of LLDif (shared/spec/method.md), each a procedure over an
/// `LLDifModel`, its data and a folder for its checkpoints. Each freezes what it does not train,
/// resumes from its last checkpoint and, once finished, is loaded from its final weights instead of
/// being retrained.
public enum LLDifStages {
    /// Stage 0: LA-CLIP (label-aware InfoNCE over (image, label-aware caption) pairs) and
    /// LandmarkNet (heatmap regression), trained together on the training split, frozen after. A
    /// LandmarkNet from the face pretraining (`config.landmarkNetIsPretrained`) is not trained.
    public static func stage0(_ model: LLDifModel, data: LLDifData, options: LLDifTrainingOptions,
                              folder: URL, reporter: StageReporter = StageReporter()) throws {
        try StageLoop(stage: .stage0, model: model, trained: stage0Trained(model), options: options.stage0, loader: data.train,
                      folder: folder, seed: options.seed, reporter: reporter).run(step: { batch, x, _ in
            StepResult(loss: try stage0Loss(model, batch: batch, images: x), correct: nil)
        }, validate: nil)
    }

    /// The parameters stage 0 trains: LA-CLIP's, and LandmarkNet's unless it comes from the face
    /// pretraining (or DLNet is ablated).
    public static func stage0Trained(_ model: LLDifModel) -> [(path: String, variable: Variable)] {
        prefixed(model, trainsLandmarkNet(model) ? ["clip.", "landmarkNet."] : ["clip."])
    }

    /// Stage 0's loss on one batch: LA-CLIP's label-aware InfoNCE, plus LandmarkNet's heatmap loss
    /// when stage 0 trains it.
    public static func stage0Loss(_ model: LLDifModel, batch: Batch, images x: Tensor) throws -> Tensor {
        try model.checkImages(x)
        let loss = model.clip.loss(images: x, captions: batch.labelAwareCaptions, labels: batch.labels)
        guard trainsLandmarkNet(model) else { return loss }
        guard let landmarks = batch.landmarks, batch.landmarkCount == model.config.landmarks else {
            throw ModelError.missingInput("stage 0 needs \(model.config.landmarks) landmarks per sample, the batch has \(batch.landmarkCount)")
        }
        return loss + model.landmarkNet.loss(images: x, landmarks: landmarks)
    }

    private static func trainsLandmarkNet(_ model: LLDifModel) -> Bool {
        model.config.usesDLNet && !model.config.landmarkNetIsPretrained
    }

    /// Stage 1: PNET_S1 and the LLformer end to end with cross entropy, the LLformer modulated by
    /// `Z = PNET_S1([E_T(caption), E_I(x)])`. With `options.captionDropout` > 0 that share of the
    /// samples (drawn per sample from the epoch's stream) get their label-free caption instead. Its
    /// accuracy is an oracle (the caption names the label).
    public static func stage1(_ model: LLDifModel, data: LLDifData, options: LLDifTrainingOptions,
                              folder: URL, reporter: StageReporter = StageReporter()) throws {
        let trained = prefixed(model, ["pnetS1.", "llformer."])
        try StageLoop(stage: .stage1, model: model, trained: trained, options: options.stage1, loader: data.train,
                      folder: folder, seed: options.seed, reporter: reporter, frozenParts: [model.clip, model.landmarkNet]).run(step: { batch, x, stream in
            try model.checkImages(x)
            let captions = stage1Captions(batch, captionDropout: options.captionDropout, using: &stream)
            let logits = model.stage1(x, captions: captions).logits
            return StepResult(loss: Loss.crossEntropy(logits: logits, labels: batch.labels),
                              correct: correctCount(logits, labels: batch.labels))
        }, validate: options.validatesEveryEpoch ? {
            try model.evaluate(data.evaluation, mode: .oracle, seed: options.seed).accuracy
        } : nil)
    }

    /// Stage 2: the prior is estimated from the low-light image alone. An optional warm-up trains
    /// PNET_S2 and the denoiser on `L_kl + L1(Ẑ_0, Z_S1)`; then PNET_S2, the denoiser and the LLformer
    /// (starting from stage 1's weights) train jointly on `L_ce + λ_kl · L_kl (+ λ_L1 · L1(Ẑ_0, Z_S1),
    /// DiffIR's term, when `diffusion.lambda_l1` > 0)`. PNET_S1 and the
    /// auxiliaries stay frozen. The reported accuracy is the real inference's.
    public static func stage2(_ model: LLDifModel, data: LLDifData, options: LLDifTrainingOptions,
                              folder: URL, reporter: StageReporter = StageReporter()) throws {
        let d = model.config.priorDimension
        let tau = options.tau
        let validate: (() throws -> Double)? = options.validatesEveryEpoch
            ? { try model.evaluate(data.evaluation, mode: .inference, seed: options.seed).accuracy } : nil
        if options.stage2WarmupEpochs > 0 {
            var warmup = options.stage2
            warmup.epochs = options.stage2WarmupEpochs
            warmup.warmupEpochs = 0
            try StageLoop(stage: .stage2Warmup, model: model, trained: prefixed(model, ["pnetS2.", "denoiser."]),
                          options: warmup, loader: data.train, folder: folder, seed: options.seed,
                          reporter: reporter, frozenParts: [model.clip, model.landmarkNet]).run(step: { batch, x, stream in
                try model.checkImages(x)
                let embedding = model.imageEmbedding(x)
                let target = Tensor.withoutGradients { model.stage1Prior(embedding: embedding, captions: batch.labelAwareCaptions) }
                let c = model.condition(embedding: embedding)
                let estimate = model.config.usesDiffusion
                    ? model.diffusion.trainingEstimate(target: target, condition: c,
                                                       noise: Tensor.normal([x.shape[0], d], using: &stream))
                    : c
                let loss = EPDDiffusion.klLoss(target: target, estimate: estimate, temperature: tau) + Loss.l1(estimate, target)
                return StepResult(loss: loss, correct: nil)
            }, validate: nil)
        }
        try StageLoop(stage: .stage2, model: model, trained: prefixed(model, ["pnetS2.", "denoiser.", "llformer."]),
                      options: options.stage2, loader: data.train, folder: folder, seed: options.seed,
                      reporter: reporter, frozenParts: [model.clip, model.landmarkNet]).run(step: { batch, x, stream in
            try model.checkImages(x)
            let noise = Tensor.normal([x.shape[0], d], using: &stream)
            let pass = model.stage2Training(x, captions: batch.labelAwareCaptions, noise: noise)
            var loss = Loss.crossEntropy(logits: pass.output.logits, labels: batch.labels)
            if options.lambdaKL > 0 {
                loss = loss + EPDDiffusion.klLoss(target: pass.target, estimate: pass.estimate, temperature: tau) * options.lambdaKL
            }
            if options.lambdaL1 > 0 {
                loss = loss + Loss.l1(pass.estimate, pass.target) * options.lambdaL1
            }
            return StepResult(loss: loss, correct: correctCount(pass.output.logits, labels: batch.labels))
        }, validate: validate)
    }

    /// The captions stage 1 gives PNET_S1: the batch's label-aware captions, each replaced by the
    /// sample's label-free caption with probability `captionDropout` (one uniform draw per sample
    /// from `stream`, drawn whatever the rate, so the stream's use does not depend on it).
    public static func stage1Captions(_ batch: Batch, captionDropout: Float, using stream: inout RandomStream) -> [String] {
        (0..<batch.count).map { i in
            stream.uniform() < captionDropout ? batch.captions[i] : batch.labelAwareCaptions[i]
        }
    }

    /// The named parameters of `model` whose paths start with one of `prefixes`.
    static func prefixed(_ model: LLDifModel, _ prefixes: [String]) -> [(path: String, variable: Variable)] {
        model.namedParameters().filter { entry in prefixes.contains { entry.path.hasPrefix($0) } }
    }
}
