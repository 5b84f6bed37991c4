import CCairo
import Foundation

/// Horizontal anchor of a piece of text relative to its position.
public enum HAnchor: Sendable { case left, center, right }
/// Vertical anchor of a piece of text relative to its position.
public enum VAnchor: Sendable { case top, middle, bottom }

/// A laid-out piece of text (a Pango layout) with its logical size in points.
public final class TextBlock {
    let layout: OpaquePointer
    /// The logical size in points.
    public let size: Size

    init(layout: OpaquePointer) {
        self.layout = layout
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        size = Size(width: Double(logical.width) / Double(PANGO_SCALE),
                    height: Double(logical.height) / Double(PANGO_SCALE))
    }
    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }
}

/// The kit's one drawing surface: a Cairo context in points, with a Pango context whose font options
/// are fixed (no hinting, grey antialiasing, unrounded glyph positions) so that text lays out the
/// same on PNG, SVG and PDF surfaces and on every machine. Charts draw on it (`Figure.render`), and
/// so do pages of text, rules and images such as the report's booklet (`PDFDocument`).
public final class Canvas {
    let cr: OpaquePointer
    let theme: Theme
    private let pango: OpaquePointer
    private var fonts: [String: OpaquePointer] = [:]
    /// Set by a figure with a shared legend: panels then draw no legend of their own.
    var suppressPanelLegends = false

    /// A canvas on `cr`, which it keeps a reference to.
    init(cr: OpaquePointer, theme: Theme) {
        self.cr = cairo_reference(cr)
        self.theme = theme
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_font_options_set_subpixel_order(options, CAIRO_SUBPIXEL_ORDER_DEFAULT)
        cairo_set_font_options(cr, options)
        pango = pango_cairo_create_context(cr)
        pango_cairo_context_set_font_options(pango, options)
        pango_context_set_round_glyph_positions(pango, 0)
        cairo_font_options_destroy(options)
    }

    deinit {
        for description in fonts.values { pango_font_description_free(description) }
        g_object_unref(UnsafeMutableRawPointer(pango))
        cairo_destroy(cr)
    }

    /// The font size of `role` in points.
    func fontSize(_ role: TextRole) -> Double {
        switch role {
        case .figureTitle: theme.figureTitleSize
        case .panelTitle: theme.panelTitleSize
        case .axisLabel: theme.axisLabelSize
        case .tickLabel: theme.tickLabelSize
        case .annotation: theme.annotationSize
        }
    }

    private func font(_ role: TextRole, bold: Bool) -> OpaquePointer {
        let bold = bold || role == .figureTitle || role == .panelTitle
        let key = "\(role)-\(bold)"
        if let f = fonts[key] { return f }
        let f = pango_font_description_new()!
        pango_font_description_set_family(f, theme.fontFamily)
        pango_font_description_set_absolute_size(f, fontSize(role) * Double(PANGO_SCALE))
        pango_font_description_set_weight(f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        fonts[key] = f
        return f
    }

    /// Lays out plain `text` in the font of `role`; text wider than `maxWidth` points is cut
    /// short with an ellipsis.
    func text(_ text: String, _ role: TextRole, bold: Bool = false, maxWidth: Double? = nil) -> TextBlock {
        pango_cairo_update_context(cr, pango)
        let layout = pango_layout_new(pango)!
        pango_layout_set_font_description(layout, font(role, bold: bold))
        pango_layout_set_text(layout, text, -1)
        if let maxWidth {
            pango_layout_set_width(layout, Int32(max(1, maxWidth) * Double(PANGO_SCALE)))
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
        }
        return TextBlock(layout: layout)
    }

    /// The size of `text` when laid out in the font of `role`.
    func measure(_ text: String, _ role: TextRole, bold: Bool = false) -> Size {
        self.text(text, role, bold: bold).size
    }

    /// Lays out Pango `markup` (`<b>`, `<i>`, `<tt>`, text escaped as XML) in the theme's font
    /// family at `size` points, bold if asked; with a `width`, wrapped between words (inside a word
    /// when one is wider) and aligned left, or right when `alignRight`.
    public func markup(_ markup: String, size: Double, bold: Bool = false, width: Double? = nil,
                       alignRight: Bool = false) -> TextBlock {
        pango_cairo_update_context(cr, pango)
        let layout = pango_layout_new(pango)!
        let description = pango_font_description_new()!
        pango_font_description_set_family(description, theme.fontFamily)
        pango_font_description_set_absolute_size(description, size * Double(PANGO_SCALE))
        pango_font_description_set_weight(description, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        if let width {
            pango_layout_set_width(layout, Int32(max(1, width) * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
            if alignRight { pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT) }
        }
        pango_layout_set_markup(layout, markup, -1)
        return TextBlock(layout: layout)
    }

    /// Draws `block` anchored at `point`, rotated by `angle` radians (counter-clockwise positive)
    /// about the anchor.
    public func draw(_ block: TextBlock, at point: Point, h: HAnchor = .left, v: VAnchor = .top,
                     angle: Double = 0, color: Color = .ink) {
        cairo_save(cr)
        cairo_translate(cr, point.x, point.y)
        if angle != 0 { cairo_rotate(cr, -angle) }
        let dx: Double = switch h { case .left: 0; case .center: -block.size.width / 2; case .right: -block.size.width }
        let dy: Double = switch v { case .top: 0; case .middle: -block.size.height / 2; case .bottom: -block.size.height }
        cairo_move_to(cr, dx, dy)
        setColor(color)
        pango_cairo_update_layout(cr, block.layout)
        pango_cairo_show_layout(cr, block.layout)
        cairo_restore(cr)
    }

    /// Lays out and draws `text` in one step; returns its size.
    @discardableResult
    func drawText(_ text: String, _ role: TextRole, at point: Point, h: HAnchor = .left, v: VAnchor = .top,
                  angle: Double = 0, bold: Bool = false, color: Color = .ink) -> Size {
        let block = self.text(text, role, bold: bold)
        draw(block, at: point, h: h, v: v, angle: angle, color: color)
        return block.size
    }

    func setColor(_ c: Color) { cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha) }

    /// Fills `r` with `c`.
    public func fillRect(_ r: Rect, _ c: Color) {
        setColor(c)
        cairo_rectangle(cr, r.x, r.y, r.width, r.height)
        cairo_fill(cr)
    }

    /// A straight line from `a` to `b`, `width` points wide, dashed when `dash` lists lengths.
    public func strokeLine(_ a: Point, _ b: Point, color: Color, width: Double, dash: [Double] = []) {
        setColor(color)
        cairo_set_line_width(cr, width)
        setDash(dash)
        cairo_move_to(cr, a.x, a.y)
        cairo_line_to(cr, b.x, b.y)
        cairo_stroke(cr)
        setDash([])
    }

    func setDash(_ dash: [Double]) {
        dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32(dash.count), 0) }
    }

    /// Restricts drawing to `r` until the matching `restore()`.
    func clip(to r: Rect) {
        cairo_save(cr)
        cairo_rectangle(cr, r.x, r.y, r.width, r.height)
        cairo_clip(cr)
    }

    func restore() { cairo_restore(cr) }

    /// Draws `image` scaled to fill `rect`, smoothly filtered.
    public func draw(_ image: PNGImage, in rect: Rect) {
        cairo_save(cr)
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, rect.width / Double(image.width), rect.height / Double(image.height))
        cairo_set_source_surface(cr, image.surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        cairo_paint(cr)
        cairo_restore(cr)
    }
}
