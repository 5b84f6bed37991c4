/// Failures of validated entry points into the engine (building tensors from user data, anomaly
/// mode). Shape errors inside ops are programmer errors and stop with a precondition message that
/// names the op and both shapes instead.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    /// `count` values were given for a shape that holds `expected`.
    case elementCountMismatch(shape: [Int], expected: Int, count: Int)
    /// A shape with a negative dimension.
    case invalidShape([Int])
    /// Anomaly mode saw the first NaN or Inf in the output of `op` (forward) or in the gradient
    /// it produced for one of its inputs (backward).
    case anomaly(op: String, phase: Anomaly.Phase, shape: [Int])

    /// A one-line message naming the shapes or op at fault.
    public var description: String {
        switch self {
        case let .elementCountMismatch(shape, expected, count):
            return "tensor of shape \(shape) needs \(expected) values, got \(count)"
        case let .invalidShape(shape):
            return "invalid tensor shape \(shape): dimensions must be non-negative"
        case let .anomaly(op, phase, shape):
            return "anomaly: op '\(op)' produced NaN or Inf in its \(phase.rawValue) pass (shape \(shape))"
        }
    }
}
