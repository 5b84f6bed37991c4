// Chapter 02 — emotion distribution (the paper's Fig. 4): the class distribution of each dataset,
// train and test, beside the real datasets' published distributions. The low-light versions share
// their normal-light labels image for image (the degradation never touches a label).
import ArgumentParser
import Chapters
import FaceData
import Foundation
import Paper
import Plot

struct EmotionDistributionChapter: Chapter {
    static let configuration = CommandConfiguration(
        commandName: "02-emotion-distribution",
        abstract: "Chapter 02: class distributions of each dataset beside the published ones (the paper's Fig. 4).")

    @OptionGroup var options: ChapterOptions

    func write(_ ctx: inout ChapterRun) throws {
        let datasets = try ChapterDataset.selected(by: ctx.config)
        var panels: [any Panel] = []
        var rows: [[ResultCell]] = []
        var largestGap = 0.0
        for dataset in datasets {
            let classes = dataset.source.classNames
            var series: [Series] = []
            var shares: [Split: [Double]] = [:]
            for split in dataset.source.splits where dataset.source.count(split) > 0 {
                let labels = try Parallel.map(dataset.source.count(split)) { try dataset.label(split, $0) }
                var counts = Array(repeating: 0.0, count: classes.count)
                for l in labels { counts[l] += 1 }
                let share = counts.map { $0 / Double(labels.count) }
                shares[split] = share
                series.append(Series("\(split.rawValue) (\(dataset.isSynthetic ? "SynFER" : "real"), n = \(labels.count))",
                                     share.map { $0 * 100 }))
                ctx.results.value("\(dataset.name)_\(split.rawValue)_count", Double(labels.count), format: .integer)
            }
            guard let train = shares[.train] else { throw ChapterError.data("\(dataset.displayName) has no training split") }
            let published = PublishedCounts.trainShares(of: dataset.mirrors)
            if let published { largestGap = max(largestGap, zip(train, published).map { abs($0 - $1) }.max() ?? 0) }
            if dataset.isSynthetic, let published {
                series.append(Series("\(dataset.mirrors) train, published", published.map { $0 * 100 }))
                if let test = PublishedCounts.testShares(of: dataset.mirrors) {
                    series.append(Series("\(dataset.mirrors) test, published", test.map { $0 * 100 }))
                }
                let gap = zip(train, published).map { abs($0 - $1) }.max() ?? 0
                ctx.results.value("\(dataset.name)_max_share_gap", gap * 100, unit: "pp", format: .fixed(1))
            }
            for (c, name) in classes.enumerated() {
                rows.append([.text(dataset.displayName), .text(name),
                             .number(train[c], format: .percent(1)),
                             shares[.test].map { .number($0[c], format: .percent(1)) } ?? .text("—"),
                             published.map { .number($0[c], format: .percent(1)) } ?? .text("—")])
            }
            panels.append(Axes(title: dataset.displayName, x: .linear(), y: .linear("share of images (%)"), legend: .outsideRight) {
                Bars(categories: classes, series: series)
            })
        }
        // Over every dataset found, for prose that cannot know which (real data): how far the training
        // shares are from the published ones (on real data, a check that the copy is the published one).
        ctx.results.value("max_share_gap", largestGap * 100, unit: "pp", format: .fixed(1))
        ctx.results.table("shares", columns: ["Dataset", "Class", "Train", "Test", "Published train"], rows: rows,
                          caption: "Class shares of each dataset's train and test splits beside the published training-set shares of the real dataset it mirrors.",
                          notes: "FERPlus shares are the approximate published majority-vote shares; KDEF is balanced by design. Low-light versions have the same labels.")
        let figure = Figure(rows: datasets.count, cols: 1, panelSize: Size(width: 760, height: 200)) { panels }
        try ctx.add(figure, name: "distribution",
                    caption: "Emotion distribution of each dataset: share of images per class in the train and test splits, beside the published distribution of the real dataset it mirrors.")
        ctx.dataSource = ChapterDataset.describe(datasets)
        ctx.seeds = [ctx.config.data.seed]
    }
}

EmotionDistributionChapter.main()
