import Tensor

/// An element-wise nonlinearity chosen by configuration (for `MLP` and model configs).
public enum Activation: Sendable, Equatable {
    /// max(x, 0).
    case relu
    /// x·Φ(x), the exact (erf) form.
    case gelu
    /// x·sigmoid(x).
    case silu
    /// The hyperbolic tangent.
    case tanh
    /// 1 / (1 + e^−x).
    case sigmoid
    /// x unchanged.
    case identity
    /// x for x ≥ 0, slope·x otherwise.
    case leakyRelu(slope: Float)

    /// Applies the nonlinearity to `x`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .relu: return x.relu()
        case .gelu: return x.gelu()
        case .silu: return x.silu()
        case .tanh: return x.tanh()
        case .sigmoid: return x.sigmoid()
        case .identity: return x
        case let .leakyRelu(slope): return x.leakyRelu(slope: slope)
        }
    }
}
