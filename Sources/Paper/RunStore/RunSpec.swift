import Foundation

/// What identifies a training run: the model's name, its code revision (bumped when the model's
/// code changes meaning) and the settings it depends on. Not file times.
public struct RunSpec: Hashable, Sendable, Codable {
    public var model: String
    public var revision: Int
    public var settings: Settings

    public init(model: String, revision: Int, settings: Settings) {
        self.model = model; self.revision = revision; self.settings = settings
    }

    /// The canonical text the identity is computed from: sorted-key JSON of all three fields.
    public func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try! encoder.encode(self)
    }

    /// 16 hex digits of the 64-bit FNV-1a hash of the canonical JSON. A run key names a cache
    /// entry, it guards nothing, so a fast non-cryptographic hash serves (and keeps the build free
    /// of a crypto library).
    public var hash: String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in canonicalJSON() { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `model/hash`: how runs are named in logs, results files and `lldif runs`.
    public var name: String { "\(model)/\(hash)" }
}
