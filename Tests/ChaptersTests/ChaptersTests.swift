import Configuration
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

@Suite struct ChapterRunTests {
    func options(_ figures: URL, _ extra: [String] = []) throws -> ChapterOptions {
        try ChapterOptions.parse(["--profile", "smoke", "--figures", figures.path] + extra)
    }

    func start(_ figures: URL, _ extra: [String] = [], inputs: [String] = []) throws -> ChapterRun? {
        try ChapterRun(name: "01-low-light", options: try options(figures, extra), requests: { _ in [] }, inputs: inputs)
    }

    @Test func resultsAreUpToDateOnlyForTheSameInputsAndFiles() throws {
        let figures = FileManager.default.temporaryDirectory.appendingPathComponent("chapter-\(UUID().uuidString)")
        var chapter = try #require(try start(figures))
        let figure = Figure { Axes { Line(x: [0, 1], y: [1, 0]) } }
        try chapter.add(figure, name: "line", caption: "A line.")
        chapter.dataSource = "test"
        try chapter.finish()
        #expect(try start(figures) == nil, "the same inputs are up to date")
        #expect(try start(figures, inputs: ["per_class=5"]) != nil, "other chapter options redo the chapter")
        #expect(try start(figures, ["--set", "data.seed=7"]) != nil, "other settings redo the chapter")
        #expect(try start(figures, ["--force"]) != nil, "--force redoes the chapter")
        try FileManager.default.removeItem(at: figures.appendingPathComponent("01-low-light/line.png"))
        #expect(try start(figures) != nil, "a missing figure file redoes the chapter")
    }

    @Test func badSettingsAreNamed() throws {
        let figures = FileManager.default.temporaryDirectory.appendingPathComponent("chapter-\(UUID().uuidString)")
        #expect(throws: SettingsError.self) { try start(figures, ["--set", "data.seeds=1"]) }
        #expect(throws: SettingsError.self) { try start(figures, ["--set", "data.source=real"]) }
        let real = try Profile.smoke.config(overriding: ["data.source=real", "data.root=\(figures.path)"])
        #expect(throws: ChapterError.self) { try ChapterDataset.selected(by: real) }
    }

    @Test func syntheticDatasetsNameWhatTheyMirror() throws {
        let datasets = try ChapterDataset.selected(by: Profile.smoke.config)
        #expect(datasets.map(\.name) == ["syn-raf", "syn-ferplus", "syn-kdef"])
        #expect(datasets.map(\.mirrors) == ["RAF-DB", "FERPlus", "KDEF"])
        #expect(datasets.allSatisfy { $0.displayName.contains("SynFER") })
        #expect((PublishedCounts.trainShares(of: "RAF-DB")?.reduce(0, +) ?? 0) > 0.999)
    }
}
