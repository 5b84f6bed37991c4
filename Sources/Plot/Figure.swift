import CCairo
import Foundation

/// A figure: a title, a grid of panels of one shared size, and an optional legend shared by all
/// panels below them. Sizes are in points (1/72 inch).
///
/// ```swift
/// let figure = Figure(rows: 1, cols: 2, title: "t-SNE of test features", sharedLegend: true) {
///     Axes(title: "SCN") { Scatter(x: a, y: b, classes: y, classNames: emotions) }
///     Axes(title: "LLDif") { Scatter(x: c, y: d, classes: y, classNames: emotions) }
/// }
/// try figure.write(to: "figures/05-tsne")   // 05-tsne.png, .svg and .pdf
/// ```
/// Panels fill the grid row by row. The margins panels ask for (tick labels, titles) are aligned
/// across each grid row and column, so the plotting areas of a row line up.
public struct Figure: Sendable {
    /// Grid rows.
    public var rows: Int
    /// Grid columns.
    public var cols: Int
    /// The figure title, or nil.
    public var title: String?
    /// The size of each grid cell.
    public var panelSize: Size
    /// Whether the legend entries of all panels (one per distinct label) go in one legend below
    /// the grid instead of each panel's own.
    public var sharedLegend: Bool
    /// Fonts, sizes and strokes.
    public var theme: Theme
    /// The panels, row by row.
    public var panels: [any Panel]

    /// A figure of `rows` × `cols` panels of `panelSize` each.
    public init(rows: Int = 1, cols: Int = 1, title: String? = nil, panelSize: Size = Size(width: 250, height: 190),
                sharedLegend: Bool = false, theme: Theme = .standard, @PanelBuilder panels: () -> [any Panel]) {
        self.rows = rows; self.cols = cols; self.title = title; self.panelSize = panelSize
        self.sharedLegend = sharedLegend; self.theme = theme; self.panels = panels()
    }

    /// A one-panel figure sized to fit `table` at its natural size (plus its title).
    public init(table: Table, theme: Theme = .standard) {
        let size = Scratch.measure(theme: theme) { canvas -> Size in
            let s = table.naturalSize(canvas)
            let m = table.margins(in: canvas, cell: Rect(x: 0, y: 0, width: s.width, height: s.height))
            let titleWidth = table.title.map { canvas.measure($0, .panelTitle).width } ?? 0
            return Size(width: max(s.width, titleWidth) + m.left + m.right, height: s.height + m.top + m.bottom)
        }
        self.init(panelSize: size, theme: theme) { table }
    }

    static let outerPadding = 6.0
    static let columnGap = 16.0

    /// Throws when the grid is too small or a panel's data is invalid.
    public func validate() throws {
        guard rows >= 1, cols >= 1, panels.count <= rows * cols else {
            throw PlotError.tooManyPanels(grid: "\(rows)x\(cols)", panels: panels.count)
        }
        guard !panels.isEmpty else { throw PlotError.empty(what: "figure \(title.map { "'\($0)'" } ?? "(untitled)")") }
        for p in panels { try p.validate() }
    }

    /// The shared legend's entries: the first entry of each distinct label, in panel order.
    func sharedEntries() -> [LegendEntry] {
        guard sharedLegend else { return [] }
        var seen = Set<String>()
        return panels.flatMap { $0.legendEntries() }.filter { seen.insert($0.label).inserted }
    }

    /// Where everything goes, measured on `canvas`.
    struct Layout {
        var size: Size
        var titleHeight: Double
        var legendRects: [Rect]
        var legendOrigin: Point
        var areas: [Rect]
    }

    func layout(_ canvas: Canvas) -> Layout {
        let pad = Self.outerPadding
        let width = Double(cols) * panelSize.width + 2 * pad
        let titleHeight = title.map { canvas.measure($0, .figureTitle).height + theme.padding } ?? 0
        let entries = sharedEntries()
        let legendRects = LegendLayout.rows(LegendDrawing.entrySizes(entries, canvas: canvas), maxWidth: width - 2 * pad)
        let legendHeight = entries.isEmpty ? 0 : LegendLayout.bounds(legendRects).height + theme.padding
        let gridTop = pad + titleHeight
        let height = gridTop + Double(rows) * panelSize.height + legendHeight + pad

        // Neighbouring columns keep a gap, so that one panel's colour bar or legend never reads
        // as the next panel's label.
        let cells = panels.indices.map { i in
            let c = i % cols, left = c > 0 ? Self.columnGap / 2 : 0, right = c < cols - 1 ? Self.columnGap / 2 : 0
            return Rect(x: pad + Double(c) * panelSize.width + left, y: gridTop + Double(i / cols) * panelSize.height,
                        width: panelSize.width - left - right, height: panelSize.height)
        }
        let margins = panels.indices.map { panels[$0].margins(in: canvas, cell: cells[$0]) }
        var columnMargins = [Insets](repeating: Insets(), count: cols)
        var rowMargins = [Insets](repeating: Insets(), count: rows)
        for (i, m) in margins.enumerated() {
            columnMargins[i % cols] = columnMargins[i % cols].union(Insets(left: m.left, right: m.right))
            rowMargins[i / cols] = rowMargins[i / cols].union(Insets(top: m.top, bottom: m.bottom))
        }
        let areas = panels.indices.map { i in
            cells[i].inset(by: Insets(top: rowMargins[i / cols].top, left: columnMargins[i % cols].left,
                                      bottom: rowMargins[i / cols].bottom, right: columnMargins[i % cols].right))
        }
        return Layout(size: Size(width: width, height: height), titleHeight: titleHeight, legendRects: legendRects,
                      legendOrigin: Point(x: pad, y: gridTop + Double(rows) * panelSize.height + theme.padding), areas: areas)
    }

    /// The figure's size in points.
    public var size: Size { Scratch.measure(theme: theme) { layout($0).size } }

    /// Draws the figure on `canvas` with its top-left corner at the origin.
    func draw(on canvas: Canvas) {
        canvas.suppressPanelLegends = sharedLegend
        let l = layout(canvas)
        canvas.fillRect(Rect(x: 0, y: 0, width: l.size.width, height: l.size.height), .white)
        if let title {
            canvas.drawText(title, .figureTitle, at: Point(x: l.size.width / 2, y: Self.outerPadding), h: .center, v: .top)
        }
        for (p, area) in zip(panels, l.areas) { p.draw(in: canvas, area: area) }
        LegendDrawing.draw(sharedEntries(), rects: l.legendRects, origin: l.legendOrigin, canvas: canvas)
    }
}

/// A throw-away 1×1 canvas for measuring text before a real surface exists.
enum Scratch {
    static func measure<T>(theme: Theme, _ body: (Canvas) -> T) -> T {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)!
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr); cairo_surface_destroy(surface) }
        return body(Canvas(cr: cr, theme: theme))
    }
}
