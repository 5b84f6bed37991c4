import CCairo
import Foundation

/// A PDF of several pages, each drawn through one `Canvas` (the report's booklet is one). The page
/// size is in points; the creation and modification dates are fixed by the caller so that the same
/// drawing gives the same bytes.
public final class PDFDocument {
    /// The size of every page, in points.
    public let pageSize: Size
    /// What the pages are drawn on; `newPage()` moves it to a fresh page.
    public let canvas: Canvas
    private let surface: OpaquePointer
    private let path: String

    /// A PDF at `path` with the given metadata; `isoDate` (e.g. `2024-01-01T00:00:00Z`) is written as
    /// its creation and modification date. Throws `PlotError.write` when the file cannot be created.
    public init(path: String, pageSize: Size, title: String, creator: String, isoDate: String,
                theme: Theme = Theme()) throws {
        surface = cairo_pdf_surface_create(path, pageSize.width, pageSize.height)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw PlotError.write(path: path, reason: statusName(status))
        }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, creator)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, isoDate)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, isoDate)
        guard let cr = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw PlotError.write(path: path, reason: "Cairo could not create a drawing context")
        }
        canvas = Canvas(cr: cr, theme: theme)
        cairo_destroy(cr)
        self.pageSize = pageSize
        self.path = path
    }

    deinit { cairo_surface_destroy(surface) }

    /// Ends the current page and starts the next.
    public func newPage() { cairo_show_page(canvas.cr) }

    /// Ends the last page and closes the file. Throws `PlotError.write` when Cairo failed.
    public func finish() throws {
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw PlotError.write(path: path, reason: statusName(status)) }
    }
}

/// A PNG file read into memory, ready to draw on a `Canvas`.
public final class PNGImage {
    let surface: OpaquePointer
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int

    /// The PNG at `path`. Throws `PlotError.read` when it is missing or not a PNG.
    public init(contentsOfFile path: String) throws {
        surface = cairo_image_surface_create_from_png(path)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw PlotError.read(path: path, reason: "not a PNG Cairo can read: " + statusName(status))
        }
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
    }

    deinit { cairo_surface_destroy(surface) }
}
