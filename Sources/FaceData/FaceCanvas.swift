import CCairo
import Foundation

/// A point in face units.
struct Point {
    var x: Double
    var y: Double
}

/// A Cairo context set up for drawing one face: it maps face units (face half-width 1, y down)
/// to pixels, projects points through the head's yaw on a cylinder, and draws smooth paths through
/// point lists. One canvas per render call, so renders on different threads share nothing.
final class FaceCanvas {
    let cr: OpaquePointer
    let yaw: Double
    /// Face-unit → pixel transform (centre, scale, roll), applied to landmarks by hand.
    let cx: Double, cy: Double, scale: Double, cosRoll: Double, sinRoll: Double

    init(cr: OpaquePointer, yawDegrees: Double, cx: Double, cy: Double, scale: Double, rollDegrees: Double) {
        self.cr = cr
        self.yaw = yawDegrees * .pi / 180
        self.cx = cx
        self.cy = cy
        self.scale = scale
        let r = rollDegrees * .pi / 180
        cosRoll = cos(r)
        sinRoll = sin(r)
    }

    /// The projected position of a point on the head at horizontal face coordinate u, vertical v and
    /// depth d in front of the cylinder surface.
    func project(_ u: Double, _ v: Double, depth d: Double = 0) -> Point {
        let r = max(1, abs(u))
        let theta = asin(max(-1, min(1, u / r)))
        let turned = theta + yaw
        let a = max(-Double.pi / 2, min(Double.pi / 2, turned))
        // A point turned away lies on the silhouette; depth only moves points that face the camera.
        let depth = abs(turned) < Double.pi / 2 ? d : 0
        return Point(x: r * sin(a) + depth * sin(yaw), y: v)
    }

    /// How squarely a point at horizontal coordinate u faces the camera (1 front-on, ≤ 0 hidden).
    func facing(_ u: Double) -> Double {
        cos(asin(max(-1, min(1, u))) + yaw)
    }

    /// A face-unit point in pixels of the supersampled canvas.
    func toPixels(_ p: Point) -> (Double, Double) {
        (cx + scale * (p.x * cosRoll - p.y * sinRoll), cy + scale * (p.x * sinRoll + p.y * cosRoll))
    }

    func setColour(_ c: RGB, alpha: Double = 1) {
        if alpha >= 1 { cairo_set_source_rgb(cr, c.r, c.g, c.b) } else { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha) }
    }

    /// A smooth path through the points (Catmull-Rom turned into Bézier segments).
    func smoothPath(_ pts: [Point], closed: Bool) {
        let n = pts.count
        guard n >= 2 else { return }
        cairo_move_to(cr, pts[0].x, pts[0].y)
        let segments = closed ? n : n - 1
        for i in 0..<segments {
            let p0 = pts[closed ? (i - 1 + n) % n : max(0, i - 1)]
            let p1 = pts[i], p2 = pts[(i + 1) % n]
            let p3 = pts[closed ? (i + 2) % n : min(n - 1, i + 2)]
            cairo_curve_to(cr, p1.x + (p2.x - p0.x) / 6, p1.y + (p2.y - p0.y) / 6,
                           p2.x - (p3.x - p1.x) / 6, p2.y - (p3.y - p1.y) / 6, p2.x, p2.y)
        }
        if closed { cairo_close_path(cr) }
    }

    /// Fills a smooth closed shape.
    func fill(_ pts: [Point], _ colour: RGB, alpha: Double = 1) {
        smoothPath(pts, closed: true)
        setColour(colour, alpha: alpha)
        cairo_fill(cr)
    }

    /// Strokes a smooth open curve with a round-capped line of the given width (face units).
    func stroke(_ pts: [Point], _ colour: RGB, width: Double, alpha: Double = 1) {
        smoothPath(pts, closed: false)
        setColour(colour, alpha: alpha)
        cairo_set_line_width(cr, width)
        cairo_stroke(cr)
    }

    /// Fills an ellipse centred at c with radii rx, ry.
    func ellipse(_ c: Point, rx: Double, ry: Double, _ colour: RGB, alpha: Double = 1) {
        guard rx > 1e-4, ry > 1e-4 else { return }
        cairo_save(cr)
        cairo_translate(cr, c.x, c.y)
        cairo_scale(cr, rx, ry)
        cairo_arc(cr, 0, 0, 1, 0, 2 * .pi)
        cairo_restore(cr)
        setColour(colour, alpha: alpha)
        cairo_fill(cr)
    }
}
