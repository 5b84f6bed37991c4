/// The settings a model or trainer reads, as flat `key → text` pairs (`train.epochs → 12`). The
/// `lldif` command fills it from the Paper profile's settings; LLDif reads typed values from it,
/// so the library does not depend on the configuration layer above it.
public struct Hyperparameters: Sendable, Equatable {
    /// The values by dotted key.
    public var values: [String: String]

    /// Hyperparameters from `key → text` pairs.
    public init(_ values: [String: String] = [:]) { self.values = values }

    /// The integer at `key`, or `fallback` when the key is absent and a fallback is given.
    public func int(_ key: String, default fallback: Int? = nil) throws -> Int {
        try read(key, fallback, "an integer") { Int($0) }
    }

    /// The number at `key`, or `fallback` when the key is absent and a fallback is given.
    public func double(_ key: String, default fallback: Double? = nil) throws -> Double {
        try read(key, fallback, "a number") { Double($0) }
    }

    /// The Float at `key`, or `fallback` when the key is absent and a fallback is given.
    public func float(_ key: String, default fallback: Float? = nil) throws -> Float {
        Float(try double(key, default: fallback.map(Double.init)))
    }

    /// The flag at `key` (true/false/yes/no/1/0), or `fallback` when absent and given.
    public func bool(_ key: String, default fallback: Bool? = nil) throws -> Bool {
        try read(key, fallback, "true or false") {
            switch $0.lowercased() {
            case "true", "yes", "1": return true
            case "false", "no", "0": return false
            default: return nil
            }
        }
    }

    /// The text at `key`, or `fallback` when the key is absent and a fallback is given.
    public func string(_ key: String, default fallback: String? = nil) throws -> String {
        try read(key, fallback, "text") { $0 }
    }

    private func read<T>(_ key: String, _ fallback: T?, _ expected: String, _ parse: (String) -> T?) throws -> T {
        guard let text = values[key] else {
            if let fallback { return fallback }
            throw TrainingError.missingSetting(key)
        }
        guard let value = parse(text.trimmingCharacters(in: .whitespaces)) else {
            throw TrainingError.badSetting(key: key, value: text, expected: expected)
        }
        return value
    }
}
