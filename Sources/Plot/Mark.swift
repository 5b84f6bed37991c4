/// The data extent of a mark: nil on an axis the mark says nothing about.
public struct Extent: Sendable, Equatable {
    /// Horizontal data range.
    public var x: ClosedRange<Double>?
    /// Vertical data range.
    public var y: ClosedRange<Double>?
    /// An extent over the given ranges.
    public init(x: ClosedRange<Double>? = nil, y: ClosedRange<Double>? = nil) { self.x = x; self.y = y }

    /// The smallest extent covering both.
    func union(_ o: Extent) -> Extent {
        func join(_ a: ClosedRange<Double>?, _ b: ClosedRange<Double>?) -> ClosedRange<Double>? {
            guard let a else { return b }
            guard let b else { return a }
            return min(a.lowerBound, b.lowerBound)...max(a.upperBound, b.upperBound)
        }
        return Extent(x: join(x, o.x), y: join(y, o.y))
    }

    /// The range from the smallest to the largest of `values`, nil when empty.
    static func range(_ values: [Double]) -> ClosedRange<Double>? {
        guard let lo = values.min(), let hi = values.max() else { return nil }
        return lo...hi
    }
}

/// Where a mark draws: the canvas, the two scales of its axes, the plotting area, and the palette
/// index of its first series (marks in one `Axes` take successive palette colours).
public struct MarkContext {
    let canvas: Canvas
    /// The horizontal scale.
    public let x: Scale
    /// The vertical scale.
    public let y: Scale
    /// The plotting area in points.
    public let area: Rect
    /// The palette index of this mark's first series.
    public let firstColor: Int

    /// The position of data point (`x`, `y`).
    func point(_ x: Double, _ y: Double) -> Point { Point(x: self.x.map(x), y: self.y.map(y)) }
}

/// Something drawn inside an `Axes` panel: a line, a scatter, a histogram, bars. The marks of this
/// module conform; the requirements are the hooks `Axes` calls while laying out and drawing.
public protocol Mark: Sendable {
    /// Throws a `PlotError` for non-finite values, mismatched lengths or values a log axis cannot show.
    func validate(x: ScaleKind, y: ScaleKind) throws
    /// The range of data the axes must show.
    func extent(x: ScaleKind, y: ScaleKind) -> Extent
    /// Category names when the mark wants a categorical x axis (bars), nil otherwise.
    var categories: [String]? { get }
    /// How many palette colours the mark uses.
    var seriesCount: Int { get }
    /// The legend entries of the mark, coloured from palette index `firstColor` on.
    func legendEntries(firstColor: Int) -> [LegendEntry]
    /// Sample points (data coordinates) the mark covers, so a legend can avoid them.
    func coveredPoints() -> [(Double, Double)]
    /// Draws the mark.
    func draw(in context: MarkContext)
}

/// Collects the marks of an `Axes` written one per line.
@resultBuilder
public enum MarkBuilder {
    /// One mark.
    public static func buildExpression(_ mark: any Mark) -> [any Mark] { [mark] }
    /// Several marks from a loop or a helper.
    public static func buildExpression(_ marks: [any Mark]) -> [any Mark] { marks }
    /// The marks of a block.
    public static func buildBlock(_ parts: [any Mark]...) -> [any Mark] { parts.flatMap { $0 } }
    /// An `if` without `else`.
    public static func buildOptional(_ part: [any Mark]?) -> [any Mark] { part ?? [] }
    /// The taken branch of an `if`/`else`.
    public static func buildEither(first part: [any Mark]) -> [any Mark] { part }
    /// The taken branch of an `if`/`else`.
    public static func buildEither(second part: [any Mark]) -> [any Mark] { part }
    /// A `for` loop.
    public static func buildArray(_ parts: [[any Mark]]) -> [any Mark] { parts.flatMap { $0 } }
}

/// Named values: one series of a histogram or of grouped bars.
public struct Series: Sendable {
    /// The name shown in the legend.
    public var label: String
    /// The values.
    public var values: [Double]
    /// Error half-widths per value (bars only), or nil.
    public var errors: [Double]?
    /// A series called `label`.
    public init(_ label: String, _ values: [Double], errors: [Double]? = nil) {
        self.label = label; self.values = values; self.errors = errors
    }
}
