/// Widening conversions of IEEE half precision and bfloat16 bit patterns to Float32.
///
/// Hand-written because Swift's `Float16` is unavailable on some supported platforms (macOS on
/// x86-64); both conversions are exact.
enum HalfPrecision {
    /// The Float32 equal to the IEEE 754 binary16 value with these bits (subnormals, ±∞ and NaN included).
    static func float(fromHalfBits bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = UInt32(bits & 0x03FF)
        if exponent == 0x1F {
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        if exponent == 0 {
            // Zero or subnormal: mantissa × 2^-24, exact in Float32.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        }
        return Float(bitPattern: sign | (UInt32(exponent - 15 + 127) << 23) | (mantissa << 13))
    }

    /// The Float32 equal to the bfloat16 value with these bits (the upper half of a Float32).
    static func float(fromBFloat16Bits bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }
}
