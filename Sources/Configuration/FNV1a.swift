import Foundation

/// The 64-bit FNV-1a hash, as 16 hex digits: the identity of runs and of chapter inputs. An
/// identity names a cache entry and guards nothing, so a fast non-cryptographic hash serves (and
/// keeps the build free of a crypto library).
public enum FNV1a {
    /// The hash of `bytes`.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// The hash of `bytes` as 16 lower-case hex digits.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let hex = String(hash(bytes), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
