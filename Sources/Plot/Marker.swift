import CCairo
import Foundation

/// The shape of a scatter marker. Classes take shapes in declaration order, so that class is told
/// by shape as well as by colour (in print and for colour-blind readers).
public enum MarkerShape: Sendable, CaseIterable {
    /// Filled shapes first, then the stroked plus and cross.
    case circle, square, triangle, diamond, triangleDown, plus, cross

    /// The shape of class number `index` (wrapping around).
    public static func shape(_ index: Int) -> MarkerShape { allCases[index % allCases.count] }

    /// Whether the shape is drawn as strokes rather than filled.
    var isStroked: Bool { self == .plus || self == .cross }

    /// Adds the shape's outline, of about `size` points across, centred on `p`, to the current path.
    func addPath(_ cr: OpaquePointer, _ p: Point, size: Double) {
        let r = size / 2
        switch self {
        case .circle:
            cairo_new_sub_path(cr)
            cairo_arc(cr, p.x, p.y, r, 0, 2 * .pi)
        case .square:
            let s = r * 0.886 // same area as the circle
            cairo_rectangle(cr, p.x - s, p.y - s, 2 * s, 2 * s)
        case .triangle, .triangleDown:
            let s = r * 1.2, d = self == .triangle ? 1.0 : -1.0
            cairo_move_to(cr, p.x, p.y - d * s)
            cairo_line_to(cr, p.x + s * 0.866, p.y + d * s * 0.5)
            cairo_line_to(cr, p.x - s * 0.866, p.y + d * s * 0.5)
            cairo_close_path(cr)
        case .diamond:
            let s = r * 1.15
            cairo_move_to(cr, p.x, p.y - s)
            cairo_line_to(cr, p.x + s, p.y)
            cairo_line_to(cr, p.x, p.y + s)
            cairo_line_to(cr, p.x - s, p.y)
            cairo_close_path(cr)
        case .plus:
            cairo_move_to(cr, p.x - r, p.y); cairo_line_to(cr, p.x + r, p.y)
            cairo_move_to(cr, p.x, p.y - r); cairo_line_to(cr, p.x, p.y + r)
        case .cross:
            let s = r * 0.8
            cairo_move_to(cr, p.x - s, p.y - s); cairo_line_to(cr, p.x + s, p.y + s)
            cairo_move_to(cr, p.x - s, p.y + s); cairo_line_to(cr, p.x + s, p.y - s)
        }
    }

    /// Fills (or strokes) the current path in the marker's manner.
    func finish(_ canvas: Canvas, color: Color, size: Double) {
        canvas.setColor(color)
        if isStroked {
            cairo_set_line_width(canvas.cr, max(0.6, size * 0.22))
            cairo_set_line_cap(canvas.cr, CAIRO_LINE_CAP_BUTT)
            cairo_stroke(canvas.cr)
        } else {
            cairo_fill(canvas.cr)
        }
    }
}
