import Configuration
import FaceData
import Foundation

/// What a model's constructor needs to know about the data and settings of its run.
public struct ModelContext: Sendable {
    /// Number of classes.
    public var classes: Int
    /// Input channels (1 or 3).
    public var channels: Int
    /// Side of the square input in pixels.
    public var imageSize: Int
    /// Number of training samples (methods that keep per-sample state, such as SCN, size it by this).
    public var trainCount: Int
    /// Landmarks per sample in the data (0 when the data has none).
    public var landmarkCount: Int
    /// The classes' names, in label order (empty when the context was built from its parts without them).
    public var classNames: [String]
    /// The run's configuration (only the parts its model reads differ from the profile's values;
    /// see `ModelEntry.reads`).
    public var config: ExperimentConfig

    /// A context from its parts.
    public init(classes: Int, channels: Int, imageSize: Int, trainCount: Int, landmarkCount: Int = 0,
                classNames: [String] = [], config: ExperimentConfig) {
        self.classes = classes
        self.landmarkCount = landmarkCount
        self.classNames = classNames
        self.channels = channels
        self.imageSize = imageSize
        self.trainCount = trainCount
        self.config = config
    }

    /// Seed of the initialisation (`train.seed`).
    public var seed: UInt64 { UInt64(config.train.seed) }

    /// The context of a run on `trainSet` with `config` (input size from `data.image_size`; channels
    /// and landmarks from the dataset's first sample).
    public init(trainSet: FaceDataset, config: ExperimentConfig) throws {
        let first = try trainSet.sample(0)
        self.init(classes: trainSet.classNames.count, channels: first.image.channels,
                  imageSize: config.data.imageSize, trainCount: trainSet.count,
                  landmarkCount: first.landmarks.count, classNames: trainSet.classNames, config: config)
    }
}

/// Everything a training procedure needs: the model's context, the data, the loop settings,
/// the run folder and where each epoch's record goes.
public struct TrainingJob {
    /// The model's context.
    public var context: ModelContext
    /// The training split.
    public var trainSet: FaceDataset
    /// The held-out split.
    public var evaluationSet: FaceDataset
    /// The shared loop's settings.
    public var options: TrainingOptions
    /// The run's folder (checkpoints go here).
    public var folder: URL
    /// Receives each epoch's record.
    public var log: EpochLogger
    /// The folder of the finished run of another registered model on the same data and settings,
    /// trained first when needed (the `lldif` command obtains it from the run store). Chained
    /// procedures use it: LLDif's stage 2 starts from its stage-1 run. Nil outside a run store.
    public var prerequisite: ((ModelID) throws -> URL)?

    /// A job from its parts.
    public init(context: ModelContext, trainSet: FaceDataset, evaluationSet: FaceDataset, options: TrainingOptions,
                folder: URL, log: @escaping EpochLogger) {
        self.context = context
        self.trainSet = trainSet
        self.evaluationSet = evaluationSet
        self.options = options
        self.folder = folder
        self.log = log
    }

    /// The checkpoint file of the run (`checkpoint.safetensors` in its folder): the trained model
    /// that `lldif eval` and `lldif predict` load.
    public var checkpointURL: URL { folder.appendingPathComponent("checkpoint.safetensors") }
}

/// A model `lldif train --model NAME` can train: its identity, code revision, which settings its
/// runs read, how to build it, and how to train it.
public struct ModelEntry: Sendable {
    /// The model.
    public var id: ModelID
    /// Bumped whenever the model's code changes meaning, so old runs are not reused.
    public var revision: Int
    /// One line for `--help` and listings.
    public var summary: String
    /// The sections and settings of the configuration its runs read (dotted key paths, such as
    /// `scn` or `ablation.dlnet`), besides `ModelEntry.common`. Only these enter a run's identity;
    /// every other setting is held at the profile's value, so it cannot change the run.
    public var reads: [String]
    /// Other models whose finished runs (same data and settings) this model's training starts from,
    /// whatever the configuration (`prerequisites(for:)` adds the face pretraining).
    public var fixedPrerequisites: [ModelID]
    /// Whether a run with a configuration has a trunk that starts from the `face-pretrain` run when
    /// `pretrain.backbone = face` (the methods whose papers fine-tune a face-pretrained network;
    /// LLDif when its E_I is the ResNet-18 trunk).
    public var hasPretrainableTrunk: @Sendable (ExperimentConfig) -> Bool
    /// The dataset every run of the model trains on, whatever dataset the run that needs it uses
    /// (`syn-faces` for the face pretraining); nil: the requested dataset.
    public var fixedDataset: DatasetID?
    /// Checks, before any data is read, that a configuration builds this model (sizes that fit
    /// together); `lldif plan` runs it for every run so that a profile that cannot train stops at once.
    public var checkSettings: @Sendable (ExperimentConfig) throws -> Void
    /// Builds a freshly initialised model.
    public var build: @Sendable (ModelContext) throws -> any TrainableClassifier
    /// Trains a model for a job and returns it with its outcome; the default is the shared loop.
    public var train: @Sendable (TrainingJob, ModelEntry) throws -> (any TrainableClassifier, Trainer.Outcome)
    /// The configuration a run trains with: the requested one, with each setting that cannot change
    /// this run under the rest of it set to one value, so that requests that would train the same
    /// weights name one run (LLDif's stage 0 and DLNet's switch). Default: the request unchanged.
    public var canonical: @Sendable (ExperimentConfig) -> ExperimentConfig

    /// The sections every run reads: the data, the shared training loop and the trunk's size.
    public static let common = ["data", "train", "model"]

    /// An entry trained by the shared loop unless `train` is given.
    /// `common` replaces `ModelEntry.common` for a model whose runs do not depend on the requested
    /// data and loop (the face pretraining reads only its own settings and the trunk's size).
    public init(_ id: ModelID, revision: Int, summary: String, reads: [String] = [], common: [String] = ModelEntry.common,
                prerequisites: [ModelID] = [], pretrainableTrunk: (@Sendable (ExperimentConfig) -> Bool)? = nil,
                fixedDataset: DatasetID? = nil,
                checkSettings: @escaping @Sendable (ExperimentConfig) throws -> Void = { _ in },
                build: @escaping @Sendable (ModelContext) throws -> any TrainableClassifier,
                train: (@Sendable (TrainingJob, ModelEntry) throws -> (any TrainableClassifier, Trainer.Outcome))? = nil,
                canonical: (@Sendable (ExperimentConfig) -> ExperimentConfig)? = nil) {
        self.id = id
        self.revision = revision
        self.summary = summary
        self.reads = common + reads + (pretrainableTrunk == nil ? [] : ["pretrain"])
        self.fixedPrerequisites = prerequisites
        self.hasPretrainableTrunk = pretrainableTrunk ?? { _ in false }
        self.fixedDataset = fixedDataset
        self.checkSettings = checkSettings
        self.build = build
        self.train = train ?? ModelEntry.sharedLoop
        self.canonical = canonical ?? { $0 }
    }

    /// The models whose finished runs a run of this model with `config` starts from: its fixed
    /// prerequisites, and the face pretraining when its trunk starts from it.
    public func prerequisites(for config: ExperimentConfig) -> [ModelID] {
        fixedPrerequisites + (startsFromFacePretraining(config) ? [.facePretrain] : [])
    }

    /// Whether a run of this model with `config` starts its trunk from the face pretraining.
    public func startsFromFacePretraining(_ config: ExperimentConfig) -> Bool {
        config.pretrain.backbone == .face && hasPretrainableTrunk(config)
    }

    /// Whether a run of this model with `config` builds on the face pretraining, itself or through
    /// the runs it starts from (LLDif's stage 2 does through its stage-1 run).
    public func buildsOnFacePretraining(_ config: ExperimentConfig) throws -> Bool {
        if startsFromFacePretraining(config) { return true }
        for id in prerequisites(for: config) where id != .facePretrain {
            if try ModelRegistry.entry(id).buildsOnFacePretraining(config) { return true }
        }
        return false
    }

    /// `pretrainableTrunk` of a model whose trunk is always the ResNet-18.
    public static let alwaysPretrainable: @Sendable (ExperimentConfig) -> Bool = { _ in true }

    /// The dataset a run of this model trains on when a run on `requested` needs it.
    public func dataset(requested: DatasetID) -> DatasetID { fixedDataset ?? requested }

    /// Builds the model and trains it with `Trainer`, checkpointing into the job's folder.
    @Sendable public static func sharedLoop(_ job: TrainingJob, _ entry: ModelEntry) throws
        -> (any TrainableClassifier, Trainer.Outcome) {
        let model = try entry.build(job.context)
        try entry.loadFacePretrainingIfUsed(into: model, job: job)
        let trainer = Trainer(model: model, trainSet: job.trainSet, evaluationSet: job.evaluationSet,
                              options: job.options, checkpointURL: job.checkpointURL)
        return (model, try trainer.run(log: job.log))
    }
}

extension ModelEntry {
    /// Loads the `face-pretrain` run's trunk (and landmark detector, for a model that takes it) into
    /// `model` before its training starts, when a run of this model with the job's configuration
    /// starts from it (a resumed run then loads its own checkpoint over it). Without a run store to obtain the pretraining from, it is an error.
    public func loadFacePretrainingIfUsed(into model: any TrainableClassifier, job: TrainingJob) throws {
        guard startsFromFacePretraining(job.context.config) else { return }
        let pretrainable = model as? FacePretrainableTrunk
        let trunk = pretrainable?.pretrainableTrunk, landmarkNet = pretrainable?.pretrainableLandmarkNet
        guard trunk != nil || landmarkNet != nil else {
            throw TrainingError.invalid("pretrain.backbone = face: this model has neither a ResNet-18 trunk nor a landmark network to start from the face pretraining")
        }
        guard let prerequisite = job.prerequisite else {
            throw TrainingError.invalid("pretrain.backbone = face needs the face-pretrain run: train through a run store (lldif train, make runs)")
        }
        let weights = try prerequisite(.facePretrain).appendingPathComponent("checkpoint.safetensors")
        if let trunk { try FacePretraining.loadTrunk(into: trunk, from: weights) }
        if let landmarkNet {
            try FacePretraining.loadLandmarkNet(into: landmarkNet, from: weights)
        }
    }
}

/// The models of the kit.
public enum ModelRegistry {
    /// Every registered model, in listing order.
    public static var all: [ModelEntry] { baselineModels + lldifModels + [EncoderLinearHead.entry, FacePretraining.entry] }

    /// The entry of `id` (every `ModelID` has one; a test checks it).
    public static func entry(_ id: ModelID) throws -> ModelEntry {
        guard let entry = all.first(where: { $0.id == id }) else {
            throw TrainingError.unknownModel(id.rawValue, known: all.map(\.id.rawValue))
        }
        return entry
    }

    /// The entry named `name` on the command line; an unknown name is an error listing the known ones.
    public static func entry(named name: String) throws -> ModelEntry {
        guard let id = ModelID(rawValue: name) else {
            throw TrainingError.unknownModel(name, known: ModelID.allCases.map(\.rawValue))
        }
        return try entry(id)
    }
}
