import ArgumentParser
import Chapters
import FaceData
import Foundation
import Paper
import Plot
import Testing

@Suite struct IntensityStatisticsTests {
    @Test func statisticsOfAHandMadeImage() {
        // A 2×2 RGB image whose pixels have channel means 0.05, 0.05, 0.45 and 0.85.
        let r: [Float] = [0.05, 0.05, 0.45, 0.85]
        let image = FaceImage(width: 2, height: 2, channels: 3, pixels: r + r + r)
        var stats = IntensityStatistics()
        stats.add(image)
        #expect(stats.count == 4)
        #expect(abs(stats.mean - 0.35) < 1e-6)
        #expect(abs(stats.darkShare - 0.5) < 1e-12)
        // Sample std of [0.05, 0.05, 0.45, 0.85].
        let expectedStd = (([0.05, 0.05, 0.45, 0.85].map { ($0 - 0.35) * ($0 - 0.35) }.reduce(0, +)) / 3).squareRoot()
        #expect(abs(stats.standardDeviation - expectedStd) < 1e-6)
        // The median falls in the bin of 0.05 (the 2nd of 4 values): [0.04, 0.06), centre 0.05.
        #expect(abs(stats.median - 0.05) < 1e-12)
        #expect(stats.bins.reduce(0, +) == 4)
    }
}

@Suite struct ChapterContextTests {
    func options(_ figures: URL, _ extra: [String] = []) throws -> ChapterOptions {
        try ChapterOptions.parse(["--profile", "smoke", "--figures", figures.path] + extra)
    }

    @Test func resultsAreUpToDateOnlyForTheSameInputsAndFiles() throws {
        let figures = FileManager.default.temporaryDirectory.appendingPathComponent("chapter-\(UUID().uuidString)")
        var ctx = try ChapterContext(chapter: "01-low-light", revision: 1, options: try options(figures))
        #expect(!ctx.isUpToDate)
        let figure = Figure { Axes { Line(x: [0, 1], y: [1, 0]) } }
        try ctx.add(figure, name: "line", caption: "A line.")
        try ctx.finish(dataSource: "test", seeds: [0])
        #expect(try ChapterContext(chapter: "01-low-light", revision: 1, options: try options(figures)).isUpToDate)
        #expect(!(try ChapterContext(chapter: "01-low-light", revision: 2, options: try options(figures)).isUpToDate),
                "a new code revision redoes the chapter")
        #expect(!(try ChapterContext(chapter: "01-low-light", revision: 1,
                                     options: try options(figures, ["--set", "data.seed=7"])).isUpToDate),
                "other settings redo the chapter")
        try FileManager.default.removeItem(at: figures.appendingPathComponent("01-low-light/line.png"))
        #expect(!(try ChapterContext(chapter: "01-low-light", revision: 1, options: try options(figures)).isUpToDate),
                "a missing figure file redoes the chapter")
    }

    @Test func badSettingsAreNamed() throws {
        let figures = FileManager.default.temporaryDirectory.appendingPathComponent("chapter-\(UUID().uuidString)")
        #expect(throws: ChapterError.self) {
            try ChapterContext(chapter: "01-low-light", revision: 1, options: try options(figures, ["--set", "data.seeds=1"]))
        }
        let ctx = try ChapterContext(chapter: "01-low-light", revision: 1,
                                     options: try options(figures, ["--set", "data.source=real"]))
        #expect(throws: ChapterError.self) { try ChapterDataset.selected(by: ctx.settings) }
    }

    @Test func syntheticDatasetsNameWhatTheyMirror() throws {
        let datasets = try ChapterDataset.selected(by: Profile.smoke.settings)
        #expect(datasets.map(\.name) == ["syn-raf", "syn-ferplus", "syn-kdef"])
        #expect(datasets.map(\.mirrors) == ["RAF-DB", "FERPlus", "KDEF"])
        #expect(datasets.allSatisfy { $0.displayName.contains("SynFER") })
        #expect(PublishedCounts.trainShares(of: "RAF-DB")!.reduce(0, +) > 0.999)
    }
}
