/// The checksum of a safetensors file's data section, recorded in its `__metadata__` under
/// `checksum` (16 hex digits) by `SafeTensors.encode(…, checksummed: true)` and checked by
/// `SafeTensorsFile` whenever a file that records one is read: run checkpoints and data caches.
///
/// 64-bit FNV-1a over 8-byte little-endian words, then the tail bytes and the length. It guards
/// against damage (a disk error, a truncated copy, bytes overwritten in place), not against an
/// adversary, so a fast non-cryptographic hash serves: it runs at memory speed over a checkpoint of
/// hundreds of megabytes, and Foundation on Linux has no SHA-256 without a crypto library. Each
/// step is a bijection of the state, so any single changed word, and any truncation, changes the
/// result. Bytes may be added in parts of any length; the result is that of their concatenation.
public struct SafeTensorsChecksum: Sendable {
    /// The `__metadata__` key the checksum is recorded under.
    public static let metadataKey = "checksum"
    private static let prime: UInt64 = 0x0000_0100_0000_01B3
    private var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    private var count = 0
    /// Bytes of an incomplete word carried to the next part.
    private var pending: [UInt8] = []

    /// An empty checksum.
    public init() {}

    /// The checksum of `bytes` as 16 hexadecimal digits.
    public static func hex(of bytes: ArraySlice<UInt8>) -> String {
        var checksum = SafeTensorsChecksum()
        checksum.add(bytes)
        return checksum.hex
    }

    /// Adds `bytes`.
    public mutating func add(_ bytes: ArraySlice<UInt8>) {
        var rest = bytes
        while !pending.isEmpty && pending.count < 8, let first = rest.first {
            pending.append(first)
            rest = rest.dropFirst()
        }
        if pending.count == 8 {
            mix(pending.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
            pending = []
        }
        var hash = self.hash
        let words = pending.isEmpty ? rest.count / 8 : 0
        rest.withUnsafeBytes { raw in
            for word in 0..<words {
                hash = (hash ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self))) &* Self.prime
            }
        }
        self.hash = hash
        pending += rest.dropFirst(words * 8)
        count += bytes.count
    }

    private mutating func mix(_ word: UInt64) { hash = (hash ^ word) &* Self.prime }

    /// The checksum as 16 hexadecimal digits.
    public var hex: String {
        var final = self
        for byte in pending { final.mix(UInt64(byte)) }
        let digits = String((final.hash ^ UInt64(count)) &* Self.prime, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
