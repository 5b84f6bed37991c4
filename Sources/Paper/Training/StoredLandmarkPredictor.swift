import Configuration
import DatasetStore
import FaceData
import Foundation
import LLDif
import NN

/// The landmark predictor of a real dataset's images, kept in the run store's data cache: trained
/// once per identity (flavour, size, `landmarks.*`, seed, SynFER revision) under a file lock, so
/// concurrent runs train it once, and loaded by every later run. It trains only when images are
/// actually annotated, so a run whose data is already cached never pays for it.
final class StoredLandmarkPredictor: LandmarkAnnotator {
    private let predictor: SynFERLandmarkPredictor
    private let cache: DataCache
    private let report: (String) -> Void
    private var ready = false

    /// The predictor for `flavour`'s real dataset under `config`, stored in `cache`.
    init(flavour: SynFERFlavour, config: ExperimentConfig, cache: DataCache, report: @escaping (String) -> Void) {
        predictor = SynFERLandmarkPredictor(flavour: flavour, config: config)
        self.cache = cache
        self.report = report
    }

    var identity: String { predictor.identity }

    /// The weights' file: `landmarks-<flavour>-<size>px-<hash of the identity>.safetensors`.
    var url: URL {
        cache.folder.appendingPathComponent("landmarks-\(predictor.flavour.rawValue)-\(predictor.size)px-\(FNV1a.hex(Array(identity.utf8))).safetensors")
    }

    func landmarks(of images: [FaceImage]) throws -> [[Landmark]] {
        if !ready { try loadOrTrain() }
        return try predictor.landmarks(of: images)
    }

    private func loadOrTrain() throws {
        do { try FileManager.default.createDirectory(at: cache.folder, withIntermediateDirectories: true) } catch {
            throw DataCacheError.io(file: cache.folder.path, reason: "cannot create the cache folder: \(error.localizedDescription)")
        }
        try FileLock(url.appendingPathExtension("lock")).withLock {
            if FileManager.default.fileExists(atPath: url.path) {
                let metadata = try predictor.net.load(from: url)
                guard metadata["identity"] == identity else {
                    throw DataCacheError.damaged(file: url.path, reason: "written for another predictor (\(metadata["identity"] ?? "none"))")
                }
                predictor.net.eval()
                report("landmark predictor read from \(url.path) (mean error \(metadata["held_out_error_px"] ?? "?") px on held-out SynFER faces; the mean shape's \(metadata["mean_shape_error_px"] ?? "?") px)")
            } else {
                report("training the landmark predictor of real images: \(identity)")
                try predictor.train(report: report)
                let error = try predictor.heldOutError()
                try predictor.net.save(to: url, metadata: ["identity": identity,
                                                           "held_out_error_px": String(format: "%.2f", error.predicted),
                                                           "mean_shape_error_px": String(format: "%.2f", error.meanShape)])
                report(String(format: "landmark predictor: mean error %.2f px at %d px on held-out SynFER faces (the training faces' mean shape: %.2f px%@); stored in %@",
                              error.predicted, predictor.size, error.meanShape,
                              error.predicted < error.meanShape ? "" : " — the predictor does not beat it", url.path))
            }
        }
        ready = true
    }
}

extension TrainingRuns {
    /// The training and test splits of a run on `dataset` with `config`, held at `data.image_size`
    /// through the store's data cache. On a real dataset the images get landmarks predicted by the
    /// kit's SynFER-trained landmark predictor (LLDif's DLNet and POSTER-lite train on them).
    public static func openData(dataset: DatasetID, config: ExperimentConfig, store: RunStore,
                                report: @escaping (String) -> Void = { _ in }) throws -> (train: FaceDataset, test: FaceDataset) {
        let (choice, annotator) = dataChoice(dataset: dataset, config: config, store: store, report: report)
        return try choice.open(imageSize: config.data.imageSize, cache: dataCache(in: store), landmarks: annotator, report: report)
    }

    /// The data cache's key of the splits `openData` holds for `dataset` with `config`, without
    /// opening them: what an `EvaluationKey` names the data by.
    public static func dataKey(dataset: DatasetID, config: ExperimentConfig, store: RunStore) -> DataCacheKey {
        let (choice, annotator) = dataChoice(dataset: dataset, config: config, store: store, report: { _ in })
        return choice.cacheKey(imageSize: config.data.imageSize, landmarks: annotator)
    }

    /// The data choice of `dataset` under `config`, and on a real dataset the landmark predictor that
    /// annotates it.
    private static func dataChoice(dataset: DatasetID, config: ExperimentConfig, store: RunStore,
                                   report: @escaping (String) -> Void) -> (DatasetChoice, StoredLandmarkPredictor?) {
        let annotator = config.data.source == .real
            ? StoredLandmarkPredictor(flavour: dataset.flavour, config: config, cache: dataCache(in: store), report: report) : nil
        return (DatasetChoice(dataset: dataset, data: config.data), annotator)
    }
}
