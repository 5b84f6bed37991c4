import CCairo
import Foundation

/// A grid of images with optional row and column labels: sample faces per class, normal vs low
/// light. Pixels are enlarged by whole-number nearest-neighbour replication before drawing (and
/// drawn with Cairo's nearest filter), so a 48×48 face stays crisp in PNG, SVG and PDF alike,
/// whatever the viewer's interpolation.
public struct ImageGrid: Panel {
    /// The panel title.
    public var title: String?
    /// The images, `images[row][column]`; nil leaves a cell empty.
    public var images: [[PlotImage?]]
    /// One label per row (drawn on the left), or empty for none.
    public var rowLabels: [String]
    /// One label per column (drawn on top), or empty for none.
    public var columnLabels: [String]
    /// Gap between images, in points.
    public var gap: Double

    /// A grid of `images`.
    public init(title: String? = nil, images: [[PlotImage?]], rowLabels: [String] = [], columnLabels: [String] = [], gap: Double = 2) {
        self.title = title; self.images = images; self.rowLabels = rowLabels; self.columnLabels = columnLabels; self.gap = gap
    }

    private var columns: Int { images.map(\.count).max() ?? 0 }
    private var aspect: Double {
        guard let first = images.lazy.flatMap({ $0 }).compactMap({ $0 }).first else { return 1 }
        return Double(first.height) / Double(first.width)
    }

    /// Throws on an empty grid or label counts that do not match the grid.
    public func validate() throws {
        let name = "image grid \(title.map { "'\($0)'" } ?? "(untitled)")"
        guard columns > 0, images.contains(where: { $0.contains { $0 != nil } }) else { throw PlotError.empty(what: name) }
        guard rowLabels.isEmpty || rowLabels.count == images.count else {
            throw PlotError.badShape(what: name, detail: "\(rowLabels.count) row labels for \(images.count) rows")
        }
        guard columnLabels.isEmpty || columnLabels.count == columns else {
            throw PlotError.badShape(what: name, detail: "\(columnLabels.count) column labels for \(columns) columns")
        }
    }

    /// Space for the title, column labels and row labels.
    public func margins(in canvas: Canvas, cell: Rect) -> Insets {
        let th = canvas.theme
        let columnHeight = columnLabels.isEmpty ? 0 : (columnLabels.map { canvas.measure($0, .tickLabel).height }.max() ?? 0) + th.padding * 0.6
        let rowWidth = rowLabels.isEmpty ? 0 : (rowLabels.map { canvas.measure($0, .tickLabel).width }.max() ?? 0) + th.padding
        return Insets(top: panelTitleHeight(title, canvas: canvas) + columnHeight + th.padding, left: rowWidth,
                      bottom: th.padding, right: th.padding)
    }

    /// Draws images and labels.
    public func draw(in canvas: Canvas, area: Rect) {
        let th = canvas.theme
        let nr = images.count, nc = columns
        let w = min((area.width - gap * Double(nc - 1)) / Double(nc),
                    (area.height - gap * Double(nr - 1)) / Double(nr) / aspect)
        let h = w * aspect
        let gridWidth = w * Double(nc) + gap * Double(nc - 1)
        let x0 = area.x + (area.width - gridWidth) / 2
        for (r, row) in images.enumerated() {
            for (c, image) in row.enumerated() {
                guard let image else { continue }
                drawImage(image, canvas: canvas, in: Rect(x: x0 + Double(c) * (w + gap), y: area.y + Double(r) * (h + gap), width: w, height: h))
            }
        }
        for (c, l) in columnLabels.enumerated() {
            canvas.drawText(l, .tickLabel, at: Point(x: x0 + Double(c) * (w + gap) + w / 2, y: area.y - th.padding * 0.6), h: .center, v: .bottom)
        }
        for (r, l) in rowLabels.enumerated() {
            canvas.drawText(l, .tickLabel, at: Point(x: x0 - th.padding, y: area.y + Double(r) * (h + gap) + h / 2), h: .right, v: .middle)
        }
        let columnHeight = columnLabels.isEmpty ? 0 : (columnLabels.map { canvas.measure($0, .tickLabel).height }.max() ?? 0) + th.padding * 0.6
        drawPanelTitle(title, canvas: canvas, area: Rect(x: x0, y: area.y - columnHeight, width: gridWidth, height: 0), above: th.padding)
    }

    /// The whole-number enlargement that gives about 3 image pixels per point (216 dpi), at most 8.
    static func enlargement(imageWidth: Int, drawnWidth: Double) -> Int {
        max(1, min(8, Int(ceil(drawnWidth * 3 / Double(imageWidth)))))
    }

    private func drawImage(_ image: PlotImage, canvas: Canvas, in rect: Rect) {
        let k = Self.enlargement(imageWidth: image.width, drawnWidth: rect.width)
        let w = image.width * k, h = image.height * k
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(w), Int32(h))!
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        for y in 0..<h {
            let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<w {
                let (r, g, b) = image.rgb(x: x / k, y: y / k)
                row[x] = UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
            }
        }
        cairo_surface_mark_dirty(surface)
        let cr = canvas.cr
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, rect.width / Double(w), rect.height / Double(h))
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    /// No legend.
    public func legendEntries() -> [LegendEntry] { [] }
}
