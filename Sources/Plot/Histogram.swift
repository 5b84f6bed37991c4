import CCairo
import Foundation

/// Histograms of one or more series over shared bins.
///
/// Bins are `bins` equal intervals over `range` (default: the smallest to the largest value of all
/// series). Each bin is closed on the left and open on the right, except the last, which is
/// closed on both sides (NumPy's convention); values outside `range` are not counted.
/// Non-finite values are refused (`PlotError.nonFinite`).
public struct Histogram: Mark {
    /// Counts or a probability density (each series' bars integrate to 1 over the range).
    public enum Normalization: Sendable { case count, density }
    /// Series drawn over each other (translucent, outlined) or as bars side by side in each bin.
    public enum Arrangement: Sendable { case overlaid, sideBySide }

    /// The series.
    public var series: [Series]
    /// Number of bins.
    public var bins: Int
    /// The binned range; nil for the data range.
    public var range: ClosedRange<Double>?
    /// Counts or density.
    public var normalization: Normalization
    /// Overlaid or side by side.
    public var arrangement: Arrangement

    /// Histograms of `series`.
    public init(_ series: [Series], bins: Int = 20, range: ClosedRange<Double>? = nil,
                normalization: Normalization = .count, arrangement: Arrangement = .overlaid) {
        self.series = series; self.bins = bins; self.range = range
        self.normalization = normalization; self.arrangement = arrangement
    }

    /// `count + 1` evenly spaced bin edges from `lower` to `upper`.
    public static func edges(lower: Double, upper: Double, count: Int) -> [Double] {
        (0...count).map { i in i == count ? upper : lower + (upper - lower) * Double(i) / Double(count) }
    }

    /// How many `values` fall in each bin of `edges` (ascending): `[e_i, e_{i+1})`, the last bin
    /// closed; values outside the edges are not counted.
    public static func counts(_ values: [Double], edges: [Double]) -> [Int] {
        guard edges.count >= 2 else { return [] }
        var counts = [Int](repeating: 0, count: edges.count - 1)
        let lo = edges[0], hi = edges[edges.count - 1]
        for v in values where v >= lo && v <= hi {
            // The last edge ≤ v, found by binary search; v == hi lands in the last bin.
            var a = 0, b = edges.count - 1
            while b - a > 1 { let m = (a + b) / 2; if edges[m] <= v { a = m } else { b = m } }
            counts[a] += 1
        }
        return counts
    }

    /// The height of each bin for one series: its count, or its density count / (n × width) where
    /// n is the number of the series' values inside the edges.
    public static func heights(_ values: [Double], edges: [Double], normalization: Normalization) -> [Double] {
        let c = counts(values, edges: edges)
        switch normalization {
        case .count: return c.map(Double.init)
        case .density:
            let n = Double(c.reduce(0, +))
            guard n > 0 else { return c.map { _ in 0 } }
            return c.indices.map { Double(c[$0]) / (n * (edges[$0 + 1] - edges[$0])) }
        }
    }

    /// The bin edges used for drawing.
    public var binEdges: [Double] {
        let r = range ?? Extent.range(series.flatMap(\.values)) ?? 0...1
        let (lo, hi) = r.lowerBound < r.upperBound ? (r.lowerBound, r.upperBound) : (r.lowerBound - 0.5, r.upperBound + 0.5)
        return Self.edges(lower: lo, upper: hi, count: bins)
    }

    /// Throws on no series, an empty series, bins < 1, or non-finite values.
    public func validate(x xs: ScaleKind, y ys: ScaleKind) throws {
        guard !series.isEmpty else { throw PlotError.empty(what: "histogram") }
        guard bins >= 1 else { throw PlotError.badShape(what: "histogram", detail: "bins = \(bins), need ≥ 1") }
        for s in series {
            guard !s.values.isEmpty else { throw PlotError.empty(what: "histogram series '\(s.label)'") }
            try checkFinite(s.values, mark: "histogram series '\(s.label)'", field: "values", logAxis: xs == .log)
        }
    }

    private var allHeights: [[Double]] {
        let e = binEdges
        return series.map { Self.heights($0.values, edges: e, normalization: normalization) }
    }

    /// The bin range and 0…the tallest bar.
    public func extent(x xs: ScaleKind, y ys: ScaleKind) -> Extent {
        let e = binEdges
        let top = allHeights.flatMap { $0 }.max() ?? 1
        return Extent(x: e[0]...e[e.count - 1], y: (ys == .log ? 1 : 0)...max(top, 1e-12))
    }
    /// Not categorical.
    public var categories: [String]? { nil }
    /// One colour per series.
    public var seriesCount: Int { series.count }

    /// One patch per series.
    public func legendEntries(firstColor: Int) -> [LegendEntry] {
        series.enumerated().map { LegendEntry(label: $1.label, color: Palette.color(firstColor + $0), symbol: .patch(alpha: arrangement == .overlaid ? 0.45 : 0.9)) }
    }

    /// The top centre and a point down each bar.
    public func coveredPoints() -> [(Double, Double)] {
        let e = binEdges
        var points: [(Double, Double)] = []
        for h in allHeights {
            for i in h.indices {
                let mid = (e[i] + e[i + 1]) / 2
                points.append((mid, h[i]))
                points.append((mid, h[i] / 2))
            }
        }
        return points
    }

    /// Draws the bars.
    public func draw(in ctx: MarkContext) {
        let cr = ctx.canvas.cr, e = binEdges, heights = allHeights
        let base = ctx.y.kind == .log ? ctx.y.lower : 0
        for (k, h) in heights.enumerated() {
            let c = Palette.color(ctx.firstColor + k)
            switch arrangement {
            case .overlaid:
                // A filled step outline: translucent fill, opaque edge.
                cairo_move_to(cr, ctx.x.map(e[0]), ctx.y.map(base))
                for i in h.indices {
                    let top = ctx.y.map(max(h[i], base))
                    cairo_line_to(cr, ctx.x.map(e[i]), top)
                    cairo_line_to(cr, ctx.x.map(e[i + 1]), top)
                }
                cairo_line_to(cr, ctx.x.map(e[e.count - 1]), ctx.y.map(base))
                cairo_close_path(cr)
                ctx.canvas.setColor(c.withAlpha(0.35))
                cairo_fill_preserve(cr)
                ctx.canvas.setColor(c)
                cairo_set_line_width(cr, 1.0)
                cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER)
                cairo_stroke(cr)
            case .sideBySide:
                let n = Double(heights.count)
                for i in h.indices where h[i] > 0 {
                    let x0 = ctx.x.map(e[i]), x1 = ctx.x.map(e[i + 1])
                    let w = (x1 - x0) * 0.9 / n
                    let left = x0 + (x1 - x0) * 0.05 + w * Double(k)
                    let top = ctx.y.map(max(h[i], base)), bottom = ctx.y.map(base)
                    cairo_rectangle(cr, left, top, w, bottom - top)
                }
                ctx.canvas.setColor(c.withAlpha(0.9))
                cairo_fill(cr)
            }
        }
    }
}
