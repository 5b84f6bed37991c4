/// A setting that does not exist, does not parse, or holds a value out of its range; each names
/// the setting at fault.
public enum SettingsError: Error, CustomStringConvertible, Equatable {
    /// An override without `=`.
    case malformedOverride(String)
    /// A key that is not a setting, with the nearest keys that are.
    case unknownKey(String, nearest: [String])
    /// A value that does not parse as the setting's type, or lies outside its range.
    case badValue(key: String, text: String, expected: String)
    /// A name (dataset, model, profile) that does not exist, with the ones that do.
    case unknownName(kind: String, name: String, known: [String])

    public var description: String {
        switch self {
        case .malformedOverride(let t):
            return "override '\(t)' is not of the form key=value"
        case .unknownKey(let k, let nearest):
            let hint = nearest.isEmpty ? "" : " (did you mean \(nearest.joined(separator: ", "))?)"
            return "unknown setting '\(k)'\(hint); `lldif config` lists them all"
        case .badValue(let k, let t, let e):
            return "setting '\(k)' expects \(e), got '\(t)'"
        case .unknownName(let kind, let name, _):
            return "unknown \(kind) '\(name)': expected \(expected)"
        }
    }

    /// What was expected, in words.
    public var expected: String {
        switch self {
        case .badValue(_, _, let e): return e
        case .unknownName(_, _, let known): return ConfigCheck.oneOf(known)
        default: return description
        }
    }
}

/// The range checks of `validate()`: each throws `SettingsError.badValue` naming the key.
enum ConfigCheck {
    static func that<T>(_ ok: Bool, _ key: String, _ value: T, _ expected: String) throws {
        if !ok { throw SettingsError.badValue(key: key, text: text(value), expected: expected) }
    }

    static func positive(_ value: Double, _ key: String) throws {
        try that(value.isFinite && value > 0, key, value, "a positive number")
    }

    static func nonNegative(_ value: Double, _ key: String) throws {
        try that(value.isFinite && value >= 0, key, value, "a non-negative number")
    }

    static func probability(_ value: Double, _ key: String) throws {
        try that(value >= 0 && value <= 1, key, value, "a probability in [0, 1]")
    }

    static func share(_ value: Double, _ key: String) throws {
        try that(value >= 0 && value < 1, key, value, "a share in [0, 1)")
    }

    /// "one of a, b, c".
    static func oneOf(_ names: [String]) -> String { "one of " + names.joined(separator: ", ") }

    private static func text<T>(_ value: T) -> String {
        if let list = value as? [CustomStringConvertible] { return list.map(\.description).joined(separator: ",") }
        return "\(value)"
    }
}
