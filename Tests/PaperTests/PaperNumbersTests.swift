import Foundation
import Testing
import Paper

/// The reviewers' slots for the paper's numbers: the shipped file, bad input, and the comparison.
@Suite struct PaperNumbersTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("chapters/paper-numbers.json")

    func file(_ tables: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("numbers-\(UUID().uuidString).json")
        try Data(#"{"tables": {\#(tables)}}"#.utf8).write(to: url)
        return url
    }

    @Test func theShippedFileHasOneEmptySlotPerReproducedCell() throws {
        let numbers = try PaperNumbersFile.load(Self.shipped)
        #expect(numbers.entered.isEmpty, "no slot may be filled except by a reviewer from the paper's PDF")
        #expect(Set(numbers.tables.keys) == ["accuracy", "steps", "ablation"])
        // Every cell the kit reproduces has its slot in the file.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.shipped)) as? [String: Any]
        let tables = json?["tables"] as? [String: [String: Any]] ?? [:]
        let slots = tables.flatMap { id, table in
            ((table["cells"] as? [String: [String: Any]]) ?? [:]).flatMap { row, columns in columns.keys.map { "\(id) / \(row) / \($0)" } }
        }
        #expect(Set(slots) == Set(PaperCell.all.map(\.name)))
        #expect(PaperCell.all.filter { $0.table == "accuracy" }.count == 18)
        #expect(PaperCell.all.contains { $0.name == "accuracy / POSTER / LL-KDEF" })
    }

    @Test func aSlotThatIsNotANumberNamesTheFileAndTheCell() throws {
        for (value, shown) in [("\"71.2\"", "'71.2'"), ("true", "true"), ("[1]", "a list or object")] {
            let url = try file(#""accuracy": {"tolerance": 2, "cells": {"SCN": {"LL-RAF-DB": \#(value)}}}"#)
            #expect(throws: PaperNumbersError.invalid(url.path, at: "accuracy / SCN / LL-RAF-DB",
                                                      "\(shown) is not a number (enter the paper's number, or null)")) {
                try PaperNumbersFile.load(url)
            }
        }
    }

    @Test func aCellOrTableTheKitDoesNotReproduceIsAnError() throws {
        let cell = try file(#""accuracy": {"tolerance": 2, "cells": {"SCN": {"LL-AffectNet": 50}}}"#)
        #expect(throws: PaperNumbersError.invalid(cell.path, at: "accuracy / SCN / LL-AffectNet", "is not a cell the kit reproduces")) {
            try PaperNumbersFile.load(cell)
        }
        let step = try file(#""steps": {"tolerance": 2, "cells": {"T = 1000": {"accuracy": 50}}}"#)
        #expect(throws: PaperNumbersError.invalid(step.path, at: "steps / T = 1000 / accuracy", "is not a cell the kit reproduces")) {
            try PaperNumbersFile.load(step)
        }
        let table = try file(#""speed": {"tolerance": 2, "cells": {}}"#)
        #expect(throws: PaperNumbersError.invalid(table.path, at: "speed", "is not a table the kit reproduces (tables: ablation, accuracy, steps)")) {
            try PaperNumbersFile.load(table)
        }
        let tolerance = try file(#""accuracy": {"cells": {}}"#)
        #expect(throws: PaperNumbersError.invalid(tolerance.path, at: "accuracy / tolerance", "needs a non-negative number")) {
            try PaperNumbersFile.load(tolerance)
        }
    }

    @Test func cellsAreCheckedOnRealDataOnlyAndAnEmptyCellReadsNotEntered() throws {
        let url = try file(#""accuracy": {"tolerance": 2, "cells": {"SCN": {"LL-RAF-DB": 71.0, "LL-KDEF": 90.0, "LL-FERPlus": null}, "LLDif": {"LL-RAF-DB": 80}}}"#)
        let numbers = try PaperNumbersFile.load(url)
        func rows(_ data: String) throws -> [String: PaperNumberRow] {
            let figures = FileManager.default.temporaryDirectory.appendingPathComponent("figures-\(UUID().uuidString)")
            var r = Results(chapter: "04-accuracy")
            let names = data == "real" ? ("ll-raf-db", "ll-kdef") : ("ll-syn-raf", "ll-syn-kdef")
            r.interval("accuracy.scn.\(names.0)", interval(0.70, 0.74))
            r.interval("accuracy.scn.\(names.1)", interval(0.60, 0.64))
            r.provenance = ChapterProvenance(profile: "quick", dataSource: "d", seeds: [0], wallTimeSeconds: 1, data: data)
            try r.write(toFigures: figures)
            return Dictionary(uniqueKeysWithValues: try PaperNumberRow.compare(numbers, figuresDirectory: figures).map { ($0.cell.name, $0) })
        }
        let real = try rows("real")
        #expect(real["accuracy / SCN / LL-RAF-DB"]?.status == .within)
        #expect(real["accuracy / SCN / LL-RAF-DB"]?.reproducedText == "72.0 [70.0, 74.0]")
        #expect(real["accuracy / SCN / LL-KDEF"]?.status == .outside)
        #expect(real["accuracy / SCN / LL-FERPlus"]?.status == .notEntered)
        #expect(real["accuracy / SCN / LL-FERPlus"]?.reportedText == "not entered")
        #expect(real["accuracy / LLDif / LL-RAF-DB"]?.status == .notMeasured)
        #expect(real["steps / T = 4 / accuracy"]?.status == .notEntered)
        let synthetic = try rows("synthetic")
        guard case .notChecked(let why)? = synthetic["accuracy / SCN / LL-KDEF"]?.status else {
            Issue.record("a filled cell on SynFER must be shown but not checked"); return
        }
        #expect(why.contains("SynFER"))
        #expect(synthetic["accuracy / SCN / LL-KDEF"]?.reproducedText == "62.0 [60.0, 64.0]")
    }
}
