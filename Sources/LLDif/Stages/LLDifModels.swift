import Configuration
import FaceData
import NN
import Foundation
import Tensor

/// LLDif's entries in the model registry. `lldif-stage1` is stages 0 and 1 (LA-CLIP, LandmarkNet,
/// then PNET_S1 + LLformer); its accuracy is the stage-1 *oracle* (PNET_S1 reads the caption that
/// names the label), never a result. `lldif` is stage 2 started from the `lldif-stage1` run with the
/// same data and stage-1 settings, so runs that differ only in stage-2 settings (diffusion steps,
/// λ_kl, τ, the no-diffusion ablation) share one stage-1 run. Its accuracy is the real inference's.
/// Ablations are settings (`--set ablation.diffusion=false`, ...), see `LLDifConfig(context:)`.
public let lldifModels: [ModelEntry] = [
    ModelEntry(.lldifStage1, revision: 2,
               summary: "LLDif stages 0-1 (LA-CLIP, LandmarkNet, PNET_S1 + LLformer); its accuracy is an oracle",
               reads: LLDifRun.stage1Settings, pretrainableTrunk: { $0.lldif.model.imageEncoder == .resnet18 || $0.ablation.dlnet },
               checkSettings: LLDifConfig.checkSizes,
               build: { context in
                   let model = try LLDifModel(config: LLDifConfig(context: context), seed: context.seed)
                   model.evaluationMode = .oracle
                   return model
               },
               train: { job, entry in try LLDifRun.trainStage1(job, entry) }),
    ModelEntry(.lldif, revision: 2,
               summary: "LLDif: EPD diffusion estimates the prior from the low-light image (stage 2 on lldif-stage1)",
               reads: ["lldif", "diffusion", "ablation", "pretrain"], prerequisites: [.lldifStage1], checkSettings: LLDifConfig.checkSizes,
               build: { context in
                   let model = try LLDifModel(config: LLDifConfig(context: context), seed: context.seed)
                   model.inferenceSeed = context.seed
                   return model
               },
               train: { job, entry in try LLDifRun.trainStage2(job, entry) }),
]

/// The training procedures behind LLDif's registry entries, on the shared harness's jobs.
enum LLDifRun {
    /// What stages 0 and 1 read besides the data, the shared loop and the width: LLDif's sizes, the
    /// two stages' options and the ablations that change stage 1.
    static let stage1Settings = ["lldif.model", "lldif.stage0", "lldif.stage1",
                                 "ablation.prior_modulation", "ablation.dlnet", "ablation.caption"]

    /// The batches of a job: the shared loop's training pipeline and the evaluation pipeline.
    static func data(_ job: TrainingJob) throws -> LLDifData {
        let o = job.options
        let train = try BatchLoader(dataset: job.trainSet, config: BatchConfig(
            batchSize: o.batchSize, size: o.imageSize, shuffle: true, dropLast: true, augmentation: o.augmentation,
            seed: o.seed, prefetch: 2))
        let evaluation = try BatchLoader(dataset: job.evaluationSet, config: Evaluator.evaluationConfig(imageSize: o.imageSize))
        return LLDifData(train: train, evaluation: evaluation)
    }

    /// A reporter that writes each stage epoch to the job's log (epochs numbered across the
    /// stages of the run, the stage named in the record) and shows progress.
    static func reporter(_ job: TrainingJob, options: LLDifTrainingOptions) -> StageReporter {
        let offsets: [LLDifStage: Int] = [
            .stage0: 0, .stage1: options.stage0.epochs, .stage2Warmup: 0, .stage2: options.stage2WarmupEpochs,
        ]
        var progress = ProgressLine(enabled: job.options.showProgress)
        return StageReporter(epochFinished: { r in
            progress.finish()
            try job.log(EpochReport(epoch: (offsets[r.stage] ?? 0) + r.epoch + 1, loss: r.loss, trainAccuracy: r.trainAccuracy ?? 0,
                                    valAccuracy: r.validationAccuracy, learningRate: r.learningRate,
                                    wallSeconds: r.seconds, stage: r.stage.rawValue))
        }, progress: { stage, epoch, done, total in
            progress.show("\(stage.rawValue) epoch \(epoch + 1) \(ProgressLine.bar(done, of: total)) \(done)/\(total)")
        })
    }

    /// Stages 0 and 1 in the job's folder; the final model goes to the job's checkpoint.
    static func trainStage1(_ job: TrainingJob, _ entry: ModelEntry) throws -> (any TrainableClassifier, Trainer.Outcome) {
        guard let model = try entry.build(job.context) as? LLDifModel else { throw ModelError.missingInput("lldif-stage1 builds an LLDifModel") }
        let options = LLDifTrainingOptions(config: job.context.config, shared: job.options)
        let data = try data(job)
        let reporter = reporter(job, options: options)
        try entry.loadFacePretrainingIfUsed(into: model, job: job)
        try LLDifStages.stage0(model, data: data, options: options, folder: job.folder, reporter: reporter)
        try LLDifStages.stage1(model, data: data, options: options, folder: job.folder, reporter: reporter)
        try model.save(to: job.checkpointURL, metadata: ["stages": "0,1"])
        let evaluation = try Evaluator.evaluate(model, on: job.evaluationSet, imageSize: job.options.imageSize)
        return (model, Trainer.Outcome(records: [], evaluation: evaluation, resumedFromEpoch: 0))
    }

    /// Stage 2 in the job's folder, starting from the `lldif-stage1` run (obtained through
    /// `job.prerequisite`, or trained in a `stage1` subfolder when there is no run store).
    static func trainStage2(_ job: TrainingJob, _ entry: ModelEntry) throws -> (any TrainableClassifier, Trainer.Outcome) {
        guard let model = try entry.build(job.context) as? LLDifModel else { throw ModelError.missingInput("lldif builds an LLDifModel") }
        let options = LLDifTrainingOptions(config: job.context.config, shared: job.options)
        let data = try data(job)
        let stage1Weights: URL
        if let prerequisite = job.prerequisite {
            stage1Weights = try prerequisite(.lldifStage1).appendingPathComponent("checkpoint.safetensors")
        } else {
            let reporter = reporter(job, options: options)
            // Throws when stage 1 starts from the face pretraining: there is no run store to obtain it from.
            try ModelRegistry.entry(.lldifStage1).loadFacePretrainingIfUsed(into: model, job: job)
            let folder = job.folder.appendingPathComponent("stage1")
            try LLDifStages.stage0(model, data: data, options: options, folder: folder, reporter: reporter)
            try LLDifStages.stage1(model, data: data, options: options, folder: folder, reporter: reporter)
            stage1Weights = folder.appendingPathComponent("stage1.safetensors")
        }
        try model.loadStage1(from: stage1Weights)
        try LLDifStages.stage2(model, data: data, options: options, folder: job.folder, reporter: reporter(job, options: options))
        try model.save(to: job.checkpointURL, metadata: ["stages": "0,1,2"])
        let evaluation = try Evaluator.evaluate(model, on: job.evaluationSet, imageSize: job.options.imageSize)
        return (model, Trainer.Outcome(records: [], evaluation: evaluation, resumedFromEpoch: 0))
    }
}

extension LLDifModel {
    /// Loads the parts stages 0 and 1 trained (LA-CLIP, LandmarkNet, PNET_S1, LLformer) from a
    /// stage-1 model file; PNET_S2 and the denoiser keep their fresh initialisation. Throws when a
    /// part's tensors are missing or misshapen (a stage-1 run of another configuration).
    public func loadStage1(from url: URL) throws {
        let stored = upgradingLegacyEntries(try SafeTensorsFile(contentsOf: url).allTensors())
        let prefixes = ["clip.", "landmarkNet.", "pnetS1.", "llformer."]
        var state = self.state()
        for key in state.keys where prefixes.contains(where: key.hasPrefix) {
            guard let value = stored[key] else {
                throw ModelError.missingInput("stage-1 weights \(url.path) lack \(key)")
            }
            state[key] = value
        }
        try load(state: state, source: url.path)
    }
}
