import Configuration
import DatasetStore
import FaceData
import LLDif
import NN
import Tensor

// Training steps of the kit's own models at the quick profile's settings, on one real batch of
// low-light syn-raf faces: the work `make paper` spends its time on, measured as the stages and the
// shared loop run it (the model from the registry or LLDifModel, AdamW, gradient clipping).

/// One batch of the quick profile (32 faces of LL-syn-raf at 64 px, the training pipeline's
/// normalisation, no augmentation) and the profile's settings.
struct QuickBatch {
    let settings: ExperimentConfig
    let batch: Batch
    let images: Tensor
    let context: ModelContext

    /// The first training batch of the quick profile (`extra` overrides the profile's settings).
    init(_ extra: [String] = []) throws {
        // Only 32 faces are drawn: the sampled subset's first batch, without rendering the whole split.
        settings = try Profile.quick.config(overriding: ["data.train_count=32", "data.test_count=0"] + extra)
        let (train, _) = try DatasetChoice(dataset: DatasetID(parsing: "ll-syn-raf"), data: settings.data).open()
        let loader = try BatchLoader(dataset: train, config: BatchConfig(
            batchSize: settings.train.batchSize, size: settings.data.imageSize, shuffle: false, dropLast: true,
            seed: UInt64(settings.train.seed), prefetch: 0))
        guard let batch = try loader.epoch(0).nextBatch() else { throw BenchError.noBatch }
        self.batch = batch
        images = Tensor(shape: batch.shape, values: batch.images)
        context = try ModelContext(trainSet: train, config: settings)
    }
}

/// A bench case's setup failed.
enum BenchError: Error, CustomStringConvertible {
    case noBatch

    var description: String { "the quick profile's data gave no batch of 32" }
}

/// One training step of a kit model: the step's loss on the fixed batch, backward, clipping, AdamW.
final class KitStep {
    private let trained: [Variable]
    private let optimizer: AdamW
    private let clipNorm: Float
    private let loss: () throws -> Tensor
    /// The loss of every step run so far.
    private(set) var losses: [Float] = []

    /// FNV-1a of the trained parameters' bits: equal before and after an engine change (and across
    /// thread counts) when the change keeps training bit-identical.
    var parameterHash: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for variable in trained {
            variable.value.withUnsafeBufferPointer { values in
                for value in values { hash = (hash ^ UInt64(value.bitPattern)) &* 0x100_0000_01b3 }
            }
        }
        return String(hash, radix: 16)
    }

    /// A step that trains `trained` of a model on the objective `loss`, with `settings`' optimiser.
    init(trained: [(path: String, variable: Variable)], learningRate: Double, weightDecay: Double, clipNorm: Double,
         loss: @escaping () throws -> Tensor) {
        self.trained = trained.map(\.variable)
        optimizer = AdamW(trained, learningRate: learningRate, weightDecay: weightDecay)
        self.clipNorm = Float(clipNorm)
        self.loss = loss
    }

    func run() {
        do {
            let value = try loss()
            optimizer.zeroGrad()
            value.backward()
            clipGradientNorm(trained, maxNorm: clipNorm)
            optimizer.step()
            losses.append(value.item)
        } catch {
            fatalError("kit step failed: \(error)")
        }
    }

    /// A baseline from the registry (`resnet18`, `poster-lite`) trained by the shared loop's step.
    static func classifier(_ name: String) throws -> KitStep {
        let data = try QuickBatch()
        let model = try ModelRegistry.entry(named: name).build(data.context)
        model.enterTrainingMode()
        let input = ModelInput(data.batch)
        let options = TrainingOptions(data.settings, showProgress: false)
        return KitStep(trained: model.namedParameters(), learningRate: Double(options.learningRate),
                       weightDecay: Double(options.weightDecay), clipNorm: Double(options.clipNorm)) {
            model.trainingStep(input, context: StepContext(epoch: 0, epochs: 1, step: 0, random: RandomStream(seed: 1))).loss
        }
    }

    /// LLDif's stage 0 (LA-CLIP, and LandmarkNet when it is not the face pretraining's) or stage 2 (PNET_S2, denoiser and LLformer, the
    /// auxiliaries frozen in evaluation mode), as `LLDifStages` runs them.
    static func lldif(stage: Int) throws -> KitStep {
        let data = try QuickBatch()
        let model = try LLDifModel(config: LLDifConfig(context: data.context), seed: data.context.seed)
        let trained = stage == 0 ? LLDifStages.stage0Trained(model)
            : model.namedParameters().filter { entry in ["pnetS2.", "denoiser.", "llformer."].contains { entry.path.hasPrefix($0) } }
        for variable in model.parameters() { variable.requiresGrad = false }
        for (_, variable) in trained { variable.requiresGrad = true }
        model.train()
        if stage != 0 { model.clip.eval(); model.landmarkNet.eval() }
        let options = LLDifTrainingOptions(config: data.settings, shared: TrainingOptions(data.settings, showProgress: false))
        let stageOptions = stage == 0 ? options.stage0 : options.stage2
        let (batch, x) = (data.batch, data.images)
        var stream = RandomStream(seed: 7)
        return KitStep(trained: trained, learningRate: Double(stageOptions.learningRate),
                       weightDecay: Double(stageOptions.weightDecay), clipNorm: Double(stageOptions.clipNorm)) {
            if stage == 0 { return try LLDifStages.stage0Loss(model, batch: batch, images: x) }
            let noise = Tensor.normal([x.shape[0], model.config.priorDimension], using: &stream)
            let pass = model.stage2Training(x, captions: batch.labelAwareCaptions, noise: noise)
            return Loss.crossEntropy(logits: pass.output.logits, labels: batch.labels)
                + EPDDiffusion.klLoss(target: pass.target, estimate: pass.estimate, temperature: options.tau)
                * options.lambdaKL
        }
    }
}
