/// One cell of a results table: a value, and whether the report should highlight it (e.g. the best
/// method in a column). In JSON the value's fields plus `"highlight": true` when highlighted.
public struct ResultCell: Sendable, Hashable, Codable, ExpressibleByStringLiteral {
    /// What the cell shows.
    public var value: ResultValue
    /// Whether the report draws the cell in bold on a tinted background.
    public var highlight: Bool

    /// A cell holding `value`.
    public init(_ value: ResultValue, highlight: Bool = false) {
        self.value = value
        self.highlight = highlight
    }

    /// A text cell, so that `["SCN", .number(0.71)]` reads as a row.
    public init(stringLiteral text: String) {
        self.init(.text(text))
    }

    /// A text cell.
    public static func text(_ text: String, highlight: Bool = false) -> ResultCell {
        ResultCell(.text(text), highlight: highlight)
    }

    /// A number cell, written with `format` and an optional `± plusMinus` and unit.
    public static func number(_ x: Double, plusMinus: Double? = nil, unit: String? = nil,
                              format: NumberFormat = .standard, highlight: Bool = false) -> ResultCell {
        ResultCell(.number(x, plusMinus: plusMinus, unit: unit, format: format), highlight: highlight)
    }

    private enum CodingKeys: String, CodingKey { case highlight }

    public init(from decoder: Decoder) throws {
        value = try ResultValue(from: decoder)
        highlight = try decoder.container(keyedBy: CodingKeys.self)
            .decodeIfPresent(Bool.self, forKey: .highlight) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        try value.encode(to: encoder)
        if highlight {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(true, forKey: .highlight)
        }
    }
}

/// A table a chapter reports: column headers, rows of cells, a caption above and notes below.
public struct ResultTable: Sendable, Hashable, Codable {
    /// The column headers; every row has exactly this many cells.
    public var columns: [String]
    /// The rows, top to bottom.
    public var rows: [[ResultCell]]
    /// The caption; the report puts "Table N." before it.
    public var caption: String
    /// Notes printed under the table in a smaller type (e.g. what ± means), if any.
    public var notes: String?

    /// A table; rows shorter or longer than `columns` are rejected when the results are written.
    public init(columns: [String], rows: [[ResultCell]], caption: String, notes: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.caption = caption
        self.notes = notes
    }
}
