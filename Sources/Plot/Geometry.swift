/// A point in figure space, in points (1/72 inch), y growing downwards.
public struct Point: Sendable, Equatable {
    /// Horizontal position in points.
    public var x: Double
    /// Vertical position in points, growing downwards.
    public var y: Double
    /// A point at `x`, `y`.
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// A width and a height in points.
public struct Size: Sendable, Equatable {
    /// Width in points.
    public var width: Double
    /// Height in points.
    public var height: Double
    /// A size of `width` × `height` points.
    public init(width: Double, height: Double) { self.width = width; self.height = height }
}

/// An axis-aligned rectangle in points.
public struct Rect: Sendable, Equatable {
    /// Left edge.
    public var x: Double
    /// Top edge.
    public var y: Double
    /// Width.
    public var width: Double
    /// Height.
    public var height: Double
    /// A rectangle with its top-left corner at (`x`, `y`).
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    /// Right edge.
    public var maxX: Double { x + width }
    /// Bottom edge.
    public var maxY: Double { y + height }
    /// Centre point.
    public var center: Point { Point(x: x + width / 2, y: y + height / 2) }

    /// Whether the two rectangles share interior area (touching edges do not count).
    public func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
    /// Whether `other` lies entirely inside this rectangle (edges included).
    public func contains(_ other: Rect) -> Bool {
        other.x >= x - 1e-9 && other.maxX <= maxX + 1e-9 && other.y >= y - 1e-9 && other.maxY <= maxY + 1e-9
    }
    /// Whether `point` lies inside this rectangle (edges included).
    public func contains(_ point: Point) -> Bool {
        point.x >= x && point.x <= maxX && point.y >= y && point.y <= maxY
    }
    /// This rectangle shrunk by `insets` on each side.
    public func inset(by insets: Insets) -> Rect {
        Rect(x: x + insets.left, y: y + insets.top,
             width: max(0, width - insets.left - insets.right),
             height: max(0, height - insets.top - insets.bottom))
    }
}

/// Space on the four sides of a rectangle, in points.
public struct Insets: Sendable, Equatable {
    /// Space above.
    public var top: Double
    /// Space on the left.
    public var left: Double
    /// Space below.
    public var bottom: Double
    /// Space on the right.
    public var right: Double
    /// Insets with the given sides.
    public init(top: Double = 0, left: Double = 0, bottom: Double = 0, right: Double = 0) {
        self.top = top; self.left = left; self.bottom = bottom; self.right = right
    }
    /// The side-by-side maximum of two insets.
    func union(_ o: Insets) -> Insets {
        Insets(top: max(top, o.top), left: max(left, o.left), bottom: max(bottom, o.bottom), right: max(right, o.right))
    }
}
