import Configuration
import DatasetStore
import FaceData
import Foundation
import LLDif
import NN

/// What an evaluation of a finished run depends on besides the run itself: the data it read (the
/// data cache's key of those splits, and the split) and anything else that changes its outcome,
/// such as where the reverse diffusion chain starts.
public struct EvaluationKey: Sendable, Equatable {
    /// The data cache's key of the splits the evaluated images come from.
    public let data: DataCacheKey
    /// Which of those splits was evaluated.
    public let split: Split
    /// Everything else the outcome depends on, e.g. `"start: noise seed 1001"`.
    public let setting: String

    /// The key of evaluating `split` of the data `data` names, with `setting`.
    public init(data: DataCacheKey, split: Split, setting: String) {
        self.data = data
        self.split = split
        self.setting = setting
    }

    /// The full text, stored in the file and compared on reading.
    public var text: String {
        "evaluation_format=\(EvaluationCache.formatVersion)\nsetting=\(setting)\nsplit=\(split)\n\(data.text)"
    }

    /// The file name: a readable label and a hash of the text.
    var fileName: String { "\(data.label)-\(split)-\(FNV1a.hex(Array(text.utf8))).safetensors" }
}

/// Evaluations of a finished run beyond the test evaluation its training stored (another data draw,
/// another start of the reverse chain), kept in the run's folder under `evaluations/`, so a chapter
/// that runs again reads them instead of recomputing them. Chapter 06 evaluates 3,000 images ten
/// times per row, 14 minutes in all on the quick profile.
///
/// A complete run's weights never change, so an entry holds as long as its key does. The key's whole
/// text is stored in the file and compared on reading; a file that is damaged or holds another key is
/// computed again and replaced. Files are written atomically, so an interrupted chapter leaves only
/// whole entries behind.
public struct EvaluationCache: Sendable {
    /// Raised when what an entry's key covers changes meaning, so older entries are recomputed.
    public static let formatVersion = 1
    /// The run whose evaluations these are.
    public let folder: RunFolder

    /// The cache of `folder`'s run, which must be complete.
    public init(_ folder: RunFolder) throws {
        guard folder.isComplete else {
            throw TrainingError.invalid("run \(folder.spec.name) has not finished training; its evaluations cannot be kept")
        }
        self.folder = folder
    }

    /// The entries' folder.
    public var url: URL { folder.url.appendingPathComponent("evaluations", isDirectory: true) }

    /// The evaluation under `key`: read from the run's folder when it is there, otherwise `compute`d
    /// and stored. `report` hears when an unreadable or mismatched file is replaced.
    public func evaluation(for key: EvaluationKey, report: (String) -> Void = { _ in },
                           compute: () throws -> ClassifierEvaluation) throws -> ClassifierEvaluation {
        let file = url.appendingPathComponent(key.fileName)
        if FileManager.default.fileExists(atPath: file.path) {
            do {
                let stored = try SafeTensorsFile(contentsOf: file)
                if stored.metadata?[Self.keyField] == key.text { return try ClassifierEvaluation(file: stored, url: file) }
                report("\(file.path) holds another evaluation than the one asked for; computing it again")
            } catch {
                report("\(file.path) cannot be read (\(error)); computing it again")
            }
        }
        let evaluation = try compute()
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try EvaluationExport.write(evaluation, to: file, run: folder.spec.name, metadata: [Self.keyField: key.text])
        return evaluation
    }

    /// The metadata field holding the key's text.
    static let keyField = "evaluation_key"
}
