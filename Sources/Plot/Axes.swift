import CCairo
import Foundation

/// A panel with an x and a y axis and marks drawn against them.
///
/// ```swift
/// Axes(title: "Training loss", x: .linear("epoch"), y: .log("loss")) {
///     Line(x: epochs, y: loss, label: "LLDif", band: ErrorBand(lower: lo, upper: hi))
///     Line(x: epochs, y: baseline, label: "SCN", dash: [4, 2])
/// }
/// ```
/// The axes take left and bottom spines, outward ticks, light grid lines behind the data, and a
/// legend placed where it covers the fewest data points (see `LegendPlacement`).
public struct Axes: Panel {
    /// The panel title.
    public var title: String?
    /// The horizontal axis.
    public var x: Axis
    /// The vertical axis.
    public var y: Axis
    /// Where the legend goes.
    public var legend: LegendPlacement
    /// The marks, drawn in order.
    public var marks: [any Mark]

    /// Axes drawing `marks` against `x` and `y`.
    public init(title: String? = nil, x: Axis = .linear(), y: Axis = .linear(), legend: LegendPlacement = .best,
                @MarkBuilder marks: () -> [any Mark]) {
        self.title = title; self.x = x; self.y = y; self.legend = legend; self.marks = marks()
    }

    /// Throws when there are no marks or a mark's data is invalid.
    public func validate() throws {
        guard !marks.isEmpty else { throw PlotError.empty(what: "axes \(title.map { "'\($0)'" } ?? "(untitled)")") }
        for m in marks { try m.validate(x: x.scale, y: y.scale) }
        let name = "axes \(title.map { "'\($0)'" } ?? "(untitled)")"
        for (axis, field) in [(x, "x limits"), (y, "y limits")] {
            guard let l = axis.limits else { continue }
            try checkFinite([l.lowerBound, l.upperBound], mark: name, field: field, logAxis: axis.scale == .log)
            guard l.upperBound > l.lowerBound else {
                throw PlotError.badShape(what: name, detail: "\(field) \(l) are empty")
            }
        }
    }

    /// Category names when a mark asked for a categorical x axis.
    var categories: [String]? { marks.lazy.compactMap(\.categories).first }

    /// The ticks of both axes, from the marks' extents or the fixed limits.
    func ticks() -> (x: Ticks, y: Ticks) {
        let extent = marks.map { $0.extent(x: x.scale, y: y.scale) }.reduce(Extent()) { $0.union($1) }
        func ticks(_ axis: Axis, _ range: ClosedRange<Double>?) -> Ticks {
            let r = axis.limits ?? range ?? (axis.scale == .log ? 1...10 : 0...1)
            switch axis.scale {
            case .linear:
                return NiceTicks.linear(min: r.lowerBound, max: r.upperBound, count: axis.tickCount, fixed: axis.limits != nil)
            case .log:
                var t = LogTicks.ticks(min: r.lowerBound, max: r.upperBound, count: axis.tickCount)
                if let l = axis.limits {
                    t.lower = l.lowerBound; t.upper = l.upperBound
                    t.major = t.major.filter { l.contains($0) }; t.minor = t.minor.filter { l.contains($0) }
                }
                return t
            }
        }
        var xt = ticks(x, extent.x)
        if let c = categories {
            xt = Ticks(lower: -0.5, upper: Double(c.count) - 0.5, major: c.indices.map(Double.init))
        }
        return (xt, ticks(y, extent.y))
    }

    private func label(_ v: Double, _ t: Ticks, _ axis: Axis) -> String {
        axis.scale == .log ? TickFormat.log(v) : TickFormat.linear(v, decimals: t.decimals)
    }

    /// Laid-out tick labels of both axes, and whether the x labels are slanted.
    private func tickLabels(_ canvas: Canvas, _ t: (x: Ticks, y: Ticks), plotWidth: Double)
        -> (x: [TextBlock], y: [TextBlock], slanted: Bool) {
        let xs: [TextBlock]
        if let c = categories {
            xs = c.map { canvas.text($0, .tickLabel) }
        } else {
            xs = t.x.major.map { canvas.text(label($0, t.x, x), .tickLabel) }
        }
        let ys = t.y.major.map { canvas.text(label($0, t.y, y), .tickLabel) }
        let slot = plotWidth / Double(max(xs.count, 1))
        let slanted = categories != nil && (xs.map(\.size.width).max() ?? 0) > slot * 0.92
        return (xs, ys, slanted)
    }

    private static let slant = 35.0 * Double.pi / 180

    private func xLabelsHeight(_ labels: [TextBlock], slanted: Bool) -> Double {
        labels.map { slanted ? $0.size.width * sin(Self.slant) + $0.size.height * cos(Self.slant) : $0.size.height }.max() ?? 0
    }

    private func legendEntries(suppressed: Bool) -> [LegendEntry] {
        guard !suppressed, legend != .hidden else { return [] }
        return legendEntries()
    }

    /// Space for the title, tick labels, axis labels and an outside legend.
    public func margins(in canvas: Canvas, cell: Rect) -> Insets {
        let th = canvas.theme
        let t = ticks()
        // Reserve room for slanted category labels whenever they might be slanted: the plotting
        // area is not known yet, and too much room is harmless where too little would overlap.
        let labels = tickLabels(canvas, t, plotWidth: 0.6 * cell.width)
        var left = th.tickLength + th.padding + (labels.y.map(\.size.width).max() ?? 0)
        if let l = y.label { left += canvas.measure(l, .axisLabel).height + th.padding }
        var bottom = th.tickLength + th.padding + xLabelsHeight(labels.x, slanted: labels.slanted)
        if let l = x.label { bottom += canvas.measure(l, .axisLabel).height + th.padding }
        let top = max(panelTitleHeight(title, canvas: canvas), (labels.y.last?.size.height ?? 0) / 2) + th.padding
        var right = labels.slanted ? th.padding : max(th.padding, (labels.x.last?.size.width ?? 0) / 2 + 2)
        if legend == .outsideRight {
            let entries = legendEntries(suppressed: canvas.suppressPanelLegends)
            if !entries.isEmpty {
                let sizes = LegendDrawing.entrySizes(entries, canvas: canvas)
                right = max(right, LegendLayout.bounds(LegendLayout.column(sizes)).width + 3 * th.padding)
            }
        }
        return Insets(top: top, left: left, bottom: bottom, right: right)
    }

    /// Draws grid, marks, axes, labels, title and legend.
    public func draw(in canvas: Canvas, area: Rect) {
        let th = canvas.theme, cr = canvas.cr
        let t = ticks()
        let xs = Scale(kind: categories != nil ? .linear : x.scale, lower: t.x.lower, upper: t.x.upper, start: area.x, end: area.maxX)
        let ys = Scale(kind: y.scale, lower: t.y.lower, upper: t.y.upper, start: area.maxY, end: area.y)
        let labels = tickLabels(canvas, t, plotWidth: area.width)

        // Grid lines behind the data (none across categories).
        if y.grid {
            for v in t.y.major { let p = ys.map(v); canvas.strokeLine(Point(x: area.x, y: p), Point(x: area.maxX, y: p), color: .gridGrey, width: th.gridWidth) }
        }
        if x.grid && categories == nil {
            for v in t.x.major { let p = xs.map(v); canvas.strokeLine(Point(x: p, y: area.y), Point(x: p, y: area.maxY), color: .gridGrey, width: th.gridWidth) }
        }

        // Marks, clipped to a slightly enlarged area so that markers on the edge stay whole.
        canvas.clip(to: area.inset(by: Insets(top: -4, left: -4, bottom: -1, right: -4)))
        var color = 0
        for m in marks {
            m.draw(in: MarkContext(canvas: canvas, x: xs, y: ys, area: area, firstColor: color))
            color += m.seriesCount
        }
        canvas.restore()

        // Spines and ticks.
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE)
        canvas.strokeLine(Point(x: area.x, y: area.maxY), Point(x: area.maxX, y: area.maxY), color: .ink, width: th.spineWidth)
        canvas.strokeLine(Point(x: area.x, y: area.y), Point(x: area.x, y: area.maxY), color: .ink, width: th.spineWidth)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
        for v in t.x.major { let p = xs.map(v); canvas.strokeLine(Point(x: p, y: area.maxY), Point(x: p, y: area.maxY + th.tickLength), color: .ink, width: th.spineWidth) }
        for v in t.y.major { let p = ys.map(v); canvas.strokeLine(Point(x: area.x, y: p), Point(x: area.x - th.tickLength, y: p), color: .ink, width: th.spineWidth) }
        for v in t.x.minor { let p = xs.map(v); canvas.strokeLine(Point(x: p, y: area.maxY), Point(x: p, y: area.maxY + th.tickLength * 0.6), color: .ink, width: th.spineWidth * 0.7) }
        for v in t.y.minor { let p = ys.map(v); canvas.strokeLine(Point(x: area.x, y: p), Point(x: area.x - th.tickLength * 0.6, y: p), color: .ink, width: th.spineWidth * 0.7) }

        // Tick labels.
        let labelTop = area.maxY + th.tickLength + th.padding * 0.6
        for (v, block) in zip(t.x.major, labels.x) {
            if labels.slanted {
                canvas.draw(block, at: Point(x: xs.map(v) + 2, y: labelTop - 2), h: .right, v: .top, angle: Self.slant)
            } else {
                canvas.draw(block, at: Point(x: xs.map(v), y: labelTop), h: .center, v: .top)
            }
        }
        let labelRight = area.x - th.tickLength - th.padding * 0.6
        for (v, block) in zip(t.y.major, labels.y) {
            canvas.draw(block, at: Point(x: labelRight, y: ys.map(v)), h: .right, v: .middle)
        }

        // Axis labels.
        if let l = x.label {
            let y0 = labelTop + xLabelsHeight(labels.x, slanted: labels.slanted) + th.padding
            canvas.drawText(l, .axisLabel, at: Point(x: area.center.x, y: y0), h: .center, v: .top)
        }
        if let l = y.label {
            let widest = labels.y.map(\.size.width).max() ?? 0
            let x0 = labelRight - widest - th.padding - canvas.measure(l, .axisLabel).height
            canvas.drawText(l, .axisLabel, at: Point(x: x0, y: area.center.y), h: .center, v: .top, angle: .pi / 2)
        }
        drawPanelTitle(title, canvas: canvas, area: area, above: th.padding)
        drawLegend(canvas, area: area, x: xs, y: ys)
    }

    private func drawLegend(_ canvas: Canvas, area: Rect, x xs: Scale, y ys: Scale) {
        let entries = legendEntries(suppressed: canvas.suppressPanelLegends)
        guard !entries.isEmpty else { return }
        let pad = canvas.theme.padding
        let rects = LegendLayout.column(LegendDrawing.entrySizes(entries, canvas: canvas))
        let box = LegendLayout.bounds(rects)
        let boxed = Size(width: box.width + 2 * pad, height: box.height + 2 * pad)
        let covered = marks.flatMap { $0.coveredPoints() }.map { Point(x: xs.map($0.0), y: ys.map($0.1)) }
        let origin = Self.legendOrigin(legend, box: boxed, area: area, covered: covered, inset: pad)
        if legend != .outsideRight {
            canvas.fillRect(Rect(x: origin.x, y: origin.y, width: boxed.width, height: boxed.height), Color.white.withAlpha(0.85))
        }
        LegendDrawing.draw(entries, rects: rects, origin: Point(x: origin.x + pad, y: origin.y + pad), canvas: canvas)
    }

    /// The top-left corner of a legend box of size `box` placed in `area`: for `.best`, the inside
    /// corner whose box covers the fewest of the `covered` points (first of upper right, upper
    /// left, lower right, lower left on a tie).
    public static func legendOrigin(_ placement: LegendPlacement, box: Size, area: Rect, covered: [Point],
                                    inset: Double) -> Point {
        let corners: [LegendPlacement: Point] = [
            .upperRight: Point(x: area.maxX - box.width - inset, y: area.y + inset),
            .upperLeft: Point(x: area.x + inset, y: area.y + inset),
            .lowerRight: Point(x: area.maxX - box.width - inset, y: area.maxY - box.height - inset),
            .lowerLeft: Point(x: area.x + inset, y: area.maxY - box.height - inset),
        ]
        switch placement {
        case .outsideRight: return Point(x: area.maxX + inset, y: area.y)
        case .best:
            let order: [LegendPlacement] = [.upperRight, .upperLeft, .lowerRight, .lowerLeft]
            let scored = order.map { p -> (LegendPlacement, Int) in
                let o = corners[p]!
                let r = Rect(x: o.x - 2, y: o.y - 2, width: box.width + 4, height: box.height + 4)
                return (p, covered.reduce(0) { $0 + (r.contains($1) ? 1 : 0) })
            }
            let best = scored.min { $0.1 < $1.1 }!.0
            return corners[best]!
        default: return corners[placement] ?? corners[.upperRight]!
        }
    }

    /// The legend entries of all marks, in order, coloured as drawn.
    public func legendEntries() -> [LegendEntry] {
        var color = 0
        var entries: [LegendEntry] = []
        for m in marks { entries += m.legendEntries(firstColor: color); color += m.seriesCount }
        return entries
    }
}
