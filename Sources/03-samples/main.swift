// Chapter 03 — samples: for each dataset a grid per class of test faces in normal light, in low light
// as the models see them, and in low light brightened for the eye.
import ArgumentParser
import Chapters
import FaceData
import Foundation
import Paper
import Plot

struct SamplesChapter: Chapter {
    static let configuration = CommandConfiguration(
        commandName: "03-samples",
        abstract: "Chapter 03: sample faces per class in normal light, low light and brightened low light.")

    @OptionGroup var options: ChapterOptions

    @Option(help: "Faces per class in each grid.")
    var perClass = 4

    var inputs: [String] { ["per_class=\(perClass)"] }

    func validate() throws {
        guard perClass >= 1 else { throw ValidationError("--per-class must be at least 1") }
    }

    func write(_ ctx: inout ChapterRun) throws {
        let datasets = try ChapterDataset.selected(by: ctx.config)
        let recipe = ctx.config.data.recipe
        var rows: [[any Panel]] = []
        for dataset in datasets {
            let classes = dataset.source.classNames
            var picked = Array(repeating: [Int](), count: classes.count)
            // Visit the test split in a fixed scrambled order (a stride prime to its size), so the
            // grid shows many people rather than the first person's images of a subject-ordered split.
            let count = dataset.source.count(.test)
            let stride = [7919, 7907, 7901].first { count % $0 != 0 } ?? 1
            var visited = 0
            while picked.contains(where: { $0.count < perClass }) && visited < count {
                let index = (visited * stride) % count
                let label = try dataset.label(.test, index)
                if picked[label].count < perClass { picked[label].append(index) }
                visited += 1
            }
            let lowLight = dataset.lowLight(recipe)
            var normal: [[PlotImage?]] = [], dark: [[PlotImage?]] = [], bright: [[PlotImage?]] = []
            for indices in picked {
                let samples = try indices.map { try lowLight.sample(.test, $0) }
                normal.append(try samples.map { try ($0.normalLight ?? $0.image).plotImage() })
                dark.append(try samples.map { try $0.image.plotImage() })
                bright.append(try samples.map { try ContactSheet.brightened($0.image).plotImage() })
            }
            let cell = Double(perClass) * 52
            let panels: [any Panel] = [
                ImageGrid(title: "\(dataset.displayName): normal light", images: normal, rowLabels: classes),
                ImageGrid(title: "Low light (\(recipe.rawValue))", images: dark, rowLabels: classes),
                ImageGrid(title: "Low light, brightened", images: bright, rowLabels: classes),
            ]
            rows.append(panels)
            let figure = Figure(rows: 1, cols: 3, title: dataset.displayName,
                                panelSize: Size(width: cell + 70, height: Double(classes.count) * 52 + 30)) { panels }
            try ctx.add(figure, name: "grid-\(dataset.name)",
                        caption: "Test faces of \(dataset.displayName), \(perClass) per class (rows): in normal light, in low light as the models see them, and the same low-light images brightened for the eye (scaled to a mean of 0.45, clipped). Classes with fewer test faces show fewer.")
        }
        // Every dataset in one figure, for prose that cannot know which datasets were found (real data).
        let tallest = datasets.map { $0.source.classNames.count }.max() ?? 1
        let all = Figure(rows: rows.count, cols: 3, panelSize: Size(width: Double(perClass) * 52 + 70, height: Double(tallest) * 52 + 30)) {
            rows.flatMap { $0 }
        }
        try ctx.add(all, name: "grids",
                    caption: "Test faces of \(datasets.map(\.displayName).joined(separator: ", ")), \(perClass) per class (rows): in normal light, in low light as the models see them, and brightened for the eye (scaled to a mean of 0.45, clipped).")
        ctx.results.value("per_class", Double(perClass), format: .integer)
        ctx.dataSource = ChapterDataset.describe(datasets)
        ctx.seeds = [ctx.config.data.seed]
    }
}

SamplesChapter.main()
