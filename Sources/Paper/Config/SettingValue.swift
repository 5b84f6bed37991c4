import Foundation

/// One setting's value. Settings are flat, typed and JSON-encodable so that a run's canonical
/// config (and so its identity) is a plain, stable text.
public enum SettingValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case ints([Int])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Int.self) { self = .int(v) }
        else if let v = try? c.decode(Double.self) { self = .double(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else { self = .ints(try c.decode([Int].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let v): try c.encode(v)
        case .double(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .ints(let v): try c.encode(v)
        }
    }

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v): return String(v)
        case .string(let v): return v
        case .bool(let v): return String(v)
        case .ints(let v): return v.map(String.init).joined(separator: ",")
        }
    }

    /// The name of the value's type, as error messages show it.
    var typeName: String {
        switch self {
        case .int: return "integer"
        case .double: return "number"
        case .string: return "text"
        case .bool: return "true/false"
        case .ints: return "comma-separated integers"
        }
    }

    /// Parses `text` as a value of the same type as `self` (the type a setting already has).
    func parsingSameType(_ text: String) -> SettingValue? {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch self {
        case .int: return Int(t).map(SettingValue.int)
        case .double: return Double(t).map(SettingValue.double)
        case .string: return .string(t)
        case .bool:
            switch t.lowercased() {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: return nil
            }
        case .ints:
            if t.isEmpty { return .ints([]) }
            let parts = t.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            return parts.contains(where: { $0 == nil }) ? nil : .ints(parts.map { $0! })
        }
    }
}
