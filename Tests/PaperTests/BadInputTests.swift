import Foundation
import Paper
import Testing

@Suite("Report weaver: bad input")
struct BadInputTests {
    /// Weaves a single chapter `text` (after the sample results) and returns the error, if any.
    private func weaveError(_ text: String, name: String = "01-low-light") throws -> (ReportError?, String) {
        let project = try SampleProject()
        defer { project.remove() }
        try project.writeSampleResults()
        let path = try project.chapter(name, text)
        do {
            _ = try project.weaver().weave(environment: SampleProject.environment)
            return (nil, path)
        } catch let error as ReportError {
            return (error, path)
        }
    }

    @Test("an unknown directive names the file and line")
    func unknownDirective() throws {
        let (error, path) = try weaveError("# T\n\nSome text.\n\n{{figur 01-low-light/histograms}}\n")
        #expect(error == .unknownDirective(name: "figur", at: SourceLocation(file: path, line: 5)))
        #expect(error?.description.hasPrefix("\(path):5: unknown directive 'figur'") == true)
    }

    @Test("a missing results file names the chapter, the file expected and the line")
    func missingResults() throws {
        let (error, path) = try weaveError("# T\n\nAccuracy was {{value 06-steps/best}}.\n")
        guard case .missingResults(let chapter, let file, let at)? = error else {
            Issue.record("expected missingResults, got \(String(describing: error))")
            return
        }
        #expect(chapter == "06-steps")
        #expect(file.hasSuffix("figures/06-steps/results.json"))
        #expect(at == SourceLocation(file: path, line: 3))
    }

    @Test("a missing figure, table or value names the key, the file and the line")
    func missingItems() throws {
        let (figure, path) = try weaveError("# T\n\n{{figure 01-low-light/nope}}\n")
        #expect(figure == .missingFigure(key: "01-low-light/nope", available: ["faces", "histograms"], at: SourceLocation(file: path, line: 3)))
        let (table, tablePath) = try weaveError("# T\n\n\n{{table 04-accuracy/nope}}\n")
        #expect(table == .missingTable(key: "04-accuracy/nope", available: ["main"], at: SourceLocation(file: tablePath, line: 4)))
        let (value, valuePath) = try weaveError("# T\nThe mean is {{value ll_mean}} or {{value ll_max}}.\n")
        #expect(value == .missingValue(key: "01-low-light/ll_max", available: ["drop", "drop_interval", "ll_mean", "recipe", "time"], at: SourceLocation(file: valuePath, line: 2)))
        #expect(value?.description == "\(valuePath):2: no value '01-low-light/ll_max' in the results (it has: drop, drop_interval, ll_mean, recipe, time)")
    }

    @Test("a figure whose file is gone, or which has no PNG, is an error at its directive")
    func missingFigureFiles() throws {
        let project = try SampleProject()
        defer { project.remove() }
        var results = Results(chapter: "03-samples")
        results.figure("grid", files: ["03-samples/grid.png"], caption: "Grid.")
        let svgOnly = try project.drawFigure("03-samples/svg-only", hue: 0.2)
        results.figure("svg", files: [svgOnly[1]], caption: "SVG only.")
        try results.write(toFigures: project.figures)
        let path = try project.chapter("03-samples", "# Samples\n\n{{figure grid}}\n")
        #expect(throws: ReportError.missingFigureFile(key: "03-samples/grid",
                                                      path: project.figures.appendingPathComponent("03-samples/grid.png").path,
                                                      at: SourceLocation(file: path, line: 3))) {
            try project.weaver().weave(environment: SampleProject.environment)
        }
        try project.chapter("03-samples", "# Samples\n\n{{figure svg}}\n")
        #expect(throws: ReportError.figureWithoutPNG(key: "03-samples/svg", at: SourceLocation(file: path, line: 3))) {
            try project.weaver().weave(environment: SampleProject.environment)
        }
    }

    @Test("malformed directives: unclosed, wrong arguments, bad format, bad key")
    func malformed() throws {
        for text in ["Mean {{value ll_mean\n", "{{figure}}\n", "{{value ll_mean %.3z}}\n", "{{claims all}}\n",
                     "{{value a/b/c}}\n", "{{ref chart 01-low-light/faces}}\n", "{{ }}\n"] {
            let (error, path) = try weaveError(text)
            guard case .malformedDirective(_, _, let at)? = error else {
                Issue.record("\(text): expected malformedDirective, got \(String(describing: error))")
                continue
            }
            #expect(at == SourceLocation(file: path, line: 1))
        }
    }

    @Test("a block directive sharing its line with prose is rejected")
    func blockNotAlone() throws {
        let (error, path) = try weaveError("# T\n\nSee {{figure histograms}} here.\n")
        #expect(error == .blockDirectiveNotAlone(name: "figure", at: SourceLocation(file: path, line: 3)))
    }

    @Test("placing an item twice, and referring to an item never placed, are errors")
    func placementErrors() throws {
        let (twice, path) = try weaveError("# T\n\n{{table stats}}\n\n{{table stats}}\n")
        #expect(twice == .placedTwice(kind: "table", key: "01-low-light/stats",
                                      at: SourceLocation(file: path, line: 5), first: SourceLocation(file: path, line: 3)))
        let (reference, referencePath) = try weaveError("# T\n\nAs {{ref figure faces}} shows.\n")
        #expect(reference == .unplacedReference(kind: "figure", key: "01-low-light/faces",
                                                at: SourceLocation(file: referencePath, line: 3)))
    }

    @Test("a Markdown image in the prose is rejected so the report stays self-contained")
    func externalImage() throws {
        let (error, path) = try weaveError("# T\n\n![a face](face.png)\n")
        #expect(error == .externalImage(at: SourceLocation(file: path, line: 3)))
    }

    @Test("a number format on a text value is an error, not ignored")
    func formatOnText() throws {
        let (error, path) = try weaveError("# T\n\nRecipe: {{value recipe %.2f}}\n")
        #expect(error == .formatOnText(key: "01-low-light/recipe", at: SourceLocation(file: path, line: 3)))
    }

    @Test("a malformed results file names that file and the field at fault, and the directive's line")
    func malformedResults() throws {
        let project = try SampleProject()
        defer { project.remove() }
        let folder = project.figures.appendingPathComponent("07-ablation")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let json = """
        {"formatVersion": 1, "chapter": "07-ablation", "values": {"gain": {"number": "high"}},
         "tables": {}, "figures": {}, "claims": []}
        """
        try json.write(to: folder.appendingPathComponent("results.json"), atomically: true, encoding: .utf8)
        let path = try project.chapter("07-ablation", "# Ablation\n\nGain {{value gain}}.\n")
        do {
            _ = try project.weaver().weave(environment: SampleProject.environment)
            Issue.record("expected an error")
        } catch let error as ReportError {
            guard case .badResults(.malformed(let file, let field, _), let at) = error else {
                Issue.record("expected badResults, got \(error)")
                return
            }
            #expect(file.hasSuffix("figures/07-ablation/results.json"))
            #expect(field == "values.gain.number")
            #expect(at == SourceLocation(file: path, line: 3))
        }
    }

    @Test("an empty chapters directory is an error")
    func noChapters() throws {
        let project = try SampleProject()
        defer { project.remove() }
        #expect(throws: ReportError.noChapters(directory: project.chapters.path)) {
            try project.weaver().weave(environment: SampleProject.environment)
        }
    }
}
