import Foundation
import Paper
import Testing

@Suite("Results files")
struct ResultsFileTests {
    @Test("results written and read back are equal, including non-finite numbers")
    func roundTrip() throws {
        let project = try SampleProject()
        defer { project.remove() }
        try project.writeSampleResults()
        var results = Results(chapter: "06-steps")
        results.value("best", 0.8, plusMinus: 0.01, unit: "acc", format: .percent(2))
        results.value("undefined", .nan)
        results.text("winner", "T = 4")
        results.table("steps", columns: ["T", "Accuracy"],
                      rows: [[.number(4, format: .integer), .number(0.8, highlight: true)]], caption: "Steps.")
        results.figure("curve", files: ["06-steps/curve.png"], caption: "Accuracy against T.")
        results.provenance = ChapterProvenance(profile: "quick", dataSource: "SynFER", seeds: [UInt64.max],
                                               runHashes: ["abc"], wallTimeSeconds: 1.5)
        let url = try results.write(toFigures: project.figures)
        #expect(url == project.figures.appendingPathComponent("06-steps/results.json"))
        let read = try Results.read(from: url)
        #expect(read.values["undefined"].map { if case .number(let x, _, _, _) = $0 { x.isNaN } else { false } } == true)
        var comparable = read
        comparable.values["undefined"] = nil
        results.values["undefined"] = nil
        #expect(comparable == results)
    }

    @Test("the JSON uses the documented field names")
    func fieldNames() throws {
        let project = try SampleProject()
        defer { project.remove() }
        var results = Results(chapter: "01-low-light")
        results.value("ll_mean", 0.071, format: .fixed(3))
        results.table("t", columns: ["a"], rows: [[.number(1, highlight: true)]], caption: "c", notes: "n")
        let url = try results.write(toFigures: project.figures)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        #expect(Set(object.keys) == ["formatVersion", "chapter", "values", "tables", "figures"])
        let value = (object["values"] as! [String: Any])["ll_mean"] as! [String: Any]
        #expect(value["number"] as? Double == 0.071)
        #expect(value["format"] as? String == "%.3f")
        let table = (object["tables"] as! [String: Any])["t"] as! [String: Any]
        #expect(Set(table.keys) == ["columns", "rows", "caption", "notes"])
        let cell = (table["rows"] as! [[[String: Any]]])[0][0]
        #expect(cell["highlight"] as? Bool == true)
    }

    @Test("writing is atomic: no temporary file is left behind, and a second write replaces the first")
    func atomicWrite() throws {
        let project = try SampleProject()
        defer { project.remove() }
        var results = Results(chapter: "02-classes")
        results.value("n", 1)
        let url = try results.write(toFigures: project.figures)
        results.value("n", 2)
        try results.write(to: url)
        let listing = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        #expect(listing == ["results.json"])
        #expect(try Results.read(from: url).values["n"] == .number(2))
    }

    @Test("a table row with the wrong number of cells and a name a directive cannot spell are rejected")
    func validation() throws {
        let project = try SampleProject()
        defer { project.remove() }
        var ragged = Results(chapter: "04-accuracy")
        ragged.table("main", columns: ["Method", "Acc"], rows: [["SCN", .number(0.6)], ["LLDif"]], caption: "c")
        #expect(throws: ResultsError.raggedTable(chapter: "04-accuracy", table: "main", row: 1, cells: 1, columns: 2)) {
            try ragged.write(toFigures: project.figures)
        }
        var badName = Results(chapter: "04-accuracy")
        badName.value("mean accuracy", 0.6)
        #expect(throws: ResultsError.invalidName(chapter: "04-accuracy", kind: "value", name: "mean accuracy")) {
            try badName.write(toFigures: project.figures)
        }
        #expect(!FileManager.default.fileExists(atPath: project.figures.appendingPathComponent("04-accuracy/results.json").path))
    }

    @Test("reading names the file and the field at fault")
    func readErrors() throws {
        let project = try SampleProject()
        defer { project.remove() }
        let url = project.figures.appendingPathComponent("bad.json")
        try #"{"formatVersion": 1, "chapter": "x", "values": {}, "tables": {"t": {"columns": ["a"], "rows": [[{"number": 1, "format": "%q"}]], "caption": "c"}}, "figures": {}}"#
            .write(to: url, atomically: true, encoding: .utf8)
        #expect {
            try Results.read(from: url)
        } throws: { error in
            guard case ResultsError.malformed(let path, let field, let reason) = error else { return false }
            return path == url.path && field == "tables.t.rows.0.0.format" && reason.contains("%q")
        }
        try #"{"formatVersion": 2, "chapter": "x", "values": {}, "tables": {}, "figures": {}}"#
            .write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: ResultsError.malformed(path: url.path, field: "formatVersion", reason: "version 2, this code reads 1")) {
            try Results.read(from: url)
        }
        #expect(throws: ResultsError.missing(path: project.figures.appendingPathComponent("none.json").path)) {
            try Results.read(from: project.figures.appendingPathComponent("none.json"))
        }
    }

    @Test("figure files written elsewhere are stored relative to the figures directory, or rejected")
    func figurePaths() throws {
        let project = try SampleProject()
        defer { project.remove() }
        var results = Results(chapter: "03-samples")
        let written = project.figures.appendingPathComponent("03-samples/grid").path
        try results.figure("grid", writtenFiles: [written + ".png", written + ".svg"], caption: "Grid.",
                           figuresDirectory: project.figures)
        #expect(results.figures["grid"]?.files == ["03-samples/grid.png", "03-samples/grid.svg"])
        #expect(throws: ResultsError.figureOutsideFigures(chapter: "03-samples", figure: "out", path: "/tmp/out.png")) {
            try results.figure("out", writtenFiles: ["/tmp/out.png"], caption: "Out.", figuresDirectory: project.figures)
        }
        results.figure("up", files: ["../elsewhere.png"], caption: "Up.")
        #expect(throws: ResultsError.figureOutsideFigures(chapter: "03-samples", figure: "up", path: "../elsewhere.png")) {
            try results.write(toFigures: project.figures)
        }
    }
}
