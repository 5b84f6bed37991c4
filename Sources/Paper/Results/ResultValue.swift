import Foundation

/// One named quantity a chapter reports: a number (with its format, an optional unit and an optional
/// ± spread), a number with its bootstrap intervals, or a piece of text.
///
/// In JSON a number is `{"number": 0.712, "plusMinus": 0.013, "unit": "s", "format": "%.1%"}`
/// (only `number` is required), an interval is `{"interval": {…}, "unit": "pp", "format": "%.1f"}`
/// (see `ResultInterval`) and a text is `{"text": "LLDif"}`.
public enum ResultValue: Sendable, Hashable, Codable {
    /// A number written with `format`, followed by ` ± spread` and ` unit` when those are present.
    case number(Double, plusMinus: Double? = nil, unit: String? = nil, format: NumberFormat = .standard)
    /// An estimate with its intervals, written `estimate [lower95, upper95]` in `format`, then ` unit`.
    case interval(ResultInterval, unit: String? = nil, format: NumberFormat = .standard)
    /// A text shown as it is.
    case text(String)

    /// The value as it appears in the report, using `format` instead of the stored one when given.
    /// A text ignores the format.
    public func formatted(with override: NumberFormat? = nil) -> String {
        switch self {
        case .text(let text):
            return text
        case .number(let x, let spread, let unit, let stored):
            let format = override ?? stored
            var out = format.string(x)
            if let spread {
                if case .percent = format {
                    out = format.spreadString(x) + " ± " + format.spreadString(spread) + "%"
                } else {
                    out += " ± " + format.string(spread)
                }
            }
            if let unit, !unit.isEmpty { out += "\u{00A0}" + unit }
            return out
        case .interval(let interval, let unit, let stored):
            return interval.formatted(override ?? stored) + (unit.map { $0.isEmpty ? "" : "\u{00A0}" + $0 } ?? "")
        }
    }

    /// The number the value stands for: a number, or an interval's estimate; nil for a text.
    public var estimate: Double? {
        switch self {
        case .number(let x, _, _, _): return x
        case .interval(let interval, _, _): return interval.estimate
        case .text: return nil
        }
    }

    /// The unit of a number or interval (nil for a text or when none was given).
    public var unit: String? {
        switch self {
        case .number(_, _, let unit, _), .interval(_, let unit, _): return unit
        case .text: return nil
        }
    }

    /// True for a number or an interval, false for a text.
    public var isNumber: Bool { estimate != nil }

    private enum CodingKeys: String, CodingKey { case number, interval, plusMinus, unit, format, text }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try c.decodeIfPresent(String.self, forKey: .text) {
            self = .text(text)
            return
        }
        if let interval = try c.decodeIfPresent(ResultInterval.self, forKey: .interval) {
            self = .interval(interval, unit: try c.decodeIfPresent(String.self, forKey: .unit),
                             format: try c.decodeIfPresent(NumberFormat.self, forKey: .format) ?? .standard)
            return
        }
        guard c.contains(.number) else {
            throw DecodingError.keyNotFound(CodingKeys.number, .init(
                codingPath: c.codingPath, debugDescription: "a value needs \"number\", \"interval\" or \"text\""))
        }
        self = .number(try c.decode(Double.self, forKey: .number),
                       plusMinus: try c.decodeIfPresent(Double.self, forKey: .plusMinus),
                       unit: try c.decodeIfPresent(String.self, forKey: .unit),
                       format: try c.decodeIfPresent(NumberFormat.self, forKey: .format) ?? .standard)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text):
            try c.encode(text, forKey: .text)
        case .number(let x, let spread, let unit, let format):
            try c.encode(x, forKey: .number)
            try c.encodeIfPresent(spread, forKey: .plusMinus)
            try c.encodeIfPresent(unit, forKey: .unit)
            try c.encode(format, forKey: .format)
        case .interval(let interval, let unit, let format):
            try c.encode(interval, forKey: .interval)
            try c.encodeIfPresent(unit, forKey: .unit)
            try c.encode(format, forKey: .format)
        }
    }
}
