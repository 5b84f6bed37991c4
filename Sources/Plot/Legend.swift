import CCairo
import Foundation

/// The little picture in front of a legend label.
public enum LegendSymbol: Sendable, Equatable {
    /// A line segment, dashed when `dash` is not empty, over a shaded band when `band` is true,
    /// with a marker in its middle when `marker` is set.
    case line(dash: [Double], band: Bool, marker: MarkerShape?)
    /// A scatter marker.
    case marker(MarkerShape)
    /// A filled square (bars, histograms).
    case patch(alpha: Double)
}

/// One legend row: a symbol in a colour and a label.
public struct LegendEntry: Sendable, Equatable {
    /// The text.
    public var label: String
    /// The symbol's colour.
    public var color: Color
    /// The symbol.
    public var symbol: LegendSymbol
    /// An entry.
    public init(label: String, color: Color, symbol: LegendSymbol) {
        self.label = label; self.color = color; self.symbol = symbol
    }
}

/// Where an `Axes` puts its legend.
public enum LegendPlacement: Sendable, Equatable {
    /// The inside corner covering the fewest data points.
    case best
    /// An inside corner.
    case upperLeft, upperRight, lowerLeft, lowerRight
    /// To the right of the plotting area, outside it.
    case outsideRight
    /// No legend.
    case hidden
}

/// Pure layout of legend entries: where each entry's box goes. Kept apart from drawing so that
/// tests can check that entries never overlap.
public enum LegendLayout {
    /// Width of the symbol in front of each label, in points.
    public static let symbolWidth = 14.0
    /// Gap between symbol and label.
    public static let symbolGap = 4.0
    /// Gap between entries.
    public static let spacing = 10.0

    /// Entries stacked in one column, top to bottom, starting at (0, 0).
    public static func column(_ sizes: [Size], lineGap: Double = 2) -> [Rect] {
        var y = 0.0
        return sizes.map { s in
            defer { y += s.height + lineGap }
            return Rect(x: 0, y: y, width: s.width, height: s.height)
        }
    }

    /// Entries flowed left to right in rows no wider than `maxWidth` (an entry wider than that
    /// gets a row of its own), each row centred in `maxWidth`.
    public static func rows(_ sizes: [Size], maxWidth: Double, lineGap: Double = 3) -> [Rect] {
        var rows: [[Int]] = [[]]
        var width = 0.0
        for (i, s) in sizes.enumerated() {
            let needed = rows[rows.count - 1].isEmpty ? s.width : width + spacing + s.width
            if needed > maxWidth && !rows[rows.count - 1].isEmpty {
                rows.append([i]); width = s.width
            } else {
                rows[rows.count - 1].append(i); width = needed
            }
        }
        var rects = [Rect](repeating: Rect(x: 0, y: 0, width: 0, height: 0), count: sizes.count)
        var y = 0.0
        for row in rows where !row.isEmpty {
            let rowWidth = row.map { sizes[$0].width }.reduce(0, +) + spacing * Double(row.count - 1)
            let rowHeight = row.map { sizes[$0].height }.max() ?? 0
            var x = max(0, (maxWidth - rowWidth) / 2)
            for i in row {
                rects[i] = Rect(x: x, y: y + (rowHeight - sizes[i].height) / 2, width: sizes[i].width, height: sizes[i].height)
                x += sizes[i].width + spacing
            }
            y += rowHeight + lineGap
        }
        return rects
    }

    /// The bounding box of `rects`.
    public static func bounds(_ rects: [Rect]) -> Rect {
        guard let first = rects.first else { return Rect(x: 0, y: 0, width: 0, height: 0) }
        var r = first
        for o in rects.dropFirst() {
            let x0 = min(r.x, o.x), y0 = min(r.y, o.y)
            r = Rect(x: x0, y: y0, width: max(r.maxX, o.maxX) - x0, height: max(r.maxY, o.maxY) - y0)
        }
        return r
    }
}

/// Legend drawing shared by `Axes` and `Figure`.
enum LegendDrawing {
    /// The size of each entry: symbol, gap, label.
    static func entrySizes(_ entries: [LegendEntry], canvas: Canvas) -> [Size] {
        entries.map { e in
            let t = canvas.measure(e.label, .tickLabel)
            return Size(width: LegendLayout.symbolWidth + LegendLayout.symbolGap + t.width, height: max(t.height, 9))
        }
    }

    /// Draws `entries` in the boxes `rects`, offset by `origin`.
    static func draw(_ entries: [LegendEntry], rects: [Rect], origin: Point, canvas: Canvas) {
        let cr = canvas.cr
        for (e, r) in zip(entries, rects) {
            let cy = origin.y + r.y + r.height / 2
            let x0 = origin.x + r.x
            let w = LegendLayout.symbolWidth
            switch e.symbol {
            case let .line(dash, band, marker):
                if band { canvas.fillRect(Rect(x: x0, y: cy - 3.5, width: w, height: 7), e.color.withAlpha(0.22)) }
                cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
                canvas.strokeLine(Point(x: x0, y: cy), Point(x: x0 + w, y: cy), color: e.color,
                                  width: canvas.theme.lineWidth, dash: dash)
                if let marker {
                    marker.addPath(cr, Point(x: x0 + w / 2, y: cy), size: Line.markerSize)
                    marker.finish(canvas, color: e.color, size: Line.markerSize)
                }
            case let .marker(shape):
                shape.addPath(cr, Point(x: x0 + w / 2, y: cy), size: 5.5)
                shape.finish(canvas, color: e.color, size: 5.5)
            case let .patch(alpha):
                let s = 8.0
                canvas.fillRect(Rect(x: x0 + (w - s) / 2, y: cy - s / 2, width: s, height: s), e.color.withAlpha(alpha))
            }
            canvas.drawText(e.label, .tickLabel, at: Point(x: x0 + w + LegendLayout.symbolGap, y: cy), v: .middle)
        }
    }
}
