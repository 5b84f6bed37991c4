import Foundation

extension ExperimentConfig {
    /// The configuration as a tree of JSON values (keys as `lldif config` lists them).
    public func tree() throws -> ConfigValue { try ConfigValue(encoding: self) }

    /// One `key = value` line per setting, sorted: what `lldif config` prints.
    public func listing() throws -> String {
        let leaves = try tree().leaves
        let width = leaves.map(\.key.count).max() ?? 0
        return leaves.map { $0.key.padding(toLength: width, withPad: " ", startingAt: 0) + " = " + $0.value.description }
            .joined(separator: "\n")
    }

    /// The `key=value` overrides that turn `base` into this configuration: one per setting whose
    /// value differs, sorted by key (what `lldif plan` passes to `lldif train`).
    public func overrides(from base: ExperimentConfig) throws -> [String] {
        let mine = try tree(), theirs = try base.tree()
        return mine.leaves.filter { theirs[path: $0.key] != $0.value }.map { "\($0.key)=\($0.value.description)" }
    }

    /// The configuration with `overrides` (`key.path=value` each) applied in order. Each value is
    /// parsed as the setting's type: an unknown key, a malformed override or a value of the wrong
    /// type is a `SettingsError` naming it. Ranges are checked by `validate()`.
    public func applying(overrides: [String]) throws -> ExperimentConfig {
        var config = self
        for text in overrides { config = try config.applying(override: text) }
        return config
    }

    private func applying(override text: String) throws -> ExperimentConfig {
        guard let eq = text.firstIndex(of: "=") else { throw SettingsError.malformedOverride(text) }
        let key = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        let raw = String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
        let tree = try self.tree()
        if key == "profile" {
            throw SettingsError.badValue(key: key, text: raw, expected: "to be chosen with --profile, not --set")
        }
        guard let current = tree[path: key] else {
            throw SettingsError.unknownKey(key, nearest: ExperimentConfig.nearestKeys(to: key, among: tree.leaves.map(\.key)))
        }
        if case .object(let fields) = current {
            throw SettingsError.badValue(key: key, text: raw,
                                         expected: "a value for one of its settings: " + fields.keys.sorted().map { key + "." + $0 }.joined(separator: ", "))
        }
        let path = key.split(separator: ".")
        // A whole number is written as one whether its setting is an integer or a number: a probe
        // with a fraction tells which the setting is, for the error message.
        func expected() -> String {
            switch current {
            case .int, .double:
                let probe = tree.replacing(path: path, with: .double(0.5))
                return (try? probe.decode(ExperimentConfig.self)) == nil ? "an integer" : "a finite number"
            default:
                return ExperimentConfig.typeName(of: current)
            }
        }
        let value: ConfigValue
        do { value = try ExperimentConfig.parse(raw, like: current, key: key) } catch {
            throw SettingsError.badValue(key: key, text: raw, expected: expected())
        }
        do {
            return try tree.replacing(path: path, with: value).decode(ExperimentConfig.self)
        } catch let DecodingError.dataCorrupted(context) where context.debugDescription.hasPrefix("one of") {
            throw SettingsError.badValue(key: key, text: raw, expected: context.debugDescription)
        } catch is DecodingError {
            throw SettingsError.badValue(key: key, text: raw, expected: expected())
        }
    }

    /// `text` as a value of the kind `current` has (the typed decoding then checks it fits).
    private static func parse(_ text: String, like current: ConfigValue, key: String) throws -> ConfigValue {
        let bad = SettingsError.badValue(key: key, text: text, expected: typeName(of: current))
        switch current {
        case .int, .double:
            if let v = Int(text) { return .int(v) }
            guard let v = Double(text), v.isFinite else { throw bad }
            return .double(v)
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: throw bad
            }
        case .string:
            return .string(text)
        case .array(let elements):
            if text.isEmpty { return .array([]) }
            let example = elements.first ?? .string("")
            return .array(try text.split(separator: ",").map {
                try parse($0.trimmingCharacters(in: .whitespaces), like: example, key: key)
            })
        case .object:
            throw bad
        }
    }

    /// The name of a value's type, as error messages show it.
    private static func typeName(of value: ConfigValue) -> String {
        switch value {
        case .int, .double: return "a number"
        case .bool: return "true or false"
        case .string: return "text"
        case .array(let elements): return "a comma-separated list, each " + (elements.first.map { typeName(of: $0) } ?? "a value")
        case .object: return "a section"
        }
    }

    /// Up to three keys closest to `key`: those sharing its last part, then those within a small
    /// edit distance, nearest first.
    static func nearestKeys(to key: String, among keys: [String]) -> [String] {
        let leaf = key.split(separator: ".").last.map(String.init) ?? key
        func distance(_ candidate: String) -> Int {
            let candidateLeaf = candidate.split(separator: ".").last.map(String.init) ?? candidate
            if candidateLeaf == leaf { return 0 }
            return min(editDistance(key, candidate), editDistance(leaf, candidateLeaf) + 1)
        }
        let limit = max(2, key.count / 3)
        return keys.map { ($0, distance($0)) }.filter { $0.1 <= limit }
            .sorted { ($0.1, $0.0.count, $0.0) < ($1.1, $1.0.count, $1.0) }.prefix(3).map(\.0)
    }

    /// The Levenshtein distance between two texts.
    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
