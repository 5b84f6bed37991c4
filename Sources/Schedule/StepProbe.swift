import Configuration
import DatasetStore
import FaceData
import Foundation
import LLDif
import NN

/// Times a few training steps of a probe group without touching the run store: the group's model
/// trains one epoch of each of its phases on `batches` batches of SynFER faces at the group's size
/// (the images' content does not change the cost), in a temporary folder, through the same
/// registry entry `lldif train` uses. Each phase's wall time from its log record, scaled by the
/// process's CPU time over its wall time, gives CPU seconds per training image.
public enum StepProbe {
    /// Seconds per training image of each of `group`'s keys, measured on `batches` batches per phase.
    public static func measure(_ group: ProbeGroup, batches: Int) throws -> [CostKey: Double] {
        let config = probeConfig(group.config, batches: batches)
        let batchSize = config.train.batchSize
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lldif-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The prerequisites below are freshly built, like the pretraining run: starting weights do
        // not change the cost.
        // The pretraining corpus has no size setting: its probe times syn-raf faces of the same size
        // and channels (the identity head's width does not change the cost measurably).
        let probed = group.dataset.isPretrainingCorpus ? DatasetID(.synRAF, lowLight: false) : group.dataset
        let data = try DatasetChoice(dataset: probed, data: config.data).open(imageSize: config.data.imageSize)
        let context = try ModelContext(trainSet: data.train, config: config)
        let images = Double((data.train.count / batchSize) * batchSize)
        guard images > 0 else { throw ScheduleError.invalidPlan("the probe of \(group.model.rawValue) has no full batch") }
        var measured: [CostKey: Double] = [:]
        // LLDif's family trains both of its entries: the stage-1 run's stages 0 and 1, then stage 2's
        // warm-up and joint phase (each entry's phases have their own names).
        for model in ProbeGroup.members(of: group.model) {
            let entry = try ModelRegistry.entry(model)
            let entryFolder = folder.appendingPathComponent(model.rawValue)
            try FileManager.default.createDirectory(at: entryFolder, withIntermediateDirectories: true)
            let records = Records()
            var job = TrainingJob(context: context, trainSet: data.train, evaluationSet: data.test,
                                  options: TrainingOptions(config, showProgress: false), folder: entryFolder) { records.append($0) }
            // A run a model starts from (LLDif's earlier stages, the stage-1 run for E_I + linear head) is, like a
            // pretrained trunk, only starting weights: the probe starts from a freshly built one.
            job.prerequisite = { id in
                let prerequisite = folder.appendingPathComponent("prerequisite-\(id.rawValue)")
                try FileManager.default.createDirectory(at: prerequisite, withIntermediateDirectories: true)
                let network = try ModelRegistry.entry(id).build(context)
                let url = prerequisite.appendingPathComponent("checkpoint.safetensors")
                // The face pretraining is a run of the shared loop, whose checkpoint keeps the model
                // under `model.`; LLDif's stage runs write the module alone.
                if id == .facePretrain { try TrainingCheckpoint.save(to: url, model: network) } else { try network.save(to: url) }
                return prerequisite
            }
            let (wallStart, cpuStart) = (Date(), CPUClock.seconds())
            _ = try entry.train(job, entry)
            let wall = Date().timeIntervalSince(wallStart), cpu = CPUClock.seconds() - cpuStart
            let cpuPerWall = wall > 0 && cpu > 0 ? cpu / wall : 1
            for key in group.keys where key.model == model {
                let phaseRecords = records.all.filter { ($0.stage ?? "train") == key.phase }
                guard let record = phaseRecords.last else { continue }
                measured[key] = record.wallSeconds * cpuPerWall / images
            }
        }
        return measured
    }

    /// The configuration a probe trains: `planned` cut to one short epoch of each phase on
    /// `batches` batches of synthetic faces, timed in its steady state.
    public static func probeConfig(_ planned: ExperimentConfig, batches: Int) -> ExperimentConfig {
        var config = planned
        config.data.source = .synthetic
        config.data.trainCount = max(1, batches) * config.train.batchSize
        config.data.testCount = 8
        config.train.epochs = 1
        config.train.warmupEpochs = 0
        config.train.evalEveryEpoch = false
        config.lldif.stage0.epochs = min(1, config.lldif.stage0.epochs)
        config.lldif.stage1.epochs = min(1, config.lldif.stage1.epochs)
        config.lldif.stage2.epochs = min(1, config.lldif.stage2.epochs)
        config.lldif.stage2.warmupEpochs = min(1, config.lldif.stage2.warmupEpochs)
        config.pretrain.epochs = 1
        // A baseline's first epochs may be cheaper than the rest: EAC trains cross entropy alone
        // until its prior gate opens, then a second (flipped) pass (7.4 s an epoch against 3.7 s on
        // the quick profile). The probe times the steady state: every gate open from the start.
        config.baselines.priorGate = false
        config.eac.warmup = 0
        // `pretrain.backbone` stays as planned: it decides what trains (a pretrained LandmarkNet is
        // frozen in LLDif's stage 0 and in POSTER-lite).
        return config
    }
}

/// The epoch records a probe's training logs.
private final class Records: @unchecked Sendable {
    private(set) var all: [EpochReport] = []
    func append(_ record: EpochReport) { all.append(record) }
}

/// The CPU time the process has used, all threads together.
enum CPUClock {
    static func seconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
