import CCairo
import Foundation

/// A4 pages drawn with Cairo, with text laid out by Pango and a cursor that flows down the page.
/// Hand-written because the booklet needs only text, images and ruled tables, and the Plot module's
/// drawing was not available when this was written.
final class PDFCanvas {
    static let pageWidth = 595.276
    static let pageHeight = 841.89
    static let margin = 54.0
    static var contentWidth: Double { pageWidth - 2 * margin }
    static var bottom: Double { pageHeight - margin }

    /// The typefaces of the booklet, one family at a few sizes.
    enum Font: String {
        case title = "DejaVu Sans Bold 20"
        case heading = "DejaVu Sans Bold 13"
        case body = "DejaVu Sans 9"
        case caption = "DejaVu Sans 8.5"
        case small = "DejaVu Sans 7.5"
        case table = "DejaVu Sans 8"
        case tableSmall = "DejaVu Sans 6.5"
    }

    private let surface: OpaquePointer
    let cr: OpaquePointer
    private let pango: OpaquePointer
    private(set) var page = 1
    /// The top of the free space on the current page.
    var y = margin
    private let footer: String

    /// A PDF at `path` with the given metadata; `isoDate` fixes the creation date so the bytes are
    /// reproducible.
    init(path: String, title: String, isoDate: String) throws {
        surface = cairo_pdf_surface_create(path, Self.pageWidth, Self.pageHeight)
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            let reason = String(cString: cairo_status_to_string(cairo_surface_status(surface)))
            cairo_surface_destroy(surface)
            throw ReportError.unwritableOutput(path: path, reason: reason)
        }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "lldif report")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, isoDate)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, isoDate)
        cr = cairo_create(surface)
        pango = pango_cairo_create_context(cr)
        pango_cairo_context_set_resolution(pango, 72)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(pango, options)
        cairo_font_options_destroy(options)
        footer = title
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(pango))
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// Finishes the last page and closes the file.
    func finish(path: String) throws {
        drawFooter()
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw ReportError.unwritableOutput(path: path, reason: String(cString: cairo_status_to_string(status)))
        }
    }

    /// Starts a new page.
    func newPage() {
        drawFooter()
        cairo_show_page(cr)
        page += 1
        y = Self.margin
    }

    /// Starts a new page unless `height` more points fit on this one.
    func ensureSpace(_ height: Double) {
        if y + height > Self.bottom, y > Self.margin { newPage() }
    }

    /// A Pango layout of `markup` (Pango markup) in `font`, wrapped at `width` when given.
    func layout(_ markup: String, font: Font, width: Double? = nil, alignRight: Bool = false) -> Layout {
        let layout = pango_layout_new(pango)!
        let description = pango_font_description_from_string(font.rawValue)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        if let width {
            pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
            if alignRight { pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT) }
        }
        pango_layout_set_markup(layout, markup, -1)
        return Layout(pointer: layout)
    }

    /// Draws `layout` with its top-left corner at (`x`, `y`) in `rgb`.
    func draw(_ layout: Layout, x: Double, y: Double, rgb: (Double, Double, Double) = (0.1, 0.12, 0.14)) {
        cairo_set_source_rgb(cr, rgb.0, rgb.1, rgb.2)
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, layout.pointer)
    }

    /// Draws a paragraph across the content width at the cursor and moves the cursor below it.
    func paragraph(_ markup: String, font: Font, spaceAfter: Double = 6,
                   rgb: (Double, Double, Double) = (0.1, 0.12, 0.14)) {
        let text = layout(markup, font: font, width: Self.contentWidth)
        ensureSpace(text.height)
        draw(text, x: Self.margin, y: y, rgb: rgb)
        y += text.height + spaceAfter
    }

    /// A horizontal rule from `x0` to `x1` at height `y`.
    func rule(x0: Double, x1: Double, y: Double, width: Double, grey: Double) {
        cairo_set_source_rgb(cr, grey, grey, grey)
        cairo_set_line_width(cr, width)
        cairo_move_to(cr, x0, y)
        cairo_line_to(cr, x1, y)
        cairo_stroke(cr)
    }

    /// Fills a rectangle with `rgb`.
    func fill(x: Double, y: Double, width: Double, height: Double, rgb: (Double, Double, Double)) {
        cairo_set_source_rgb(cr, rgb.0, rgb.1, rgb.2)
        cairo_rectangle(cr, x, y, width, height)
        cairo_fill(cr)
    }

    private func drawFooter() {
        let text = layout("\(PangoText.escape(footer)) · \(page)", font: .small, width: Self.contentWidth, alignRight: true)
        draw(text, x: Self.margin, y: Self.pageHeight - Self.margin + 16, rgb: (0.45, 0.45, 0.45))
    }

    /// A Pango layout that frees itself.
    final class Layout {
        let pointer: OpaquePointer

        init(pointer: OpaquePointer) {
            self.pointer = pointer
        }

        deinit {
            g_object_unref(UnsafeMutableRawPointer(pointer))
        }

        /// The laid-out size in points.
        var size: (width: Double, height: Double) {
            var w: Int32 = 0
            var h: Int32 = 0
            pango_layout_get_size(pointer, &w, &h)
            return (Double(w) / Double(PANGO_SCALE), Double(h) / Double(PANGO_SCALE))
        }

        var width: Double { size.width }
        var height: Double { size.height }
    }
}

/// Escaping for Pango markup, which is XML.
enum PangoText {
    static func escape(_ text: String) -> String {
        HTMLText.escape(text).replacing("'", with: "&apos;")
    }
}
