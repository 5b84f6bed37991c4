import Configuration
import DatasetStore
import FaceData
import Foundation
import LLDif
import Paper
import Testing

/// The real-data path on folders in the published layouts (written from SynFER faces): one meaning
/// of `data.root`, real dataset names in every run, predicted landmarks, real-data prose.
@Suite("Real-data path")
struct RealDataPathTests {
    /// A fresh `DATA_ROOT` with small raf-db/, ferplus/ and kdef/ folders.
    static func dataRoot(lineEnding: String = "\n") throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("real-root-\(UUID().uuidString)")
        let counts = RealLayoutWriter.Counts(rafTrain: 40, rafTest: 20, ferTrain: 30, ferVal: 5, ferTest: 10, kdefPeople: 2)
        try RealLayoutWriter(seed: 3, lineEnding: lineEnding).writeAll(to: root.path, counts: counts)
        return root
    }

    @Test("the written layouts read back through the real readers with SynFER's labels")
    func writtenLayoutsReadBack() throws {
        let root = try Self.dataRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let raf = try RAFDB(root: root.path + "/raf-db")
        #expect(raf.count(.train) == 40 && raf.count(.test) == 20)
        let synRAF = SynFER(flavour: .synRAF, seed: 3)
        #expect(raf.labels(.train) == (0..<40).map { synRAF.plan(.train, $0).label })
        #expect(try raf.sample(.test, 0).image.width == 100)
        let fer = try FERPlus(root: root.path + "/ferplus")
        #expect(fer.count(.train) + fer.droppedUnknown <= 30 && fer.count(.val) <= 5 && fer.count(.test) <= 10)
        #expect(fer.count(.train) > 0)
        let kdef = try KDEF(root: root.path + "/kdef")
        #expect(kdef.count(.train) + kdef.count(.test) == 140)
        let first = try kdef.sample(.train, 0).image
        #expect(first.width == first.height, "the KDEF reader crops the portrait to its top square")
    }

    @Test("CRLF label files read the same as LF ones")
    func crlfLayoutsReadTheSame() throws {
        let unix = try Self.dataRoot(), windows = try Self.dataRoot(lineEnding: "\r\n")
        defer { try? FileManager.default.removeItem(at: unix); try? FileManager.default.removeItem(at: windows) }
        #expect(try RAFDB(root: unix.path + "/raf-db").labels(.train) == RAFDB(root: windows.path + "/raf-db").labels(.train))
        #expect(try FERPlus(root: unix.path + "/ferplus").labels(.test) == FERPlus(root: windows.path + "/ferplus").labels(.test))
    }

    @Test("the plan on real data names the real datasets in every run, with data.root absolute")
    func planNamesTheRealDatasets() throws {
        let root = try Self.dataRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let config = try Profile.smoke.config(overriding: ["data.source=real", "data.root=\(root.path)/../\(root.lastPathComponent)"])
        #expect(config.data.root == root.standardizedFileURL.path)
        let plan = try ExperimentPlan(config: config)
        #expect(plan.datasets.map(\.name) == ["ll-raf-db"])
        #expect(plan.studyDataset.name == "ll-raf-db")
        let store = RunStore(root: root.appendingPathComponent("runs"))
        let runs = try RunPlan.runs(of: plan, store: store)
        #expect(!runs.isEmpty)
        // The face pretraining is SynFER's corpus whatever the data; every other run is on the real data.
        #expect(runs.filter { $0.spec.dataset.isPretrainingCorpus }.map(\.spec.model) == [.facePretrain])
        for run in runs where !run.spec.dataset.isPretrainingCorpus {
            #expect(run.spec.dataset.source == .real, "\(run.spec.name) is recorded as \(run.spec.dataset.name)")
            #expect(!run.spec.dataset.name.contains("syn-"))
            #expect(try run.spec.config().data.root == root.standardizedFileURL.path)
            let arguments = try run.trainArguments()
            #expect(arguments.contains(run.spec.dataset.name))
        }
        let synthetic = try RunPlan.runs(of: try ExperimentPlan(config: Profile.smoke.config), store: store)
        // Only the shared face pretraining is the same run for both.
        let shared = Set(synthetic.map(\.spec.name)).intersection(runs.map(\.spec.name))
        #expect(shared.allSatisfy { $0.hasPrefix("face-pretrain/") } && shared.count == 1, "\(shared)")
    }

    @Test("a real dataset's name with synthetic data is an error, never SynFER")
    func realNameNeedsRealData() throws {
        let entry = try ModelRegistry.entry(.resnet18)
        #expect(throws: TrainingError.self) {
            try TrainingRuns.spec(entry: entry, dataset: DatasetID(parsing: "ll-raf-db"), config: Profile.smoke.config)
        }
    }

    @Test("a root without any dataset folder is an error naming the folders looked for")
    func emptyRootIsNamed() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("empty-root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let config = try Profile.smoke.config(overriding: ["data.source=real", "data.root=\(root.path)"])
        do {
            _ = try ExperimentPlan(config: config)
            Issue.record("no error")
        } catch let error as DataError {
            #expect(error.description.contains("raf-db/") && error.description.contains(root.path))
        }
    }
}

/// Landmarks predicted for images that come without them.
@Suite("Predicted landmarks")
struct PredictedLandmarksTests {
    /// Puts every landmark at the image's centre and counts the images it saw.
    final class CentreAnnotator: LandmarkAnnotator {
        var seen: [Int] = []
        var identity: String { "centre" }
        func landmarks(of images: [FaceImage]) throws -> [[Landmark]] {
            seen.append(images.count)
            return images.map { image in
                Array(repeating: Landmark(x: Float(image.width) / 2, y: Float(image.height) / 2), count: Landmarks.count)
            }
        }
    }

    @Test("a real dataset's held samples carry the annotator's landmarks, and the cache key names it")
    func realSamplesGetLandmarks() throws {
        let root = try RealDataPathTests.dataRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let config = try Profile.smoke.config(overriding: ["data.source=real", "data.root=\(root.path)"])
        let choice = DatasetChoice(dataset: DatasetID(.synRAF, lowLight: true), data: config.data)
        let annotator = CentreAnnotator()
        let data = try choice.open(imageSize: 32, landmarks: annotator)
        #expect(annotator.seen.reduce(0, +) == 60, "every training and test image annotated once")
        let sample = try data.train.sample(0)
        #expect(sample.landmarks.count == Landmarks.count)
        #expect(sample.landmarks.allSatisfy { abs($0.x - 16) < 1e-4 && abs($0.y - 16) < 1e-4 }, "scaled to the held 32 px")
        #expect(choice.cacheKey(imageSize: 32, landmarks: annotator).text.contains("landmarks=centre"))
        #expect(choice.cacheKey(imageSize: 32, landmarks: annotator) != choice.cacheKey(imageSize: 32))
        let synthetic = DatasetChoice(dataset: DatasetID(.synRAF, lowLight: true), data: Profile.smoke.config.data)
        let other = CentreAnnotator()
        _ = try synthetic.open(imageSize: 32, landmarks: other)
        #expect(other.seen.isEmpty, "SynFER keeps its own landmarks")
    }
}
