import CCairo

/// A shaded band around a line: the lower and upper values at each x (e.g. mean ± std).
public struct ErrorBand: Sendable {
    /// Lower edge per point.
    public var lower: [Double]
    /// Upper edge per point.
    public var upper: [Double]
    /// A band between `lower` and `upper`.
    public init(lower: [Double], upper: [Double]) { self.lower = lower; self.upper = upper }
    /// The band `center ± spread`.
    public init(center: [Double], spread: [Double]) {
        lower = zip(center, spread).map { $0 - $1 }
        upper = zip(center, spread).map { $0 + $1 }
    }
}

/// A polyline through (x, y) points, optionally with a shaded error band and point markers.
/// Non-finite values are refused (`PlotError.nonFinite`), never silently dropped.
public struct Line: Mark {
    /// Horizontal values.
    public var x: [Double]
    /// Vertical values, one per x.
    public var y: [Double]
    /// The legend label, or nil for no legend entry.
    public var label: String?
    /// A shaded band, or nil.
    public var band: ErrorBand?
    /// A fixed colour; nil takes the next palette colour.
    public var color: Color?
    /// Dash pattern in points (e.g. `[4, 2]`); empty for solid.
    public var dash: [Double]
    /// A marker at each point, or nil.
    public var marker: MarkerShape?

    /// A line through `x`, `y`.
    public init(x: [Double], y: [Double], label: String? = nil, band: ErrorBand? = nil, color: Color? = nil,
                dash: [Double] = [], marker: MarkerShape? = nil) {
        self.x = x; self.y = y; self.label = label; self.band = band; self.color = color; self.dash = dash; self.marker = marker
    }

    /// The size of point markers, in points.
    static let markerSize = 4.5

    private var name: String { "line '\(label ?? "unlabelled")'" }

    /// Throws on empty, mismatched, non-finite or (on log axes) non-positive values.
    public func validate(x xs: ScaleKind, y ys: ScaleKind) throws {
        guard !x.isEmpty else { throw PlotError.empty(what: name) }
        try checkLength(y, x.count, mark: name, field: "y")
        try checkFinite(x, mark: name, field: "x", logAxis: xs == .log)
        try checkFinite(y, mark: name, field: "y", logAxis: ys == .log)
        if let band {
            try checkLength(band.lower, x.count, mark: name, field: "band.lower")
            try checkLength(band.upper, x.count, mark: name, field: "band.upper")
            try checkFinite(band.lower, mark: name, field: "band.lower", logAxis: ys == .log)
            try checkFinite(band.upper, mark: name, field: "band.upper", logAxis: ys == .log)
        }
    }

    /// The range of x and of y (band included).
    public func extent(x xs: ScaleKind, y ys: ScaleKind) -> Extent {
        Extent(x: Extent.range(x), y: Extent.range(y + (band?.lower ?? []) + (band?.upper ?? [])))
    }
    /// Not categorical.
    public var categories: [String]? { nil }
    /// One colour.
    public var seriesCount: Int { 1 }

    /// One entry when labelled.
    public func legendEntries(firstColor: Int) -> [LegendEntry] {
        guard let label else { return [] }
        let c = color ?? Palette.color(firstColor)
        return [LegendEntry(label: label, color: c, symbol: .line(dash: dash, band: band != nil, marker: marker))]
    }

    /// The points of the line and of its band.
    public func coveredPoints() -> [(Double, Double)] {
        Array(zip(x, y)) + Array(zip(x, band?.upper ?? [])) + Array(zip(x, band?.lower ?? []))
    }

    /// Draws band, line, then markers.
    public func draw(in ctx: MarkContext) {
        let cr = ctx.canvas.cr, c = color ?? Palette.color(ctx.firstColor)
        if let band {
            for i in x.indices { let p = ctx.point(x[i], band.upper[i]); i == 0 ? cairo_move_to(cr, p.x, p.y) : cairo_line_to(cr, p.x, p.y) }
            for i in x.indices.reversed() { let p = ctx.point(x[i], band.lower[i]); cairo_line_to(cr, p.x, p.y) }
            cairo_close_path(cr)
            ctx.canvas.setColor(c.withAlpha(0.22))
            cairo_fill(cr)
        }
        for i in x.indices { let p = ctx.point(x[i], y[i]); i == 0 ? cairo_move_to(cr, p.x, p.y) : cairo_line_to(cr, p.x, p.y) }
        ctx.canvas.setColor(c)
        cairo_set_line_width(cr, ctx.canvas.theme.lineWidth)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        ctx.canvas.setDash(dash)
        cairo_stroke(cr)
        ctx.canvas.setDash([])
        if let marker {
            for i in x.indices { marker.addPath(cr, ctx.point(x[i], y[i]), size: Self.markerSize) }
            marker.finish(ctx.canvas, color: c, size: Self.markerSize)
        }
    }
}
