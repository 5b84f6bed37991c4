/// Why a figure could not be drawn or written. Every case names the mark, panel or file at fault.
public enum PlotError: Error, Equatable, CustomStringConvertible {
    /// A value is NaN or infinite: `mark` and `field` name where, `index` the position in the array.
    case nonFinite(mark: String, field: String, index: Int)
    /// Arrays that must have the same length do not.
    case lengthMismatch(mark: String, field: String, expected: Int, actual: Int)
    /// A value ≤ 0 on a log axis.
    case nonPositiveOnLogAxis(mark: String, field: String, index: Int, value: Double)
    /// A mark or panel has nothing to draw.
    case empty(what: String)
    /// A matrix, image or table whose shape is inconsistent.
    case badShape(what: String, detail: String)
    /// More panels than the figure's grid holds.
    case tooManyPanels(grid: String, panels: Int)
    /// Cairo reported an error while drawing or writing.
    case cairo(status: String)
    /// The output file could not be written.
    case write(path: String, reason: String)
    /// An input file (an image) could not be read.
    case read(path: String, reason: String)

    /// A sentence describing the failure.
    public var description: String {
        switch self {
        case let .nonFinite(mark, field, index):
            "\(mark): \(field)[\(index)] is NaN or infinite; plots refuse non-finite data (filter it first)"
        case let .lengthMismatch(mark, field, expected, actual):
            "\(mark): \(field) has \(actual) values, expected \(expected)"
        case let .nonPositiveOnLogAxis(mark, field, index, value):
            "\(mark): \(field)[\(index)] = \(value) cannot be shown on a log axis (must be > 0)"
        case let .empty(what): "\(what) has no data to draw"
        case let .badShape(what, detail): "\(what): \(detail)"
        case let .tooManyPanels(grid, panels): "a \(grid) figure holds fewer than the \(panels) panels given"
        case let .cairo(status): "cairo error: \(status)"
        case let .write(path, reason): "cannot write \(path): \(reason)"
        case let .read(path, reason): "cannot read \(path): \(reason)"
        }
    }
}

/// Checks that every value of `values` is finite (and > 0 on a log axis).
func checkFinite(_ values: [Double], mark: String, field: String, logAxis: Bool = false) throws {
    for (i, v) in values.enumerated() {
        guard v.isFinite else { throw PlotError.nonFinite(mark: mark, field: field, index: i) }
        if logAxis && v <= 0 { throw PlotError.nonPositiveOnLogAxis(mark: mark, field: field, index: i, value: v) }
    }
}

/// Checks that `values` has `expected` entries.
func checkLength(_ values: [Double], _ expected: Int, mark: String, field: String) throws {
    guard values.count == expected else {
        throw PlotError.lengthMismatch(mark: mark, field: field, expected: expected, actual: values.count)
    }
}
