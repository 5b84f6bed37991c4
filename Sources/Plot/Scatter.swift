import CCairo

/// Points coloured and shaped by class: class `k` takes palette colour `k` and marker shape `k`,
/// so the same class looks the same in every panel. Thousands of points draw fast: each class is
/// one path filled once. Non-finite coordinates are refused (`PlotError.nonFinite`).
public struct Scatter: Mark {
    /// Horizontal values.
    public var x: [Double]
    /// Vertical values.
    public var y: [Double]
    /// The class of each point, 0-based.
    public var classes: [Int]
    /// The name of each class, for the legend.
    public var classNames: [String]
    /// Marker size in points.
    public var size: Double
    /// Marker opacity, below 1 to show density.
    public var opacity: Double

    /// Points of several classes.
    public init(x: [Double], y: [Double], classes: [Int], classNames: [String], size: Double = 3.2, opacity: Double = 0.75) {
        self.x = x; self.y = y; self.classes = classes; self.classNames = classNames; self.size = size; self.opacity = opacity
    }
    /// Points of one class.
    public init(x: [Double], y: [Double], label: String, size: Double = 3.2, opacity: Double = 0.75) {
        self.init(x: x, y: y, classes: Array(repeating: 0, count: x.count), classNames: [label], size: size, opacity: opacity)
    }

    /// Throws on empty, mismatched or non-finite data, or a class without a name.
    public func validate(x xs: ScaleKind, y ys: ScaleKind) throws {
        let name = "scatter"
        guard !x.isEmpty else { throw PlotError.empty(what: name) }
        try checkLength(y, x.count, mark: name, field: "y")
        guard classes.count == x.count else {
            throw PlotError.lengthMismatch(mark: name, field: "classes", expected: x.count, actual: classes.count)
        }
        try checkFinite(x, mark: name, field: "x", logAxis: xs == .log)
        try checkFinite(y, mark: name, field: "y", logAxis: ys == .log)
        if let i = classes.firstIndex(where: { $0 < 0 || $0 >= classNames.count }) {
            throw PlotError.badShape(what: name, detail: "classes[\(i)] = \(classes[i]) has no name among \(classNames.count) classNames")
        }
    }

    /// The range of x and y.
    public func extent(x xs: ScaleKind, y ys: ScaleKind) -> Extent { Extent(x: Extent.range(x), y: Extent.range(y)) }
    /// Not categorical.
    public var categories: [String]? { nil }
    /// One colour per class (class `k` always takes palette colour `k`; marks after it move on).
    public var seriesCount: Int { classNames.count }

    /// One entry per class.
    public func legendEntries(firstColor: Int) -> [LegendEntry] {
        classNames.enumerated().map { k, n in
            LegendEntry(label: n, color: Palette.color(k), symbol: .marker(MarkerShape.shape(k)))
        }
    }

    /// Every point.
    public func coveredPoints() -> [(Double, Double)] { Array(zip(x, y)) }

    /// Draws each class as one path, class 0 first.
    public func draw(in ctx: MarkContext) {
        var byClass = [[Int]](repeating: [], count: classNames.count)
        for (i, k) in classes.enumerated() { byClass[k].append(i) }
        for (k, indices) in byClass.enumerated() where !indices.isEmpty {
            let shape = MarkerShape.shape(k)
            for i in indices { shape.addPath(ctx.canvas.cr, ctx.point(x[i], y[i]), size: size) }
            shape.finish(ctx.canvas, color: Palette.color(k).withAlpha(opacity), size: size)
        }
    }
}
