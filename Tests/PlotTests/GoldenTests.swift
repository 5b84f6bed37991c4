import Foundation
import Testing
import Plot
import PlotGallery

/// How far a rendered PNG may stray from its golden file.
///
/// Pixels, not SVG bytes, are compared: SVG bytes change with any Cairo or Pango release (glyph
/// outlines, path number formatting, element order) even when the picture does not, whereas the
/// picture is what a reader sees. The tolerance only absorbs anti-aliasing noise: a pixel counts as
/// changed when a channel moves by more than 48/255, and at most 0.005% of pixels (a dozen in a
/// typical gallery figure) may change, with a mean absolute difference of at most 0.5/255. A
/// changed digit in one label breaks that (see `comparisonCatchesOneChangedDigit`).
/// Byte-exact output on one machine is checked separately in `DeterminismTests`.
struct PixelComparison {
    var changedPixels = 0
    var meanAbsoluteDifference = 0.0
    var sameSize = true

    init(_ a: PlotImage, _ b: PlotImage) {
        guard a.width == b.width, a.height == b.height else { sameSize = false; return }
        var total = 0
        for p in 0..<(a.width * a.height) {
            var worst = 0
            for c in 0..<3 {
                let d = abs(Int(a.pixels[p * 3 + c]) - Int(b.pixels[p * 3 + c]))
                total += d; worst = max(worst, d)
            }
            if worst > 48 { changedPixels += 1 }
        }
        meanAbsoluteDifference = Double(total) / Double(a.width * a.height * 3)
    }

    func matches(pixels: Int) -> Bool {
        sameSize && Double(changedPixels) <= max(2, 0.00005 * Double(pixels)) && meanAbsoluteDifference <= 0.5
    }
}

/// Each gallery chart against its committed golden PNG (written only by `make golden`).
@Suite struct GoldenTests {
    static let names = ["lines", "scatter", "histograms", "bars", "heatmaps", "images", "table"]

    @Test func galleryListsEveryGoldenChart() throws {
        #expect(try Gallery.figures().map(\.name) == Self.names)
    }

    @Test(arguments: names)
    func chartMatchesGolden(name: String) throws {
        let figure = try #require(try Gallery.figures().first { $0.name == name }?.figure)
        let url = try #require(Bundle.module.url(forResource: "Golden/\(name)", withExtension: "png"),
                               "missing golden file \(name).png: run make golden")
        let golden = try PNGDecoding.decode([UInt8](Data(contentsOf: url)))
        let rendered = try figure.rasterize(dpi: Gallery.goldenDPI)
        let c = PixelComparison(rendered, golden)
        #expect(c.sameSize, "\(name): rendered \(rendered.width)x\(rendered.height), golden \(golden.width)x\(golden.height)")
        #expect(c.matches(pixels: golden.width * golden.height),
                "\(name): \(c.changedPixels) pixels changed, mean difference \(c.meanAbsoluteDifference)")
    }

    @Test func comparisonCatchesOneChangedDigit() throws {
        func bars(_ value: Double) -> Figure {
            Figure(panelSize: Size(width: 250, height: 190)) {
                Axes(y: .linear("accuracy (%)")) {
                    Bars(categories: ["A", "B", "C"], series: [Series("m", [61.2, 48.5, value])], valueLabels: true, valueFormat: "%.1f")
                }
            }
        }
        let reference = try bars(38.1).rasterize(dpi: Gallery.goldenDPI)
        let again = try bars(38.1).rasterize(dpi: Gallery.goldenDPI)
        let changed = try bars(38.7).rasterize(dpi: Gallery.goldenDPI)
        #expect(PixelComparison(reference, again).matches(pixels: reference.width * reference.height))
        let c = PixelComparison(reference, changed)
        #expect(!c.matches(pixels: reference.width * reference.height), "a changed label went unnoticed: \(c.changedPixels) pixels")
    }
}
