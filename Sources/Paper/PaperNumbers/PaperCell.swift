import Configuration
import FaceData

/// One cell of a paper table the kit reproduces: where it sits in the paper (table, row, column) and
/// which value of which chapter reproduces it.
public struct PaperCell: Sendable, Hashable {
    /// The table's id in the paper-numbers file: `accuracy`, `steps` or `ablation`.
    public var table: String
    /// The row as the paper names it, e.g. `SCN`, `T = 4`.
    public var row: String
    /// The column as the paper names it, e.g. `LL-RAF-DB`.
    public var column: String
    /// The chapter whose results reproduce it.
    public var chapter: String
    /// The value's key in that chapter's results, given the data source the chapter ran on (the
    /// accuracy table's keys name the dataset as read: `ll-syn-raf` or `ll-raf-db`).
    public var key: @Sendable (DataSource) -> String
    /// What the reproduced value is multiplied by to be in the paper's unit (100: a fraction
    /// against the paper's percent).
    public var scale: Double

    /// "accuracy / SCN / LL-RAF-DB", as errors and tables name the cell.
    public var name: String { "\(table) / \(row) / \(column)" }

    public static func == (a: PaperCell, b: PaperCell) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

extension PaperCell {
    /// The tables the kit reproduces, in the paper's order: the accuracy table (every method on each
    /// low-light dataset, chapter 04), the diffusion-step study (each T of the kit's design,
    /// chapter 06) and the ablations (chapter 07). A paper-numbers file may hold these cells only.
    public static let all: [PaperCell] = accuracy + steps + ablations

    /// The paper's name of a method of the accuracy table; the kit's POSTER-lite stands in for POSTER.
    static func paperRowName(_ model: ModelID) -> String { model == .posterLite ? "POSTER" : model.paperName }

    static let accuracy: [PaperCell] = (ModelID.baselines + [.lldif]).flatMap { model in
        SynFERFlavour.allCases.map { flavour in
            PaperCell(table: "accuracy", row: paperRowName(model), column: DatasetID(flavour, lowLight: true, source: .real).displayName,
                      chapter: "04-accuracy",
                      key: { "accuracy.\(model.rawValue).\(DatasetID(flavour, lowLight: true, source: $0).name)" }, scale: 100)
        }
    }

    /// The step study's T ≥ 1 (T = 0, no diffusion, is the ablation table's row).
    static let steps: [PaperCell] = PaperDesign().steps.filter { $0 >= 1 }.map { t in
        PaperCell(table: "steps", row: "T = \(t)", column: "accuracy", chapter: "06-diffusion-steps",
                  key: { _ in "accuracy.T\(t)" }, scale: 100)
    }

    static let ablations: [PaperCell] = Ablation.allCases.filter(\.isInPaper).map { ablation in
        PaperCell(table: "ablation", row: ablation.rawValue, column: "accuracy", chapter: "07-ablation",
                  key: { _ in "accuracy.\(ablation.rawValue)" }, scale: 100)
    }
}
