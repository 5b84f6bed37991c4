import Foundation

/// How data values map onto an axis.
public enum ScaleKind: Sendable, Equatable {
    /// Evenly spaced values.
    case linear
    /// Base-10 logarithmic; every value on the axis must be > 0.
    case log
}

/// One axis of an `Axes` panel: its label, scale, limits and ticks.
public struct Axis: Sendable {
    /// The axis label, or nil for none.
    public var label: String?
    /// Linear or logarithmic.
    public var scale: ScaleKind
    /// Fixed limits; nil widens the data range to nice ticks.
    public var limits: ClosedRange<Double>?
    /// About how many labelled ticks to aim for.
    public var tickCount: Int
    /// Whether to draw grid lines at the major ticks.
    public var grid: Bool

    /// An axis with every setting given.
    public init(label: String? = nil, scale: ScaleKind = .linear, limits: ClosedRange<Double>? = nil,
                tickCount: Int = 5, grid: Bool = true) {
        self.label = label; self.scale = scale; self.limits = limits; self.tickCount = tickCount; self.grid = grid
    }
    /// A linear axis.
    public static func linear(_ label: String? = nil, limits: ClosedRange<Double>? = nil,
                              ticks: Int = 5, grid: Bool = true) -> Axis {
        Axis(label: label, scale: .linear, limits: limits, tickCount: ticks, grid: grid)
    }
    /// A base-10 logarithmic axis.
    public static func log(_ label: String? = nil, limits: ClosedRange<Double>? = nil,
                           ticks: Int = 6, grid: Bool = true) -> Axis {
        Axis(label: label, scale: .log, limits: limits, tickCount: ticks, grid: grid)
    }
}

/// A map from a data interval onto a span of points, linear or logarithmic.
public struct Scale: Sendable {
    /// Linear or logarithmic.
    public let kind: ScaleKind
    /// Data value at the start of the span.
    public let lower: Double
    /// Data value at the end of the span.
    public let upper: Double
    /// Position (points) of `lower`.
    public let start: Double
    /// Position (points) of `upper`; below `start` for a vertical axis growing upwards.
    public let end: Double

    /// A scale mapping `lower…upper` onto `start…end`.
    public init(kind: ScaleKind, lower: Double, upper: Double, start: Double, end: Double) {
        self.kind = kind; self.lower = lower; self.upper = upper; self.start = start; self.end = end
    }

    private func transform(_ v: Double) -> Double { kind == .log ? log10(v) : v }

    /// The position of data value `v`.
    public func map(_ v: Double) -> Double {
        let a = transform(lower), b = transform(upper)
        return start + (transform(v) - a) / (b - a) * (end - start)
    }

    /// The data value at position `p` (the inverse of `map`).
    public func invert(_ p: Double) -> Double {
        let a = transform(lower), b = transform(upper)
        let t = a + (p - start) / (end - start) * (b - a)
        return kind == .log ? pow(10, t) : t
    }
}
