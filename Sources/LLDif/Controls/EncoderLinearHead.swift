import Configuration
import Foundation
import NN
import Tensor

/// Chapter 04's control "E_I + linear head": LLDif without the LLformer and without the diffusion.
/// E_I is LLDif's image encoder as its stage 0 left it (loaded from the `lldif-stage1` run of the
/// same data, settings and seed) and stays frozen, in evaluation mode, as it is in LLDif's stages 1
/// and 2. A linear head on the L2-normalised embedding E_I(x), the vector LLDif's prior path reads,
/// is the only part trained, by the shared loop for `train.epochs`. What LLDif scores above this
/// control is what its LLformer and diffusion add to the features they are given.
public final class EncoderLinearHead: Module, TrainableClassifier {
    /// E_I, frozen.
    public let imageEncoder: ImageEncoder
    /// The linear classifier on E_I(x).
    public let head: Linear

    /// The control for a run's context (E_I's sizes as LLDif's with the same settings).
    public init(_ context: ModelContext) throws {
        let config = try LLDifConfig(context: context)
        var stream = RandomStream(seed: context.seed).split("init")
        imageEncoder = ImageEncoder(config: config, using: &stream)
        head = Linear(inputs: config.clipWidth, outputs: context.classes, using: &stream)
        super.init()
        imageEncoder.freeze()
    }

    /// E_I stays in evaluation mode while the shared loop trains the head, so that its batch norm
    /// keeps, and uses, stage 0's statistics.
    public var frozenParts: [Module] { [imageEncoder] }

    /// Logits of the head and the embedding E_I(x).
    public func classify(_ input: ModelInput) -> ClassifierOutput {
        let embedding = Tensor.withoutGradients { imageEncoder(input.images).l2Normalized(axis: 1) }
        return ClassifierOutput(logits: head(embedding), features: embedding)
    }

    /// The prefix of E_I's tensors in an `lldif-stage1` model file.
    public static let stage1Prefix = "clip.imageEncoder."

    /// Loads E_I from the `lldif-stage1` model file at `url`; throws naming the parameter and both
    /// shapes when that run's E_I is of another architecture.
    public func loadEncoder(fromStage1 url: URL) throws {
        try PrefixedWeights.load(into: imageEncoder, prefix: Self.stage1Prefix, from: url, source: "the lldif-stage1 run's weights")
    }

    /// The registry entry: it reads what LLDif's stages 0 and 1 read, so that it finds the stage-1
    /// run LLDif's stage 2 starts from.
    public static let entry = ModelEntry(
        .encoderLinearHead, revision: 1,
        summary: "Control: LLDif's stage-0 E_I, frozen, and a linear head (no LLformer, no diffusion)",
        reads: LLDifRun.stage1Settings, prerequisites: [.lldifStage1], checkSettings: LLDifConfig.checkSizes,
        build: { context in try EncoderLinearHead(context) },
        train: { job, entry in
            guard let control = try entry.build(job.context) as? EncoderLinearHead else {
                throw TrainingError.invalid("ei-linear builds an EncoderLinearHead")
            }
            guard let prerequisite = job.prerequisite else {
                throw TrainingError.invalid("ei-linear starts from an lldif-stage1 run: train it through a run store (lldif train, make runs)")
            }
            try control.loadEncoder(fromStage1: prerequisite(.lldifStage1).appendingPathComponent("checkpoint.safetensors"))
            let trainer = Trainer(model: control, trainSet: job.trainSet, evaluationSet: job.evaluationSet,
                                  options: job.options, checkpointURL: job.checkpointURL)
            return (control, try trainer.run(log: job.log))
        })
}
