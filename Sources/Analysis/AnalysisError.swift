/// Bad input to an Analysis function, naming the argument and the shape or value at fault.
public enum AnalysisError: Error, Equatable, CustomStringConvertible {
    /// A matrix whose element count does not match its declared rows × columns.
    case shapeMismatch(argument: String, expected: Int, actual: Int)
    /// Two arguments that must describe the same samples have different lengths.
    case lengthMismatch(first: String, firstCount: Int, second: String, secondCount: Int)
    /// A parameter outside its valid range, with the rule it breaks.
    case invalidParameter(name: String, reason: String)
    /// A label that is negative or not below the number of classes.
    case invalidLabel(argument: String, index: Int, label: Int)
    /// A value that is NaN or infinite.
    case nonFinite(argument: String, index: Int)

    /// A one-line message naming the argument at fault.
    public var description: String {
        switch self {
        case let .shapeMismatch(argument, expected, actual):
            return "\(argument): expected \(expected) elements (rows × columns), got \(actual)"
        case let .lengthMismatch(first, a, second, b):
            return "\(first) has \(a) entries but \(second) has \(b)"
        case let .invalidParameter(name, reason):
            return "\(name): \(reason)"
        case let .invalidLabel(argument, index, label):
            return "\(argument)[\(index)] = \(label) is not a valid class index"
        case let .nonFinite(argument, index):
            return "\(argument)[\(index)] is not finite"
        }
    }
}

/// Checks that `values` holds `rows × columns` finite numbers.
func checkMatrix<T: BinaryFloatingPoint>(_ values: [T], rows: Int, columns: Int, name: String) throws {
    guard rows >= 0, columns > 0 else {
        throw AnalysisError.invalidParameter(name: name, reason: "needs a positive column count, got \(rows)×\(columns)")
    }
    guard values.count == rows * columns else {
        throw AnalysisError.shapeMismatch(argument: name, expected: rows * columns, actual: values.count)
    }
    if let bad = values.firstIndex(where: { !$0.isFinite }) {
        throw AnalysisError.nonFinite(argument: name, index: bad)
    }
}
