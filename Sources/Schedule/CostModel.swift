import Configuration
import FaceData
import Foundation

/// The one model of what a training run costs, used by `lldif plan --estimate` to price the plan and
/// by the scheduler to start the longest chains first. A run costs, per phase, `epochs × training
/// images × seconds per image`, plus its evaluations (the held-out split after each epoch of a phase
/// that validates, and once at the end), an evaluation image costing a third of a training image
/// (a forward pass without the backward one), plus a fixed start-up (`runOverheadSeconds`).
///
/// Seconds per training image come from a measurement of the key (`StepProbe`, saved by
/// `lldif plan --estimate`) when there is one, else from `defaultSecondsPerImage`: per-phase factors
/// relative to ResNet-18, measured on the quick profile, scaled by width² and by the stem's output
/// area.
public struct CostModel: Sendable, Codable, Equatable {
    /// Measured seconds per training image, by key.
    public var measured: [CostKey: Double]
    /// Threads each measurement ran on (`LLDIF_THREADS`).
    public var threads: Int

    /// A cost model with the given measurements (none: the built-in factors alone).
    public init(measured: [CostKey: Double] = [:], threads: Int = 1) {
        self.measured = measured
        self.threads = threads
    }

    /// What every run costs besides its epochs: starting the process, reading the data cache,
    /// building the model, writing checkpoints and results (about 8 s per smoke run on this kind of machine).
    public static let runOverheadSeconds = 8.0

    /// An evaluation image's cost as a share of a training image's.
    public static let evaluationShare = 1.0 / 3.0

    /// Seconds per training image of ResNet-18 on the reference size (64 px, stem stride 2, width
    /// 8, one thread): 0.89 ms, the median epoch of the 48 quick ResNet-18 runs of session 22's
    /// validation-draw study (`bench/pretraining/FINDINGS.md`), each alone on a core. `StepProbe`'s
    /// two-batch epochs measured 3.7 ms: on so few batches an epoch's fixed costs dominate.
    public static let referenceSecondsPerImage = 0.9e-3

    /// A phase's cost per image relative to ResNet-18's, from the same kind of measurement: median
    /// epoch times of finished quick runs (the baselines and the face pretraining from session 22's
    /// study; LLDif's stages and `ei-linear` from the paper store, tenth percentile, because three
    /// processes shared two cores there for part of the time). Face pretraining and LLDif with E_I
    /// on the ResNet-18 trunk and the pretrained landmark detector: the defaults.
    public static let relativeCost: [String: Double] = [
        "resnet18/train": 1.0, "scn/train": 1.01, "rul/train": 1.0, "eac/train": 2.15, "poster-lite/train": 2.35,
        "face-pretrain/train": 1.9, "ei-linear/train": 0.35,
        "lldif-stage0/stage0": 1.15, "lldif-stage1/stage1": 3.1, "lldif/stage2-warmup": 0.36, "lldif/stage2": 3.5,
    ]

    /// The built-in seconds per training image of `key`: the phase's relative cost times the
    /// reference, scaled by (width / 8)² and by the stem's output area relative to 32 × 32.
    public static func defaultSecondsPerImage(_ key: CostKey) -> Double {
        let relative = relativeCost["\(key.model.rawValue)/\(key.phase)"] ?? 1
        let side = Double(key.imageSize) / Double(max(1, key.stemStride)) / 32
        let width = Double(key.width) / 8
        return referenceSecondsPerImage * relative * width * width * side * side
    }

    /// Seconds per training image of `key`: measured, else the built-in value.
    public func secondsPerImage(_ key: CostKey) -> Double {
        measured[key] ?? CostModel.defaultSecondsPerImage(key)
    }

    /// True when every phase of a `model` run with `config` has a measurement.
    public func isMeasured(model: ModelID, config: ExperimentConfig) -> Bool {
        TrainingPhase.phases(of: model, config: config).filter { $0.epochs > 0 }
            .allSatisfy { measured[CostKey(model: model, phase: $0.name, config: config)] != nil }
    }

    /// Estimated seconds (on `threads` threads) of a `model` run on `dataset` with `config`.
    public func seconds(model: ModelID, dataset: DatasetID, config: ExperimentConfig) -> Double {
        let (train, test) = CostModel.splitCounts(dataset: dataset, config: config)
        var total = 0.0, last = 0.0
        for phase in TrainingPhase.phases(of: model, config: config) where phase.epochs > 0 {
            let perImage = secondsPerImage(CostKey(model: model, phase: phase.name, config: config))
            let evaluations = phase.validatesEveryEpoch ? Double(phase.epochs * test) : 0
            total += Double(phase.epochs * train) * perImage + evaluations * perImage * CostModel.evaluationShare
            last = perImage
        }
        return CostModel.runOverheadSeconds + total + Double(test) * last * CostModel.evaluationShare
    }

    /// The training and test images a run reads: the configured counts, capped by what a SynFER
    /// flavour holds (SynFER-KDEF has 3920 training faces whatever `data.train_count` asks); the
    /// face-pretraining corpus's own counts.
    public static func splitCounts(dataset: DatasetID, config: ExperimentConfig) -> (train: Int, test: Int) {
        if dataset.isPretrainingCorpus { return (FacePretrainingCorpus.count(.train), FacePretrainingCorpus.count(.test)) }
        let data = config.data
        guard data.source == .synthetic else { return (data.trainCount, data.testCount) }
        let synfer = SynFER(flavour: dataset.flavour, seed: UInt64(data.seed))
        return (min(data.trainCount, synfer.count(.train)), min(data.testCount, synfer.count(.test)))
    }
}

extension CostModel {
    /// One measurement as a JSON record.
    struct Entry: Codable {
        var key: CostKey
        var secondsPerImage: Double

        enum CodingKeys: String, CodingKey {
            case key
            case secondsPerImage = "seconds_per_image"
        }
    }

    enum CodingKeys: String, CodingKey {
        case measured, threads
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let entries = try container.decode([Entry].self, forKey: .measured)
        measured = Dictionary(entries.map { ($0.key, $0.secondsPerImage) }, uniquingKeysWith: { $1 })
        threads = try container.decode(Int.self, forKey: .threads)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(measured.sorted { $0.key < $1.key }.map { Entry(key: $0.key, secondsPerImage: $0.value) },
                             forKey: .measured)
        try container.encode(threads, forKey: .threads)
    }

    /// The measurements saved in the run store (`ROOT/estimates.json`), or none when there is no
    /// file or it cannot be read (the built-in factors then price every run).
    public static func saved(in store: URL) -> CostModel {
        guard let data = try? Data(contentsOf: fileURL(in: store)),
              let model = try? JSONDecoder().decode(CostModel.self, from: data) else { return CostModel() }
        return model
    }

    /// Adds these measurements to the file in the store (one file for every profile: keys differ by size).
    public func save(in store: URL) throws {
        var merged = CostModel.saved(in: store)
        merged.measured.merge(measured) { $1 }
        merged.threads = threads
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
        try encoder.encode(merged).write(to: CostModel.fileURL(in: store), options: .atomic)
    }

    /// Where the measurements are kept in a run store.
    public static func fileURL(in store: URL) -> URL { store.appendingPathComponent("estimates.json") }
}
