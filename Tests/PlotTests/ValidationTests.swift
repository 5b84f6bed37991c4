import Testing
import Plot

/// Bad data stops a render with an error naming the mark, field and index; nothing is skipped.
@Suite struct ValidationTests {
    @Test func nanInALineIsRefusedWithItsPosition() {
        let figure = Figure { Axes { Line(x: [0, 1, 2, 3], y: [1, 2, .nan, 4], label: "train") } }
        #expect(throws: PlotError.nonFinite(mark: "line 'train'", field: "y", index: 2)) { try figure.render(.svg) }
    }

    @Test func infinityInAScatterIsRefused() {
        let figure = Figure { Axes { Scatter(x: [0, .infinity], y: [1, 2], label: "a") } }
        #expect(throws: PlotError.nonFinite(mark: "scatter", field: "x", index: 1)) { try figure.render(.png(dpi: 72)) }
    }

    @Test func nanInAHistogramIsRefused() {
        let figure = Figure { Axes { Histogram([Series("low light", [0.1, .nan])]) } }
        #expect(throws: PlotError.nonFinite(mark: "histogram series 'low light'", field: "values", index: 1)) {
            try figure.render(.pdf)
        }
    }

    @Test func nanInAHeatmapNamesTheRow() {
        let figure = Figure { Heatmap(values: [[1, 2], [3, .nan]], rowLabels: ["a", "b"], columnLabels: ["x", "y"]) }
        #expect(throws: PlotError.nonFinite(mark: "heatmap (untitled)", field: "values[1]", index: 1)) { try figure.render(.svg) }
    }

    @Test func nanPixelsAreRefused() {
        #expect(throws: PlotError.nonFinite(mark: "image 2x1x1", field: "floats", index: 1)) {
            try PlotImage(width: 2, height: 1, channels: 1, floats: [0.5, .nan])
        }
    }

    @Test func zeroOnALogAxisIsRefused() {
        let figure = Figure { Axes(y: .log()) { Line(x: [1, 2], y: [1, 0], label: "loss") } }
        #expect(throws: PlotError.nonPositiveOnLogAxis(mark: "line 'loss'", field: "y", index: 1, value: 0)) {
            try figure.render(.svg)
        }
    }

    @Test func mismatchedLengthsAreRefused() {
        let figure = Figure { Axes { Bars(categories: ["a", "b"], series: [Series("s", [1, 2, 3])]) } }
        #expect(throws: PlotError.lengthMismatch(mark: "bars series 's'", field: "values", expected: 2, actual: 3)) {
            try figure.render(.svg)
        }
    }

    @Test func badShapesAreRefused() {
        #expect(throws: PlotError.self) { try PlotImage(width: 2, height: 2, channels: 1, bytes: [1, 2, 3]) }
        #expect(throws: PlotError.self) { try PlotImage(width: 1, height: 1, channels: 2, bytes: [1, 2]) }
        let ragged = Figure { Heatmap(values: [[1, 2], [3]], rowLabels: ["a", "b"], columnLabels: ["x", "y"]) }
        #expect(throws: PlotError.badShape(what: "heatmap (untitled)", detail: "row 1 has 1 values, row 0 has 2")) {
            try ragged.render(.svg)
        }
        let table = Figure { Table(header: ["a", "b"], rows: [["1"]]) }
        #expect(throws: PlotError.badShape(what: "table (untitled)", detail: "row 0 has 1 cells, the header has 2")) {
            try table.render(.svg)
        }
    }

    @Test func tooManyPanelsAreRefused() {
        let figure = Figure(rows: 1, cols: 1) {
            Axes { Line(x: [0, 1], y: [0, 1]) }
            Axes { Line(x: [0, 1], y: [0, 1]) }
        }
        #expect(throws: PlotError.tooManyPanels(grid: "1x1", panels: 2)) { try figure.render(.svg) }
    }

    @Test func errorsReadAsSentences() {
        let e = PlotError.nonFinite(mark: "line 'train'", field: "y", index: 2)
        #expect(e.description == "line 'train': y[2] is NaN or infinite; plots refuse non-finite data (filter it first)")
    }
}

/// Axis limits and output paths.
@Suite struct LimitAndWriteTests {
    @Test func infiniteOrEmptyLimitsAreRefused() {
        let infinite = Figure { Axes(title: "a", x: .linear(limits: 0...Double.infinity)) { Line(x: [0, 1], y: [0, 1]) } }
        #expect(throws: PlotError.nonFinite(mark: "axes 'a'", field: "x limits", index: 1)) { try infinite.render(.svg) }
        let empty = Figure { Axes(title: "a", y: .linear(limits: 2...2)) { Line(x: [0, 1], y: [0, 1]) } }
        #expect(throws: PlotError.badShape(what: "axes 'a'", detail: "y limits 2.0...2.0 are empty")) { try empty.render(.svg) }
        let logZero = Figure { Axes(title: "a", y: .log(limits: 0...10)) { Line(x: [0, 1], y: [1, 2]) } }
        #expect(throws: PlotError.nonPositiveOnLogAxis(mark: "axes 'a'", field: "y limits", index: 0, value: 0)) {
            try logZero.render(.svg)
        }
    }

    @Test func anUnwritablePathIsReportedByName() {
        let figure = Figure { Axes { Line(x: [0, 1], y: [0, 1]) } }
        #expect(throws: PlotError.self) { try figure.write(to: "/proc/no-such-folder/figure", formats: [.svg]) }
    }
}
