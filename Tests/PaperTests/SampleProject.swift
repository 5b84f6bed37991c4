import CCairo
import Foundation
import Paper

/// A throwaway kit layout in a temporary directory: `chapters/` with Markdown files and `figures/`
/// with results files and figure files drawn by Cairo, as the chapter executables would leave them.
struct SampleProject {
    let root: URL
    var chapters: URL { root.appendingPathComponent("chapters") }
    var figures: URL { root.appendingPathComponent("figures") }

    /// The fixed environment the tests weave with, so outputs are reproducible.
    static let environment = ReportEnvironment(commit: "0123456789abcdef0123456789abcdef01234567", dirty: false,
                                               cpuModel: "Test CPU @ 1.00GHz", cores: 2,
                                               date: Date(timeIntervalSince1970: 1_700_000_000))

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("paper-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: chapters, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
    }

    /// Removes the directory.
    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    /// Writes a chapter file and returns its path as the weaver reports it.
    @discardableResult
    func chapter(_ name: String, _ text: String) throws -> String {
        let url = chapters.appendingPathComponent(name + ".md")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// A weaver of this project.
    func weaver(claims: [Claim] = [], preRegistration: PreRegistration? = nil, paperNumbers: PaperNumbersFile? = nil) -> ReportWeaver {
        ReportWeaver(chaptersDirectory: chapters, figuresDirectory: figures, title: "Sample report",
                     claims: claims, preRegistration: preRegistration, paperNumbers: paperNumbers)
    }

    /// Draws a small chart-like picture as `<figures>/<relative>.png` and `.svg` and returns both
    /// relative paths.
    func drawFigure(_ relative: String, hue: Double) throws -> [String] {
        let png = figures.appendingPathComponent(relative + ".png")
        let svg = figures.appendingPathComponent(relative + ".svg")
        try FileManager.default.createDirectory(at: png.deletingLastPathComponent(), withIntermediateDirectories: true)
        let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 480, 300)
        paint(on: image, hue: hue)
        cairo_surface_write_to_png(image, png.path)
        cairo_surface_destroy(image)
        let vector = cairo_svg_surface_create(svg.path, 480, 300)
        paint(on: vector, hue: hue)
        cairo_surface_finish(vector)
        cairo_surface_destroy(vector)
        return [relative + ".png", relative + ".svg"]
    }

    private func paint(on surface: OpaquePointer?, hue: Double) {
        let cr = cairo_create(surface)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2)
        cairo_set_line_width(cr, 2)
        cairo_move_to(cr, 40, 20)
        cairo_line_to(cr, 40, 260)
        cairo_line_to(cr, 460, 260)
        cairo_stroke(cr)
        for bar in 0..<8 {
            let height = 30.0 + Double((bar * 37 + Int(hue * 100)) % 200)
            cairo_set_source_rgb(cr, hue, 0.45, 1 - hue)
            cairo_rectangle(cr, 60 + Double(bar) * 50, 260 - height, 36, height)
            cairo_fill(cr)
        }
        cairo_destroy(cr)
    }

    /// Results of two chapters that use every kind of entry.
    func writeSampleResults() throws {
        var low = Results(chapter: "01-low-light")
        low.value("ll_mean", 0.07123, format: .fixed(3))
        low.value("drop", 0.1234, plusMinus: 0.0213, format: .percent(1))
        low.interval("drop_interval", ResultInterval(estimate: 12.3, lower95: 8.1, upper95: 16.5, lower90: 9, upper90: 15.6,
                                                     seeds: 3, images: 3000), unit: "pp", format: .fixed(1))
        low.value("time", 12.5, unit: "s", format: .fixed(1))
        low.text("recipe", "gamma & noise")
        low.figure("histograms", files: try drawFigure("01-low-light/histograms", hue: 0.1),
                   caption: "Pixel histograms of a face in normal light and in low light.")
        low.figure("faces", files: try drawFigure("01-low-light/faces", hue: 0.8), caption: "Sample faces.")
        low.table("stats", columns: ["Dataset", "Normal", "Low light"], rows: [
            ["SynFER", .number(0.45, format: .fixed(3)), .number(0.071, format: .fixed(3), highlight: true)],
            ["RAF-DB <real>", .number(0.47, format: .fixed(3)), .number(0.069, format: .fixed(3))],
        ], caption: "Mean pixel intensity.", notes: "Intensities in [0, 1].")
        low.provenance = ChapterProvenance(profile: "smoke", dataSource: "SynFER (embedded)", seeds: [1, 2],
                                           wallTimeSeconds: 3.25)
        try low.write(toFigures: figures)

        var accuracy = Results(chapter: "04-accuracy")
        accuracy.table("main", columns: ["Method", "Accuracy"], rows: [
            ["SCN", .number(0.61, plusMinus: 0.02, format: .percent(1))],
            ["LLDif", .number(0.66, plusMinus: 0.01, format: .percent(1), highlight: true)],
        ], caption: "Accuracy on the LL test set (mean ± std over seeds).")
        accuracy.figure("confusion", files: try drawFigure("04-accuracy/confusion", hue: 0.5),
                        caption: "Confusion matrix of LLDif.")
        accuracy.provenance = ChapterProvenance(profile: "smoke", dataSource: "SynFER (embedded)", seeds: [1, 2, 3],
                                                runHashes: ["a1b2c3d4e5f60718293a4b5c6d7e8f90", "ffee0011223344556677"],
                                                wallTimeSeconds: 145)
        accuracy.value("margin", -0.012, format: .fixed(3))
        accuracy.interval("margin_interval", ResultInterval(estimate: -1.2, lower95: -2.5, upper95: -1.1, lower90: -2.3, upper90: -1.2,
                                                            seeds: 3, images: 3000), unit: "pp", format: .fixed(1))
        try accuracy.write(toFigures: figures)
    }

    /// Chapter files that use every directive; returns their paths.
    @discardableResult
    func writeSampleChapters() throws -> (low: String, accuracy: String) {
        let low = try chapter("01-low-light", """
        # Low light

        Low light darkens faces: the mean intensity falls to {{value 01-low-light/ll_mean}}
        ({{value ll_mean %.2e}} in scientific notation), accuracy drops by {{value drop}},
        and the synthesis (`{{value recipe}}` is the directive) uses {{value recipe}}; it took {{value time}}.

        {{figure 01-low-light/histograms}}

        ## Statistics

        {{ref table 01-low-light/stats}} lists the means; {{ref figure 04-accuracy/confusion}} comes later.

        {{table 01-low-light/stats}}

        {{figure faces}}

        ```
        {{figure this/is-code}}
        ```
        """)
        let accuracy = try chapter("04-accuracy", """
        # Accuracy

        ## Summary
        {{claims}}

        {{table 04-accuracy/main}}
        {{figure 04-accuracy/confusion}}
        """)
        return (low, accuracy)
    }
}
