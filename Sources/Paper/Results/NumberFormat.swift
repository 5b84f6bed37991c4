import Foundation

/// How a number is written in the report. Its text form is a small printf-like spec, used both in
/// results files (`"format": "%.3f"`) and in `{{value …}}` directives:
///
/// | spec    | case               | 0.07123 is written |
/// |---------|--------------------|--------------------|
/// | `%.3f`  | `.fixed(3)`        | `0.071`            |
/// | `%.1%`  | `.percent(1)`      | `7.1%` (×100)      |
/// | `%.2e`  | `.scientific(2)`   | `7.12e-02`         |
/// | `%.3g`  | `.significant(3)`  | `0.0712`           |
/// | `%d`    | `.integer`         | `0`                |
public enum NumberFormat: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A fixed number of digits after the decimal point.
    case fixed(Int)
    /// The number times 100 with a fixed number of decimals and a `%` sign.
    case percent(Int)
    /// Scientific notation with a fixed number of digits after the point.
    case scientific(Int)
    /// A fixed number of significant digits (printf `%g`).
    case significant(Int)
    /// Rounded to the nearest whole number.
    case integer

    /// The format used when a results file gives none: four significant digits.
    public static let standard = NumberFormat.significant(4)

    /// Parses a spec such as `%.3f`, `%.1%`, `%.2e`, `%.4g` or `%d`; nil when it is none of these.
    public init?(spec: String) {
        if spec == "%d" { self = .integer; return }
        guard spec.hasPrefix("%."), let last = spec.last else { return nil }
        let digitsText = spec.dropFirst(2).dropLast()
        guard !digitsText.isEmpty, digitsText.allSatisfy(\.isASCII), let digits = Int(digitsText),
              (0...17).contains(digits) else { return nil }
        switch last {
        case "f": self = .fixed(digits)
        case "%": self = .percent(digits)
        case "e": self = .scientific(digits)
        case "g": self = digits == 0 ? .significant(1) : .significant(digits)
        default: return nil
        }
    }

    /// The spec text, e.g. `%.3f`; `NumberFormat(spec:)` reads it back.
    public var spec: String {
        switch self {
        case .fixed(let d): return "%.\(d)f"
        case .percent(let d): return "%.\(d)%"
        case .scientific(let d): return "%.\(d)e"
        case .significant(let d): return "%.\(d)g"
        case .integer: return "%d"
        }
    }

    public var description: String { spec }

    /// Writes `x` in this format, independent of the locale. Negative zero after rounding is written
    /// without its sign, and non-finite numbers as `NaN`, `∞` or `-∞`.
    public func string(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "∞" : "-∞") }
        let text: String
        switch self {
        case .fixed(let d): text = String(format: "%.\(d)f", x)
        case .percent(let d): text = String(format: "%.\(d)f", x * 100) + "%"
        case .scientific(let d): text = String(format: "%.\(d)e", x)
        case .significant(let d): text = String(format: "%.\(d)g", x)
        case .integer: text = String(format: "%.0f", x)
        }
        return Self.droppingNegativeZero(text)
    }

    /// Writes the spread of a `value ± spread` pair: like `string` but without a `%` sign for percents.
    func spreadString(_ x: Double) -> String {
        guard case .percent(let d) = self else { return string(x) }
        return NumberFormat.fixed(d).string(x * 100)
    }

    /// "-0.000" → "0.000": a value that rounds to zero has no sign.
    private static func droppingNegativeZero(_ text: String) -> String {
        guard text.hasPrefix("-") else { return text }
        let digits = text.dropFirst().prefix { $0 != "e" && $0 != "%" }
        return digits.allSatisfy { $0 == "0" || $0 == "." } ? String(text.dropFirst()) : text
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let spec = try container.decode(String.self)
        guard let format = NumberFormat(spec: spec) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "unknown number format '\(spec)' (use %.Nf, %.N%, %.Ne, %.Ng or %d)")
        }
        self = format
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(spec)
    }
}
