import CCairo
import Foundation

/// A rendered table in the booktabs style (a heavy rule above and below, a light one under the
/// header, no vertical rules), with per-column alignment and highlighted (bold) cells.
///
/// ```swift
/// let best = Table.best(in: accuracies, higherIsBetter: true)   // row index of the best value
/// Table(header: ["method", "RAF-DB", "FER2013"], rows: rows, alignments: [.left, .right, .right],
///       highlighted: [TableCell(row: best!, column: 1)])
/// ```
public struct Table: Panel {
    /// How the text of a column sits in its cells.
    public enum Alignment: Sendable { case left, center, right }

    /// The panel title.
    public var title: String?
    /// The header cells.
    public var header: [String]
    /// The body rows, each with one cell per header cell.
    public var rows: [[String]]
    /// One alignment per column; missing ones are left for the first column and right otherwise.
    public var alignments: [Alignment]
    /// Cells set in bold.
    public var highlighted: Set<TableCell>

    /// A table.
    public init(title: String? = nil, header: [String], rows: [[String]], alignments: [Alignment] = [],
                highlighted: Set<TableCell> = []) {
        self.title = title; self.header = header; self.rows = rows; self.alignments = alignments; self.highlighted = highlighted
    }

    /// The index of the best of `values` (largest when `higherIsBetter`, else smallest), skipping
    /// nil and NaN; nil when none is left. Ties go to the first.
    public static func best(in values: [Double?], higherIsBetter: Bool) -> Int? {
        var best: Int?
        for (i, v) in values.enumerated() {
            guard let v, !v.isNaN else { continue }
            if let b = best, let bv = values[b] {
                if higherIsBetter ? v > bv : v < bv { best = i }
            } else {
                best = i
            }
        }
        return best
    }

    private func alignment(_ c: Int) -> Alignment { c < alignments.count ? alignments[c] : (c == 0 ? .left : .right) }

    /// Throws on an empty header or a row with the wrong number of cells.
    public func validate() throws {
        let name = "table \(title.map { "'\($0)'" } ?? "(untitled)")"
        guard !header.isEmpty else { throw PlotError.empty(what: name) }
        for (r, row) in rows.enumerated() where row.count != header.count {
            throw PlotError.badShape(what: name, detail: "row \(r) has \(row.count) cells, the header has \(header.count)")
        }
    }

    private static let cellPadX = 7.0
    private static let cellPadY = 2.6

    /// Column widths and row height of the table at natural size.
    func metrics(_ canvas: Canvas) -> (columns: [Double], rowHeight: Double) {
        var widths = header.map { canvas.measure($0, .tickLabel, bold: true).width }
        var height = canvas.measure("Ag", .tickLabel, bold: true).height
        for (r, row) in rows.enumerated() {
            for (c, cell) in row.enumerated() {
                let s = canvas.measure(cell, .tickLabel, bold: highlighted.contains(TableCell(row: r, column: c)))
                widths[c] = max(widths[c], s.width); height = max(height, s.height)
            }
        }
        return (widths.map { $0 + 2 * Self.cellPadX }, height + 2 * Self.cellPadY)
    }

    /// The size of the table itself (title excluded), in points.
    func naturalSize(_ canvas: Canvas) -> Size {
        let m = metrics(canvas)
        return Size(width: m.columns.reduce(0, +), height: m.rowHeight * Double(rows.count + 1) + 4)
    }

    /// Space for the title.
    public func margins(in canvas: Canvas, cell: Rect) -> Insets {
        Insets(top: panelTitleHeight(title, canvas: canvas) + canvas.theme.padding, left: 4, bottom: 4, right: 4)
    }

    /// Draws the table centred at the top of `area`, scaled down uniformly if it is too wide.
    public func draw(in canvas: Canvas, area: Rect) {
        let cr = canvas.cr
        let m = metrics(canvas)
        let size = naturalSize(canvas)
        let s = min(1, area.width / size.width, area.height / size.height)
        let x0 = area.x + (area.width - size.width * s) / 2
        drawPanelTitle(title, canvas: canvas, area: Rect(x: area.x, y: area.y, width: area.width, height: 0), above: canvas.theme.padding)
        cairo_save(cr)
        cairo_translate(cr, x0, area.y)
        cairo_scale(cr, s, s)
        let rule = { (y: Double, w: Double) in canvas.strokeLine(Point(x: 0, y: y), Point(x: size.width, y: y), color: .ink, width: w) }
        rule(0.5, 0.9)
        func drawRow(_ cells: [String], y: Double, bold: (Int) -> Bool) {
            var x = 0.0
            for (c, text) in cells.enumerated() {
                let w = m.columns[c]
                let (px, h): (Double, HAnchor) = switch alignment(c) {
                case .left: (x + Self.cellPadX, .left)
                case .center: (x + w / 2, .center)
                case .right: (x + w - Self.cellPadX, .right)
                }
                canvas.drawText(text, .tickLabel, at: Point(x: px, y: y + m.rowHeight / 2), h: h, v: .middle, bold: bold(c))
                x += w
            }
        }
        drawRow(header, y: 1.5) { _ in true }
        rule(1.5 + m.rowHeight + 0.5, 0.5)
        for (r, row) in rows.enumerated() {
            drawRow(row, y: 2.5 + m.rowHeight * Double(r + 1)) { highlighted.contains(TableCell(row: r, column: $0)) }
        }
        rule(size.height - 0.5, 0.9)
        cairo_restore(cr)
    }

    /// No legend.
    public func legendEntries() -> [LegendEntry] { [] }
}

/// The position of a body cell of a `Table`: 0-based row (header excluded) and column.
public struct TableCell: Hashable, Sendable {
    /// Body row, 0-based.
    public var row: Int
    /// Column, 0-based.
    public var column: Int
    /// The cell at `row`, `column`.
    public init(row: Int, column: Int) { self.row = row; self.column = column }
}
