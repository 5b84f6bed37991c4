import Foundation

/// A configuration as a plain tree of JSON values: what `--set key.path=value` patches, what
/// `lldif config` lists and what a run's identity is hashed from. The typed configuration
/// (`ExperimentConfig`) is encoded into this tree and decoded back from it, so every value that
/// reaches a model has passed through the types' own decoding.
public indirect enum ConfigValue: Codable, Hashable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([ConfigValue])
    case object([String: ConfigValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Int.self) { self = .int(v) }
        else if let v = try? c.decode(Double.self) { self = .double(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([ConfigValue].self) { self = .array(v) }
        else { self = .object(try c.decode([String: ConfigValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .bool(let v): try c.encode(v)
        case .int(let v): try c.encode(v)
        case .double(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        case .array(let v): try c.encode(v)
        case .object(let v): try c.encode(v)
        }
    }

    /// The tree of any encodable value.
    public init<T: Encodable>(encoding value: T) throws {
        self = try JSONDecoder().decode(ConfigValue.self, from: try ConfigValue.encoder.encode(value))
    }

    /// The tree decoded as `T`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: try ConfigValue.encoder.encode(self))
    }

    /// Sorted-key JSON without whitespace: the canonical text of the tree.
    public func canonicalJSON() throws -> Data { try ConfigValue.encoder.encode(self) }

    /// The encoder of canonical texts: sorted keys, no whitespace, slashes as they are.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The value as a setting is written on the command line (lists comma-separated).
    public var description: String {
        switch self {
        case .bool(let v): return String(v)
        case .int(let v): return String(v)
        case .double(let v): return String(v)
        case .string(let v): return v
        case .array(let v): return v.map(\.description).joined(separator: ",")
        case .object(let v): return "{" + v.keys.sorted().map { "\($0): \(v[$0]?.description ?? "")" }.joined(separator: ", ") + "}"
        }
    }

    /// Every leaf (a value that is not an object) by dotted key path, sorted by key.
    public var leaves: [(key: String, value: ConfigValue)] {
        guard case .object(let fields) = self else { return [] }
        return fields.keys.sorted().flatMap { key -> [(key: String, value: ConfigValue)] in
            guard let value = fields[key] else { return [] }
            if case .object = value { return value.leaves.map { (key + "." + $0.key, $0.value) } }
            return [(key, value)]
        }
    }

    /// The value at a dotted key path, or nil.
    public subscript(path path: String) -> ConfigValue? {
        var node = self
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard case .object(let fields) = node, let next = fields[String(part)] else { return nil }
            node = next
        }
        return node
    }

    /// The tree with the value at an existing dotted key path replaced by `value`.
    func replacing(path: [Substring], with value: ConfigValue) -> ConfigValue {
        guard let head = path.first else { return value }
        guard case .object(var fields) = self, let child = fields[String(head)] else { return self }
        fields[String(head)] = child.replacing(path: Array(path.dropFirst()), with: value)
        return .object(fields)
    }

    /// The tree restricted to the subtrees named by `paths` (dotted key paths; a path names a
    /// section such as `scn` or a single setting such as `ablation.dlnet`).
    public func keeping(paths: [String]) -> ConfigValue {
        var kept = ConfigValue.object([:])
        for path in paths {
            guard let value = self[path: path] else { continue }
            kept = kept.inserting(path: path.split(separator: ".").map(String.init), value: value)
        }
        return kept
    }

    /// The tree with `value` placed at `path`, creating the objects on the way.
    private func inserting(path: [String], value: ConfigValue) -> ConfigValue {
        guard let head = path.first else { return value }
        guard case .object(var fields) = self else { return self }
        fields[head] = (fields[head] ?? .object([:])).inserting(path: Array(path.dropFirst()), value: value)
        return .object(fields)
    }

    /// `overlay`'s leaves written over this tree's (objects merged key by key).
    public func overlaid(with overlay: ConfigValue) -> ConfigValue {
        guard case .object(var fields) = self, case .object(let top) = overlay else { return overlay }
        for (key, value) in top { fields[key] = fields[key].map { $0.overlaid(with: value) } ?? value }
        return .object(fields)
    }
}
