import CCairo
import Foundation

/// A file format a figure is written in.
public enum OutputFormat: Sendable, Equatable {
    /// A PNG at `dpi` pixels per inch.
    case png(dpi: Double)
    /// An SVG in points.
    case svg
    /// A one-page PDF in points.
    case pdf

    /// The file name extension, without the dot.
    public var fileExtension: String {
        switch self { case .png: "png"; case .svg: "svg"; case .pdf: "pdf" }
    }

    /// PNG at 200 dpi, SVG and PDF: what `Figure.write(to:)` writes by default.
    public static let all: [OutputFormat] = [.png(dpi: 200), .svg, .pdf]
}

/// The creation date written into every PDF, fixed so that the same figure gives the same bytes
/// (Cairo 1.16 writes the current time otherwise).
let fixedPDFDate = "2024-01-01T00:00:00Z"

/// Collects the bytes a Cairo stream surface writes.
private final class ByteSink {
    var bytes: [UInt8] = []
}

private let appendToSink: cairo_write_func_t = { closure, data, length in
    let sink = Unmanaged<ByteSink>.fromOpaque(closure!).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    return CAIRO_STATUS_SUCCESS
}

/// Cairo's name for a status.
func statusName(_ s: cairo_status_t) -> String { String(cString: cairo_status_to_string(s)) }

extension Figure {
    /// The figure encoded as `format`. Same figure, same bytes: in one process and across processes.
    public func render(_ format: OutputFormat) throws -> [UInt8] {
        try validate()
        let size = self.size
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let surface: OpaquePointer
        var scale = 1.0
        switch format {
        case let .png(dpi):
            scale = dpi / 72
            surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32((size.width * scale).rounded(.up)),
                                                 Int32((size.height * scale).rounded(.up)))
        case .svg:
            surface = cairo_svg_surface_create_for_stream(appendToSink, closure, size.width, size.height)
            cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1)
            cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT)
        case .pdf:
            surface = cairo_pdf_surface_create_for_stream(appendToSink, closure, size.width, size.height)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, fixedPDFDate)
            if let title { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title) }
        }
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        draw(on: Canvas(cr: cr, theme: theme))
        let drawStatus = cairo_status(cr)
        cairo_destroy(cr)
        guard drawStatus == CAIRO_STATUS_SUCCESS else { throw PlotError.cairo(status: statusName(drawStatus)) }
        if case .png = format {
            cairo_surface_flush(surface)
            let s = cairo_surface_write_to_png_stream(surface, appendToSink, closure)
            guard s == CAIRO_STATUS_SUCCESS else { throw PlotError.cairo(status: statusName(s)) }
        } else {
            cairo_surface_finish(surface)
            let s = cairo_surface_status(surface)
            guard s == CAIRO_STATUS_SUCCESS else { throw PlotError.cairo(status: statusName(s)) }
        }
        return format == .svg ? SVGIdentifiers.renumber(sink.bytes) : sink.bytes
    }

    /// Writes the figure as `<path>.<ext>` for each of `formats` (creating the folder), and
    /// returns the paths written.
    @discardableResult
    public func write(to path: String, formats: [OutputFormat] = OutputFormat.all) throws -> [String] {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw PlotError.write(path: folder, reason: error.localizedDescription)
            }
        }
        return try formats.map { format in
            let file = "\(path).\(format.fileExtension)"
            let bytes = try render(format)
            guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else {
                throw PlotError.write(path: file, reason: "the file could not be created")
            }
            return file
        }
    }

    /// Draws the figure into an existing Cairo context (`cairo_t *`, e.g. a page of a PDF booklet)
    /// with its top-left corner at the context's current origin, in the context's units.
    public func draw(into cairoContext: OpaquePointer) throws {
        try validate()
        cairo_save(cairoContext)
        draw(on: Canvas(cr: cairoContext, theme: theme))
        cairo_restore(cairoContext)
    }

    /// The figure as RGB pixels at `dpi`, e.g. for pixel comparisons.
    public func rasterize(dpi: Double) throws -> PlotImage {
        try PNGDecoding.decode(render(.png(dpi: dpi)))
    }
}

/// Decodes PNG bytes with Cairo.
public enum PNGDecoding {
    /// The RGB pixels of a PNG (alpha is dropped). Throws when the bytes are not a PNG.
    public static func decode(_ png: [UInt8]) throws -> PlotImage {
        final class Source { let bytes: [UInt8]; var offset = 0; init(_ b: [UInt8]) { bytes = b } }
        let source = Source(png)
        let read: cairo_read_func_t = { closure, data, length in
            let s = Unmanaged<Source>.fromOpaque(closure!).takeUnretainedValue()
            guard s.offset + Int(length) <= s.bytes.count else { return CAIRO_STATUS_READ_ERROR }
            _ = s.bytes.withUnsafeBufferPointer { memcpy(data!, $0.baseAddress! + s.offset, Int(length)) }
            s.offset += Int(length)
            return CAIRO_STATUS_SUCCESS
        }
        let surface = cairo_image_surface_create_from_png_stream(read, Unmanaged.passUnretained(source).toOpaque())!
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw PlotError.cairo(status: statusName(status)) }
        let w = Int(cairo_image_surface_get_width(surface)), h = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        var rgb = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<w {
                let p = row[x], i = (y * w + x) * 3
                rgb[i] = UInt8((p >> 16) & 0xFF); rgb[i + 1] = UInt8((p >> 8) & 0xFF); rgb[i + 2] = UInt8(p & 0xFF)
            }
        }
        return try PlotImage(width: w, height: h, channels: 3, bytes: rgb)
    }
}

/// Cairo numbers some SVG element ids from process-wide counters (source surfaces, images), so a
/// second render in one process would differ; this renumbers them in order of appearance.
enum SVGIdentifiers {
    /// The SVG with every `image<n>` and `surface<n>` renumbered from 1 per prefix, in order of
    /// first appearance (ids and the references to them change together).
    static func renumber(_ bytes: [UInt8]) -> [UInt8] {
        // A fixed, valid pattern: compiling it cannot fail.
        let pattern = try! NSRegularExpression(pattern: "\\b(image|surface)([0-9]+)\\b")
        let text = String(decoding: bytes, as: UTF8.self)
        let ns = text as NSString
        var numbers: [String: String] = [:]
        var counts: [String: Int] = [:]
        var out = ""
        var last = 0
        for m in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let prefix = ns.substring(with: m.range(at: 1)), old = ns.substring(with: m.range)
            let new = numbers[old] ?? {
                counts[prefix, default: 0] += 1
                let n = "\(prefix)\(counts[prefix]!)"
                numbers[old] = n
                return n
            }()
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last)) + new
            last = m.range.location + m.range.length
        }
        out += ns.substring(from: last)
        return Array(out.utf8)
    }
}
