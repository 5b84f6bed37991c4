import CCairo
import Foundation

/// Bars over named categories; several series make grouped bars, side by side in each category.
/// Each series may carry error half-widths (drawn as capped error bars) and the bars may be
/// labelled with their values. The x axis becomes categorical.
public struct Bars: Mark {
    /// The category names, one per bar group, left to right.
    public var categories: [String]?
    /// The series, one bar per category each.
    public var series: [Series]
    /// Whether to print each bar's value above it.
    public var valueLabels: Bool
    /// The `printf` format of value labels, e.g. `"%.1f"`.
    public var valueFormat: String

    /// Bars of `series` over `categories`.
    public init(categories: [String], series: [Series], valueLabels: Bool = false, valueFormat: String = "%.2f") {
        self.categories = categories; self.series = series; self.valueLabels = valueLabels; self.valueFormat = valueFormat
    }

    private var names: [String] { categories ?? [] }

    /// Throws on no categories or series, a length mismatch, or non-finite values.
    public func validate(x xs: ScaleKind, y ys: ScaleKind) throws {
        guard !names.isEmpty, !series.isEmpty else { throw PlotError.empty(what: "bars") }
        for s in series {
            let mark = "bars series '\(s.label)'"
            try checkLength(s.values, names.count, mark: mark, field: "values")
            try checkFinite(s.values, mark: mark, field: "values", logAxis: ys == .log)
            if let e = s.errors {
                try checkLength(e, names.count, mark: mark, field: "errors")
                try checkFinite(e, mark: mark, field: "errors")
            }
        }
    }

    private func tops() -> [Double] {
        series.flatMap { s in s.values.indices.map { s.values[$0] + abs(s.errors?[$0] ?? 0) } }
    }
    private func bottoms() -> [Double] {
        series.flatMap { s in s.values.indices.map { s.values[$0] - abs(s.errors?[$0] ?? 0) } }
    }

    /// 0 (on a linear axis) to the highest bar or error bar, with headroom for value labels.
    public func extent(x xs: ScaleKind, y ys: ScaleKind) -> Extent {
        var hi = tops().max() ?? 1, lo = bottoms().min() ?? 0
        if ys == .linear { hi = max(hi, 0); lo = min(lo, 0) }
        if valueLabels { hi += (hi - lo) * 0.1 }
        if valueLabels && lo < 0 { lo -= (hi - lo) * 0.1 }
        return Extent(x: nil, y: lo...hi)
    }

    /// One colour per series.
    public var seriesCount: Int { series.count }

    /// One patch per series; none for a single unlabelled series.
    public func legendEntries(firstColor: Int) -> [LegendEntry] {
        guard series.count > 1 || !(series.first?.label.isEmpty ?? true) else { return [] }
        return series.enumerated().map { LegendEntry(label: $1.label, color: Palette.color(firstColor + $0), symbol: .patch(alpha: 1)) }
    }

    private func slot(_ k: Int) -> (offset: Double, width: Double) {
        let group = 0.8, w = group / Double(series.count)
        return (-group / 2 + w * (Double(k) + 0.5), w)
    }

    /// The tops and midpoints of every bar.
    public func coveredPoints() -> [(Double, Double)] {
        series.enumerated().flatMap { k, s in
            s.values.indices.flatMap { i -> [(Double, Double)] in
                let x = Double(i) + slot(k).offset, top = s.values[i] + abs(s.errors?[i] ?? 0)
                return [(x, top), (x, s.values[i] / 2), (x, top + 0.05 * abs(top))]
            }
        }
    }

    /// Draws bars, error bars, then value labels.
    public func draw(in ctx: MarkContext) {
        let cr = ctx.canvas.cr
        let base = ctx.y.kind == .log ? ctx.y.lower : 0
        for (k, s) in series.enumerated() {
            let (offset, w) = slot(k)
            for i in s.values.indices {
                let x0 = ctx.x.map(Double(i) + offset - w / 2 + 0.01), x1 = ctx.x.map(Double(i) + offset + w / 2 - 0.01)
                let y0 = ctx.y.map(base), y1 = ctx.y.map(s.values[i])
                cairo_rectangle(cr, x0, min(y0, y1), x1 - x0, abs(y1 - y0))
            }
            ctx.canvas.setColor(Palette.color(ctx.firstColor + k))
            cairo_fill(cr)
        }
        for (k, s) in series.enumerated() {
            let (offset, w) = slot(k)
            for i in s.values.indices {
                let cx = ctx.x.map(Double(i) + offset)
                let v = s.values[i], err = abs(s.errors?[i] ?? 0)
                if err > 0 {
                    let cap = min(3.0, (ctx.x.map(w) - ctx.x.map(0)) * 0.25)
                    let lo = ctx.y.map(v - err), hi = ctx.y.map(v + err)
                    ctx.canvas.strokeLine(Point(x: cx, y: lo), Point(x: cx, y: hi), color: .ink, width: 0.8)
                    ctx.canvas.strokeLine(Point(x: cx - cap, y: hi), Point(x: cx + cap, y: hi), color: .ink, width: 0.8)
                    ctx.canvas.strokeLine(Point(x: cx - cap, y: lo), Point(x: cx + cap, y: lo), color: .ink, width: 0.8)
                }
                if valueLabels {
                    let text = String(format: valueFormat, v).replacingOccurrences(of: "-", with: "\u{2212}")
                    if v >= 0 {
                        ctx.canvas.drawText(text, .annotation, at: Point(x: cx, y: ctx.y.map(v + err) - 1.5), h: .center, v: .bottom)
                    } else {
                        ctx.canvas.drawText(text, .annotation, at: Point(x: cx, y: ctx.y.map(v - err) + 1.5), h: .center, v: .top)
                    }
                }
            }
        }
    }
}
