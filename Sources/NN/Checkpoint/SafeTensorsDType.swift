/// The element types of the safetensors format that `SafeTensorsFile` reads. `SafeTensors` writes
/// three of them: F32, I64 and U8 (`StoredTensor.Elements`).
///
/// The raw values are the dtype strings of the file header.
public enum SafeTensorsDType: String, Sendable, CaseIterable {
    case float64 = "F64", float32 = "F32", float16 = "F16", bfloat16 = "BF16"
    case int64 = "I64", int32 = "I32", int16 = "I16", int8 = "I8"
    case uint64 = "U64", uint32 = "U32", uint16 = "U16", uint8 = "U8", bool = "BOOL"

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .float64, .int64, .uint64: return 8
        case .float32, .int32, .uint32: return 4
        case .float16, .bfloat16, .int16, .uint16: return 2
        case .int8, .uint8, .bool: return 1
        }
    }
}
