import Foundation
import Plot

/// The booklet's A4 pages: Plot's `PDFDocument` and `Canvas` with a cursor that flows down the
/// page, the booklet's type sizes (one family), and a footer with the title and page number.
final class BookletPages {
    static let pageWidth = 595.276
    static let pageHeight = 841.89
    static let margin = 54.0
    static var contentWidth: Double { pageWidth - 2 * margin }
    static var bottom: Double { pageHeight - margin }
    /// The colour of body text.
    static let ink = Color(red: 0.1, green: 0.12, blue: 0.14)

    /// The type sizes of the booklet, all in the theme's family (DejaVu Sans).
    enum Font {
        case title, heading, body, caption, small, table, tableSmall

        /// Size in points.
        var size: Double {
            switch self {
            case .title: 20
            case .heading: 13
            case .body: 9
            case .caption: 8.5
            case .small: 7.5
            case .table: 8
            case .tableSmall: 6.5
            }
        }

        var bold: Bool { self == .title || self == .heading }
    }

    private let document: PDFDocument
    private let path: String
    /// What the pages are drawn on.
    var canvas: Canvas { document.canvas }
    private(set) var page = 1
    /// The top of the free space on the current page.
    var y = margin
    private let footer: String

    /// A PDF at `path` with the given metadata; `isoDate` fixes the creation date so the bytes are
    /// reproducible.
    init(path: String, title: String, isoDate: String) throws {
        do {
            document = try PDFDocument(path: path, pageSize: Size(width: Self.pageWidth, height: Self.pageHeight),
                                       title: title, creator: "lldif report", isoDate: isoDate)
        } catch let PlotError.write(_, reason) {
            throw ReportError.unwritableOutput(path: path, reason: reason)
        }
        self.path = path
        footer = title
    }

    /// Finishes the last page and closes the file.
    func finish() throws {
        drawFooter()
        do { try document.finish() } catch let PlotError.write(_, reason) {
            throw ReportError.unwritableOutput(path: path, reason: reason)
        }
    }

    /// Starts a new page.
    func newPage() {
        drawFooter()
        document.newPage()
        page += 1
        y = Self.margin
    }

    /// Starts a new page unless `height` more points fit on this one.
    func ensureSpace(_ height: Double) {
        if y + height > Self.bottom, y > Self.margin { newPage() }
    }

    /// `markup` (Pango markup) laid out in `font`, wrapped at `width` when given.
    func layout(_ markup: String, font: Font, width: Double? = nil, alignRight: Bool = false) -> TextBlock {
        canvas.markup(markup, size: font.size, bold: font.bold, width: width, alignRight: alignRight)
    }

    /// Draws `layout` with its top-left corner at (`x`, `y`) in `color`.
    func draw(_ layout: TextBlock, x: Double, y: Double, color: Color = ink) {
        canvas.draw(layout, at: Point(x: x, y: y), color: color)
    }

    /// Draws a paragraph across the content width at the cursor and moves the cursor below it.
    func paragraph(_ markup: String, font: Font, spaceAfter: Double = 6, color: Color = ink) {
        let text = layout(markup, font: font, width: Self.contentWidth)
        ensureSpace(text.size.height)
        draw(text, x: Self.margin, y: y, color: color)
        y += text.size.height + spaceAfter
    }

    /// A horizontal rule from `x0` to `x1` at height `y`, `width` points thick, in a grey.
    func rule(x0: Double, x1: Double, y: Double, width: Double, grey: Double) {
        canvas.strokeLine(Point(x: x0, y: y), Point(x: x1, y: y), color: Color(red: grey, green: grey, blue: grey), width: width)
    }

    private func drawFooter() {
        let text = layout("\(PangoText.escape(footer)) · \(page)", font: .small, width: Self.contentWidth, alignRight: true)
        draw(text, x: Self.margin, y: Self.pageHeight - Self.margin + 16, color: Color(red: 0.45, green: 0.45, blue: 0.45))
    }
}

/// Escaping for Pango markup, which is XML.
enum PangoText {
    static func escape(_ text: String) -> String {
        HTMLText.escape(text).replacing("'", with: "&apos;")
    }
}
