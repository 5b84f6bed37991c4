/// A failure to read or write a safetensors file, naming the file and what is wrong with it.
public struct SafeTensorsError: Error, Equatable, CustomStringConvertible {
    /// The file at fault (its path), or `"<memory>"` when bytes were decoded without a file.
    public var file: String
    /// What is wrong.
    public var problem: Problem

    /// Creates an error for `file` describing `problem`.
    public init(file: String, problem: Problem) {
        self.file = file
        self.problem = problem
    }

    /// The ways a safetensors file can be unreadable or a write can fail.
    public enum Problem: Equatable, Sendable, CustomStringConvertible {
        /// The file holds fewer bytes than its header promises.
        case truncated(expected: Int, actual: Int)
        /// The 8-byte header length is larger than the format allows (100 MB).
        case headerTooLarge(Int)
        /// The header is not a JSON object of the expected form.
        case invalidHeader(String)
        /// A field of one tensor's header entry is missing or malformed.
        case invalidEntry(tensor: String, field: String, reason: String)
        /// A tensor uses a dtype this reader cannot convert.
        case unsupportedDType(tensor: String, dtype: String)
        /// Tensor data regions overlap, leave gaps, or do not end where the file ends.
        case invalidOffsets(tensor: String, reason: String)
        /// No tensor of that name is in the file.
        case missingTensor(String)
        /// A stored value cannot be represented exactly enough as a Float32.
        case notRepresentable(tensor: String, index: Int, value: String)
        /// A tensor given for writing has a value count that does not match its shape.
        case shapeMismatch(tensor: String, shape: [Int], valueCount: Int)
        /// A name that the format reserves (`__metadata__`) or that is empty.
        case invalidName(String)
        /// The operating system refused to read, write or rename the file.
        case io(String)
        /// The data section's checksum differs from the one recorded in the metadata: the tensors'
        /// bytes changed after the file was written.
        case checksumMismatch(recorded: String, actual: String)

        /// The problem in words (without the file).
        public var description: String {
            let what: String
            switch self {
            case let .truncated(expected, actual):
                what = "truncated: expected at least \(expected) bytes, found \(actual)"
            case let .headerTooLarge(length):
                what = "header length \(length) exceeds the 100 MB limit (corrupt length prefix?)"
            case let .invalidHeader(reason):
                what = "invalid header: \(reason)"
            case let .invalidEntry(tensor, field, reason):
                what = "tensor '\(tensor)': field '\(field)' \(reason)"
            case let .unsupportedDType(tensor, dtype):
                what = "tensor '\(tensor)': unsupported dtype '\(dtype)'"
            case let .invalidOffsets(tensor, reason):
                what = "tensor '\(tensor)': data offsets \(reason)"
            case let .missingTensor(name):
                what = "no tensor named '\(name)'"
            case let .notRepresentable(tensor, index, value):
                what = "tensor '\(tensor)': value \(value) at flat index \(index) is not representable as Float32"
            case let .shapeMismatch(tensor, shape, count):
                what = "tensor '\(tensor)': shape \(shape) needs \(shape.reduce(1, *)) values, got \(count)"
            case let .invalidName(name):
                what = "invalid tensor name '\(name)'"
            case let .io(reason):
                what = reason
            case let .checksumMismatch(recorded, actual):
                what = "checksum \(actual) differs from the recorded \(recorded): the tensors' bytes changed after the file was written"
            }
            return what
        }
    }

    /// A one-line message naming the file and the problem.
    public var description: String {
        "\(file): \(problem)"
    }
}
