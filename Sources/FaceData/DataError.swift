import Foundation

/// A failure reading or writing face data. Every case names the file (and the line or field when
/// there is one) so that a user can find and fix the fault.
public enum DataError: Error, Equatable, CustomStringConvertible {
    /// A folder or file the layout requires is absent.
    case missing(path: String, what: String)
    /// A line of a label or CSV file does not parse.
    case malformedLine(file: String, line: Int, reason: String)
    /// A label is outside the source's class range.
    case labelOutOfRange(file: String, line: Int, label: Int, validRange: ClosedRange<Int>)
    /// An image file cannot be decoded.
    case unreadableImage(path: String, reason: String)
    /// A file or folder name does not follow the dataset's naming scheme.
    case badFileName(path: String, reason: String)
    /// An image cannot be written.
    case unwritableImage(path: String, reason: String)
    /// A name (flavour, source, recipe, split) is not one the kit knows.
    case unknownName(kind: String, name: String, known: [String])
    /// A request that cannot be served (a split the source lacks, an empty dataset, ...).
    case invalidRequest(String)

    /// A one-line message naming the file, line and fault.
    public var description: String {
        switch self {
        case let .missing(path, what):
            return "\(path): missing (\(what))"
        case let .malformedLine(file, line, reason):
            return "\(file):\(line): malformed line: \(reason)"
        case let .labelOutOfRange(file, line, label, range):
            return "\(file):\(line): label \(label) is outside \(range.lowerBound)...\(range.upperBound)"
        case let .unreadableImage(path, reason):
            return "\(path): unreadable image: \(reason)"
        case let .badFileName(path, reason):
            return "\(path): unexpected name: \(reason)"
        case let .unwritableImage(path, reason):
            return "\(path): cannot write image: \(reason)"
        case let .unknownName(kind, name, known):
            return "unknown \(kind) '\(name)' (known: \(known.joined(separator: ", ")))"
        case let .invalidRequest(message):
            return message
        }
    }
}

extension DataError: LocalizedError {
    /// The same text as `description`, so Foundation and ArgumentParser print it.
    public var errorDescription: String? { description }
}
