import Plot

/// A ruled table drawn on the booklet's pages: a bold header row, thin rules between rows, highlighted
/// cells tinted and bold. Columns take their natural width; when the table is wider than the page it
/// drops to a smaller type, and if that is still too wide the widest columns wrap. A table taller than
/// the page continues on the next with its header repeated.
struct PDFTable {
    /// One cell: Pango markup, and how to show it.
    struct Cell {
        var markup: String
        var alignRight = false
        var highlight = false
        var color = BookletPages.ink
    }

    var columns: [String]
    var rows: [[Cell]]

    private static let padX = 4.0
    private static let padY = 2.5
    private static let tint = Color(red: 1.0, green: 0.945, blue: 0.72)

    /// The table's cells from a results table.
    init(_ table: ResultTable) {
        columns = table.columns
        rows = table.rows.map { row in
            row.map { cell in
                let text = PangoText.escape(cell.value.formatted())
                return Cell(markup: cell.highlight ? "<b>\(text)</b>" : text, alignRight: cell.value.isNumber,
                            highlight: cell.highlight)
            }
        }
    }

    /// A table of given cells.
    init(columns: [String], rows: [[Cell]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Draws the table at the canvas cursor, breaking pages between rows, and moves the cursor below.
    func draw(on canvas: BookletPages) {
        let available = BookletPages.contentWidth
        var font = BookletPages.Font.table
        var natural = naturalWidths(canvas, font: font)
        if natural.reduce(0, +) > available {
            font = .tableSmall
            natural = naturalWidths(canvas, font: font)
        }
        let widths = Self.fit(natural, into: available)
        let header = columns.indices.map { column in
            Cell(markup: "<b>\(PangoText.escape(columns[column]))</b>",
                 alignRight: !rows.isEmpty && rows.allSatisfy { column < $0.count && $0[column].alignRight })
        }
        let tableWidth = widths.reduce(0, +)
        let x0 = BookletPages.margin

        func layouts(_ row: [Cell]) -> [TextBlock] {
            zip(row, widths).map { cell, width in
                canvas.layout(cell.markup, font: font, width: width - 2 * Self.padX, alignRight: cell.alignRight)
            }
        }
        func height(_ cells: [TextBlock]) -> Double {
            (cells.map(\.size.height).max() ?? 0) + 2 * Self.padY
        }
        func drawRow(_ row: [Cell], _ cells: [TextBlock], rowHeight: Double) {
            var x = x0
            for (index, cell) in cells.enumerated() {
                if row[index].highlight {
                    canvas.canvas.fillRect(Rect(x: x, y: canvas.y, width: widths[index], height: rowHeight), Self.tint)
                }
                canvas.draw(cell, x: x + Self.padX, y: canvas.y + Self.padY, color: row[index].color)
                x += widths[index]
            }
            canvas.y += rowHeight
        }
        func drawHeader() {
            let cells = layouts(header)
            let rowHeight = height(cells)
            canvas.rule(x0: x0, x1: x0 + tableWidth, y: canvas.y, width: 0.8, grey: 0.1)
            drawRow(header, cells, rowHeight: rowHeight)
            canvas.rule(x0: x0, x1: x0 + tableWidth, y: canvas.y, width: 0.8, grey: 0.1)
        }

        let headerHeight = height(layouts(header))
        let firstRowHeight = rows.first.map { height(layouts($0)) } ?? 0
        canvas.ensureSpace(headerHeight + firstRowHeight)
        drawHeader()
        for (index, row) in rows.enumerated() {
            let cells = layouts(row)
            let rowHeight = height(cells)
            if canvas.y + rowHeight > BookletPages.bottom {
                canvas.newPage()
                drawHeader()
            }
            drawRow(row, cells, rowHeight: rowHeight)
            let last = index == rows.count - 1
            canvas.rule(x0: x0, x1: x0 + tableWidth, y: canvas.y, width: last ? 0.8 : 0.3, grey: last ? 0.1 : 0.75)
        }
    }

    /// The width of each column with every cell on one line, padding included.
    private func naturalWidths(_ canvas: BookletPages, font: BookletPages.Font) -> [Double] {
        var widths = columns.map { canvas.layout("<b>\(PangoText.escape($0))</b>", font: font).size.width }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], canvas.layout(cell.markup, font: font).size.width)
            }
        }
        return widths.map { $0 + 2 * Self.padX + 0.5 }
    }

    /// Column widths that fit `available`: narrow columns keep their natural width, and the space left
    /// is shared among the wide ones in proportion to their natural widths.
    static func fit(_ natural: [Double], into available: Double) -> [Double] {
        guard natural.reduce(0, +) > available else { return natural }
        var fixed = Set<Int>()
        while true {
            let fixedWidth = fixed.reduce(0) { $0 + natural[$1] }
            let flexible = natural.indices.filter { !fixed.contains($0) }
            let flexibleNatural = flexible.reduce(0) { $0 + natural[$1] }
            let share = (available - fixedWidth) / flexibleNatural
            let fairShare = (available - fixedWidth) / Double(flexible.count)
            let newlyFixed = flexible.filter { natural[$0] <= fairShare }
            if newlyFixed.isEmpty || newlyFixed.count == flexible.count {
                return natural.indices.map { fixed.contains($0) ? natural[$0] : natural[$0] * share }
            }
            fixed.formUnion(newlyFixed)
        }
    }
}
