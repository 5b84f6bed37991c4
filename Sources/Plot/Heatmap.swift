import CCairo
import Foundation

/// A matrix of coloured cells with row and column labels, optional value annotations in each
/// cell, and a colour bar: a confusion matrix, or any table of numbers read by colour.
///
/// ```swift
/// Heatmap(title: "LLDif", values: rowNormalised, rowLabels: emotions, columnLabels: emotions,
///         rowAxisLabel: "true", columnAxisLabel: "predicted", range: 0...1, annotation: "%.2f")
/// ```
/// Cells are square. Annotation text is white on dark cells and ink on light ones; annotations
/// that would not fit their cell are left out rather than overflow.
public struct Heatmap: Panel {
    /// The panel title.
    public var title: String?
    /// The values, `values[row][column]`.
    public var values: [[Double]]
    /// One label per row, top to bottom.
    public var rowLabels: [String]
    /// One label per column, left to right.
    public var columnLabels: [String]
    /// The label of the row axis (e.g. "true class"), or nil.
    public var rowAxisLabel: String?
    /// The label of the column axis (e.g. "predicted class"), or nil.
    public var columnAxisLabel: String?
    /// The value range mapped onto the colour map; nil for the data range.
    public var range: ClosedRange<Double>?
    /// The colour map.
    public var colorMap: ColorMap
    /// The `printf` format of cell annotations (e.g. `"%.2f"`, `"%.0f"`), or nil for none.
    public var annotation: String?
    /// Whether to draw a colour bar on the right.
    public var colorBar: Bool
    /// The colour bar's label, or nil.
    public var colorBarLabel: String?

    /// A heatmap of `values`.
    public init(title: String? = nil, values: [[Double]], rowLabels: [String], columnLabels: [String],
                rowAxisLabel: String? = nil, columnAxisLabel: String? = nil, range: ClosedRange<Double>? = nil,
                colorMap: ColorMap = .blues, annotation: String? = "%.2f", colorBar: Bool = true, colorBarLabel: String? = nil) {
        self.title = title; self.values = values; self.rowLabels = rowLabels; self.columnLabels = columnLabels
        self.rowAxisLabel = rowAxisLabel; self.columnAxisLabel = columnAxisLabel; self.range = range
        self.colorMap = colorMap; self.annotation = annotation; self.colorBar = colorBar; self.colorBarLabel = colorBarLabel
    }

    private var name: String { "heatmap \(title.map { "'\($0)'" } ?? "(untitled)")" }

    /// Throws on an empty or ragged matrix, label counts that do not match, or non-finite values.
    public func validate() throws {
        guard let first = values.first, !first.isEmpty else { throw PlotError.empty(what: name) }
        for (r, row) in values.enumerated() {
            guard row.count == first.count else {
                throw PlotError.badShape(what: name, detail: "row \(r) has \(row.count) values, row 0 has \(first.count)")
            }
            try checkFinite(row, mark: name, field: "values[\(r)]")
        }
        guard rowLabels.count == values.count else {
            throw PlotError.badShape(what: name, detail: "\(rowLabels.count) row labels for \(values.count) rows")
        }
        guard columnLabels.count == first.count else {
            throw PlotError.badShape(what: name, detail: "\(columnLabels.count) column labels for \(first.count) columns")
        }
        if let range, !(range.upperBound > range.lowerBound) {
            throw PlotError.badShape(what: name, detail: "empty colour range \(range)")
        }
    }

    /// The value range the colour map spans.
    public var colorRange: ClosedRange<Double> {
        if let range { return range }
        let all = values.flatMap { $0 }
        let lo = all.min() ?? 0, hi = all.max() ?? 1
        return lo < hi ? lo...hi : (lo - 0.5)...(hi + 0.5)
    }

    /// The colour of `value`: its position in `colorRange` (clamped) looked up in the colour map.
    public func color(for value: Double) -> Color {
        let r = colorRange
        return colorMap.color(at: (value - r.lowerBound) / (r.upperBound - r.lowerBound))
    }

    private static let slant = 35.0 * Double.pi / 180
    private static let barWidth = 9.0

    private func columnLabelsSlanted(_ canvas: Canvas, cellSize: Double) -> Bool {
        columnLabels.map { canvas.measure($0, .tickLabel).width }.max() ?? 0 > cellSize * 0.92
    }

    private func columnLabelsHeight(_ canvas: Canvas, slanted: Bool) -> Double {
        columnLabels.map { l -> Double in
            let s = canvas.measure(l, .tickLabel)
            return slanted ? s.width * sin(Self.slant) + s.height * cos(Self.slant) : s.height
        }.max() ?? 0
    }

    private func colorBarTicks() -> Ticks {
        NiceTicks.linear(min: colorRange.lowerBound, max: colorRange.upperBound, count: 5, fixed: true)
    }

    private func colorBarWidth(_ canvas: Canvas) -> Double {
        guard colorBar else { return 0 }
        let t = colorBarTicks()
        let labels = t.major.map { canvas.measure(TickFormat.linear($0, decimals: t.decimals), .tickLabel).width }.max() ?? 0
        let th = canvas.theme
        return 2 * th.padding + Self.barWidth + th.tickLength + th.padding * 0.6 + labels
            + (colorBarLabel.map { canvas.measure($0, .axisLabel).height + th.padding } ?? 0)
    }

    /// Space for title, row labels, column labels and the colour bar.
    public func margins(in canvas: Canvas, cell: Rect) -> Insets {
        let th = canvas.theme
        let rowWidth = rowLabels.map { canvas.measure($0, .tickLabel).width }.max() ?? 0
        var left = rowWidth + th.padding
        if let l = rowAxisLabel { left += canvas.measure(l, .axisLabel).height + th.padding }
        // The cell size is not known yet: guess low (width- or height-bound, less 10%) so that
        // slanted labels always get their room.
        let widthBound = (cell.width - left - colorBarWidth(canvas)) / Double(max(columnLabels.count, 1))
        let heightBound = (cell.height - panelTitleHeight(title, canvas: canvas) - 4 * th.padding) / Double(max(values.count, 1))
        let guessCell = 0.9 * min(widthBound, heightBound)
        var bottom = th.padding + columnLabelsHeight(canvas, slanted: columnLabelsSlanted(canvas, cellSize: guessCell))
        if let l = columnAxisLabel { bottom += canvas.measure(l, .axisLabel).height + th.padding }
        return Insets(top: panelTitleHeight(title, canvas: canvas) + th.padding, left: left, bottom: bottom,
                      right: colorBarWidth(canvas) + th.padding)
    }

    /// Draws cells, annotations, labels and the colour bar.
    public func draw(in canvas: Canvas, area: Rect) {
        let th = canvas.theme, cr = canvas.cr
        let nr = values.count, nc = values[0].count
        let cell = min(area.width / Double(nc), area.height / Double(nr))
        let grid = Rect(x: area.x + (area.width - cell * Double(nc)) / 2, y: area.y, width: cell * Double(nc), height: cell * Double(nr))

        var fits = annotation != nil
        if let f = annotation {
            let widest = values.flatMap { $0 }.map { canvas.measure(String(format: f, $0), .annotation).width }.max() ?? 0
            fits = widest <= cell * 0.92 && canvas.measure("0", .annotation).height <= cell * 0.9
        }
        for r in 0..<nr {
            for c in 0..<nc {
                let rect = Rect(x: grid.x + Double(c) * cell, y: grid.y + Double(r) * cell, width: cell, height: cell)
                let color = self.color(for: values[r][c])
                // A hair of overlap hides seams between cells in anti-aliased renderers.
                canvas.fillRect(Rect(x: rect.x, y: rect.y, width: rect.width + 0.05, height: rect.height + 0.05), color)
                if fits, let f = annotation {
                    let text = String(format: f, values[r][c]).replacingOccurrences(of: "-", with: "\u{2212}")
                    canvas.drawText(text, .annotation, at: rect.center, h: .center, v: .middle,
                                    color: color.luminance < 0.36 ? .white : .ink)
                }
            }
        }
        cairo_set_line_width(cr, th.spineWidth)
        canvas.setColor(.ink)
        cairo_rectangle(cr, grid.x, grid.y, grid.width, grid.height)
        cairo_stroke(cr)

        // Row labels on the left, column labels below (slanted when they would collide).
        let rowRight = grid.x - th.padding
        for (r, l) in rowLabels.enumerated() {
            canvas.drawText(l, .tickLabel, at: Point(x: rowRight, y: grid.y + (Double(r) + 0.5) * cell), h: .right, v: .middle)
        }
        let slanted = columnLabelsSlanted(canvas, cellSize: cell)
        for (c, l) in columnLabels.enumerated() {
            let x = grid.x + (Double(c) + 0.5) * cell
            if slanted {
                canvas.drawText(l, .tickLabel, at: Point(x: x + 2, y: grid.maxY + th.padding - 2), h: .right, v: .top, angle: Self.slant)
            } else {
                canvas.drawText(l, .tickLabel, at: Point(x: x, y: grid.maxY + th.padding), h: .center, v: .top)
            }
        }
        if let l = columnAxisLabel {
            let y = grid.maxY + th.padding + columnLabelsHeight(canvas, slanted: slanted) + th.padding
            canvas.drawText(l, .axisLabel, at: Point(x: grid.center.x, y: y), h: .center, v: .top)
        }
        if let l = rowAxisLabel {
            let widest = rowLabels.map { canvas.measure($0, .tickLabel).width }.max() ?? 0
            let x = rowRight - widest - th.padding - canvas.measure(l, .axisLabel).height
            canvas.drawText(l, .axisLabel, at: Point(x: x, y: grid.center.y), h: .center, v: .top, angle: .pi / 2)
        }
        drawPanelTitle(title, canvas: canvas, area: grid, above: th.padding)
        if colorBar { drawColorBar(canvas, beside: grid) }
    }

    private func drawColorBar(_ canvas: Canvas, beside grid: Rect) {
        let th = canvas.theme, cr = canvas.cr
        let bar = Rect(x: grid.maxX + 2 * th.padding, y: grid.y, width: Self.barWidth, height: grid.height)
        // The colour map is piecewise linear in RGB, so a gradient with a stop at each anchor is exact.
        let gradient = cairo_pattern_create_linear(0, bar.maxY, 0, bar.y)!
        for (i, a) in colorMap.anchors.enumerated() {
            cairo_pattern_add_color_stop_rgb(gradient, Double(i) / Double(colorMap.anchors.count - 1), a.red, a.green, a.blue)
        }
        cairo_rectangle(cr, bar.x, bar.y, bar.width, bar.height)
        cairo_set_source(cr, gradient)
        cairo_fill(cr)
        cairo_pattern_destroy(gradient)
        canvas.setColor(.ink)
        cairo_set_line_width(cr, th.spineWidth)
        cairo_rectangle(cr, bar.x, bar.y, bar.width, bar.height)
        cairo_stroke(cr)
        let t = colorBarTicks()
        let scale = Scale(kind: .linear, lower: colorRange.lowerBound, upper: colorRange.upperBound, start: bar.maxY, end: bar.y)
        var widest = 0.0
        for v in t.major {
            let y = scale.map(v)
            canvas.strokeLine(Point(x: bar.maxX, y: y), Point(x: bar.maxX + th.tickLength, y: y), color: .ink, width: th.spineWidth)
            let s = canvas.drawText(TickFormat.linear(v, decimals: t.decimals), .tickLabel,
                                    at: Point(x: bar.maxX + th.tickLength + th.padding * 0.6, y: y), v: .middle)
            widest = max(widest, s.width)
        }
        if let l = colorBarLabel {
            let x = bar.maxX + th.tickLength + th.padding * 0.6 + widest + th.padding + canvas.measure(l, .axisLabel).height
            canvas.drawText(l, .axisLabel, at: Point(x: x, y: bar.center.y), h: .center, v: .top, angle: -.pi / 2)
        }
    }

    /// No legend: the colour bar explains the colours.
    public func legendEntries() -> [LegendEntry] { [] }
}
