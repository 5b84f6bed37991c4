// Chapter 01 — low light (the paper's Fig. 1): a face in normal light and in low light with their
// pixel histograms, and dataset-level intensity statistics, normal vs low light, for each dataset
// and both synthesis recipes.
import ArgumentParser
import Chapters
import FaceData
import Foundation
import Paper
import Plot

struct LowLightChapter: Chapter {
    static let configuration = CommandConfiguration(
        commandName: "01-low-light",
        abstract: "Chapter 01: faces and pixel statistics in normal and low light (the paper's Fig. 1).")

    @OptionGroup var options: ChapterOptions

    func write(_ ctx: inout ChapterRun) throws {
        let datasets = try ChapterDataset.selected(by: ctx.config)
        let count = ctx.config.data.statsCount
        let defaultRecipe = ctx.config.data.recipe
        let conditions: [(key: String, title: String, recipe: LowLightRecipe?)] =
            [("normal", "normal light", nil)] + LowLightRecipe.allCases.map { ("ll-\($0.rawValue)", "low light (\($0.rawValue))", $0) }

        try drawOneFace(datasets[0], recipe: defaultRecipe, into: &ctx)

        var rows: [[ResultCell]] = []
        var histogramPanels: [any Panel] = []
        for dataset in datasets {
            let n = min(count, dataset.source.count(.test))
            var series: [Series] = []
            for condition in conditions {
                let source = condition.recipe.map(dataset.lowLight) ?? dataset.source
                let stats = try statistics(of: source, count: n)
                let prefix = "\(dataset.name)_\(condition.key)"
                ctx.results.value(prefix + "_mean", stats.mean, format: .fixed(3))
                ctx.results.value(prefix + "_dark_share", stats.darkShare, format: .percent(1))
                rows.append([.text(dataset.displayName), .text(condition.title),
                             .number(stats.mean, format: .fixed(3)), .number(stats.standardDeviation, format: .fixed(3)),
                             .number(stats.median, format: .fixed(2)), .number(stats.darkShare, format: .percent(1))])
                series.append(Series(condition.title, stats.bins.map(Double.init)))
                if dataset.name == datasets[0].name && condition.recipe == defaultRecipe {
                    ctx.results.value("ll_mean", stats.mean, format: .fixed(3))
                    ctx.results.value("ll_dark_share", stats.darkShare, format: .percent(1))
                }
                if dataset.name == datasets[0].name && condition.recipe == nil {
                    ctx.results.value("normal_mean", stats.mean, format: .fixed(3))
                    ctx.results.value("normal_dark_share", stats.darkShare, format: .percent(1))
                }
            }
            histogramPanels.append(binnedHistogram(title: dataset.displayName, series: series))
            ctx.results.value("\(dataset.name)_images", Double(n), format: .integer)
        }
        let shown = min(count, datasets.map { $0.source.count(.test) }.min() ?? 0)
        ctx.results.value("images_per_dataset", Double(shown), format: .integer)
        ctx.results.text("recipe", defaultRecipe.rawValue)
        ctx.results.text("dataset", datasets[0].displayName)
        ctx.results.table("stats", columns: ["Dataset", "Condition", "Mean", "Std", "Median", "Pixels < 0.1"], rows: rows,
                          caption: "Pixel intensity (channel mean, 0–1) of the first " + datasets.map { "\(min(count, $0.source.count(.test))) test images of \($0.displayName)" }.joined(separator: ", ") + " (every test image when a split has fewer than \(count)), in normal light and under both low-light recipes.",
                          notes: "Median to the resolution of 50 bins. Pixels < 0.1: share of pixels darker than a tenth of full scale.")
        let histograms = Figure(rows: 1, cols: histogramPanels.count, panelSize: Size(width: 230, height: 180),
                                sharedLegend: true) { histogramPanels }
        try ctx.add(histograms, name: "histograms",
                    caption: "Pixel-intensity distributions per dataset (share of pixels per bin of width 0.02): normal light and both low-light recipes.")
        ctx.dataSource = ChapterDataset.describe(datasets)
        ctx.seeds = [ctx.config.data.seed]
    }

    /// Statistics over the first `count` test images of `source`, computed in parallel and added in order.
    private func statistics(of source: any FaceSource, count: Int) throws -> IntensityStatistics {
        let images = try Parallel.map(count) { try source.sample(.test, $0).image }
        var stats = IntensityStatistics()
        for image in images { stats.add(image) }
        return stats
    }

    /// Bars standing for a histogram whose bins are already counted: shares per bin over [0, 1].
    private func binnedHistogram(title: String, series: [Series]) -> Axes {
        let shares = series.map { s -> Series in
            let total = max(1, s.values.reduce(0, +))
            return Series(s.label, s.values.map { $0 / total })
        }
        let centres = (0..<IntensityStatistics.binCount).map { (Double($0) + 0.5) / Double(IntensityStatistics.binCount) }
        return Axes(title: title, x: .linear("intensity", limits: 0...1), y: .linear("share of pixels")) {
            for s in shares { Line(x: centres, y: s.values, label: s.label.isEmpty ? nil : s.label) }
        }
    }

    /// The paper's Fig. 1: one face, normal and low light (and brightened for the eye), each with its histogram.
    private func drawOneFace(_ dataset: ChapterDataset, recipe: LowLightRecipe, into ctx: inout ChapterRun) throws {
        let lowLight = try dataset.lowLight(recipe).sample(.test, 0)
        let normal = lowLight.normalLight ?? lowLight.image
        let bright = ContactSheet.brightened(lowLight.image)
        let faces = [("Normal light", normal), ("Low light (\(recipe.rawValue))", lowLight.image), ("Low light, brightened", bright)]
        var panels: [any Panel] = []
        for (title, image) in faces { panels.append(ImageGrid(title: title, images: [[try image.plotImage()]])) }
        for (title, image) in faces {
            var stats = IntensityStatistics()
            stats.add(image)
            panels.append(binnedHistogram(title: title, series: [Series("", stats.bins.map(Double.init))]))
        }
        let figure = Figure(rows: 2, cols: 3, panelSize: Size(width: 200, height: 170)) { panels }
        try ctx.add(figure, name: "face",
                    caption: "A test face of \(dataset.displayName) in normal light, in low light (\(recipe.rawValue) recipe) and brightened for the eye, with the pixel-intensity histogram of each.")
    }
}

LowLightChapter.main()
