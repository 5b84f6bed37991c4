import Foundation

/// A flat set of named, typed settings (`data.image_size`, `train.epochs`, …): a profile's defaults
/// plus the user's overrides. Every setting of every run comes from here.
public struct Settings: Hashable, Sendable, Codable {
    /// The values by dotted key.
    public private(set) var values: [String: SettingValue]

    public init(_ values: [String: SettingValue] = [:]) { self.values = values }

    /// The keys in sorted order.
    public var keys: [String] { values.keys.sorted() }

    public subscript(key: String) -> SettingValue? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// Applies an override of the form `key=value`. The key must exist (so a typo cannot silently
    /// do nothing) and the value must parse as the key's type.
    public mutating func apply(override text: String) throws {
        guard let eq = text.firstIndex(of: "=") else { throw SettingsError.malformedOverride(text) }
        let key = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        let raw = String(text[text.index(after: eq)...])
        guard let current = values[key] else {
            throw SettingsError.unknownKey(key, nearest: nearestKeys(to: key))
        }
        guard let parsed = current.parsingSameType(raw) else {
            throw SettingsError.badValue(key: key, text: raw, expected: current.typeName)
        }
        values[key] = parsed
    }

    /// The settings whose keys start with one of `prefixes`: the part of the whole configuration
    /// that a given run depends on, so that changing an unrelated setting does not retrain it.
    public func restricted(to prefixes: [String]) -> Settings {
        Settings(values.filter { kv in prefixes.contains { kv.key == $0 || kv.key.hasPrefix($0 + ".") } })
    }

    /// Sorted-key JSON without whitespace: the canonical text a run's identity is hashed from.
    public func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a dictionary of simple enums cannot fail.
        return try! encoder.encode(values)
    }

    /// One `key = value` line per setting, sorted: what `lldif config` prints.
    public var listing: String {
        let width = keys.map(\.count).max() ?? 0
        return keys.map { k in k.padding(toLength: width, withPad: " ", startingAt: 0) + " = " + values[k]!.description }
            .joined(separator: "\n")
    }

    public func int(_ key: String) throws -> Int {
        guard case .int(let v)? = values[key] else { throw SettingsError.missing(key, expected: "integer") }
        return v
    }

    public func double(_ key: String) throws -> Double {
        switch values[key] {
        case .double(let v)?: return v
        case .int(let v)?: return Double(v)
        default: throw SettingsError.missing(key, expected: "number")
        }
    }

    public func string(_ key: String) throws -> String {
        guard case .string(let v)? = values[key] else { throw SettingsError.missing(key, expected: "text") }
        return v
    }

    public func bool(_ key: String) throws -> Bool {
        guard case .bool(let v)? = values[key] else { throw SettingsError.missing(key, expected: "true/false") }
        return v
    }

    public func ints(_ key: String) throws -> [Int] {
        guard case .ints(let v)? = values[key] else { throw SettingsError.missing(key, expected: "integers") }
        return v
    }

    private func nearestKeys(to key: String) -> [String] {
        let leaf = key.split(separator: ".").last.map(String.init) ?? key
        // Keys ending in the same last part, or containing the text, shortest (most general) first.
        let candidates = keys.filter { $0.hasSuffix("." + leaf) || $0.contains(key) }
        return candidates.sorted { ($0.count, $0) < ($1.count, $1) }.prefix(3).map { $0 }
    }
}

/// A setting that does not exist, does not parse, or is read as the wrong type.
public enum SettingsError: Error, CustomStringConvertible, Equatable {
    case malformedOverride(String)
    case unknownKey(String, nearest: [String])
    case badValue(key: String, text: String, expected: String)
    case missing(String, expected: String)

    public var description: String {
        switch self {
        case .malformedOverride(let t):
            return "override '\(t)' is not of the form key=value"
        case .unknownKey(let k, let nearest):
            let hint = nearest.isEmpty ? "" : " (did you mean \(nearest.joined(separator: ", "))?)"
            return "unknown setting '\(k)'\(hint); `lldif config` lists them all"
        case .badValue(let k, let t, let e):
            return "setting '\(k)' expects \(e), got '\(t)'"
        case .missing(let k, let e):
            return "setting '\(k)' is missing or is not \(e)"
        }
    }
}
