import CKernels
import Foundation

// Activation functions. GELU defaults to the exact erf form, as PyTorch's `nn.GELU()`;
// `.tanh` selects the tanh approximation.

struct ReLUKernel: UnaryKernel { @inline(__always) func apply(_ x: Float) -> Float { x > 0 ? x : 0 } }
struct ReLUGrad: TernaryKernel { @inline(__always) func apply(_ g: Float, _ x: Float, _ y: Float) -> Float { x > 0 ? g : 0 } }
/// `max(a + b, 0)`, as `(a + b).relu()` computes it.
struct AddReLUKernel: BinaryKernel {
    @inline(__always) func apply(_ a: Float, _ b: Float) -> Float { let x = a + b; return x > 0 ? x : 0 }
}
struct LeakyReLUKernel: UnaryKernel {
    let slope: Float
    @inline(__always) func apply(_ x: Float) -> Float { x > 0 ? x : slope * x }
}
struct LeakyReLUGrad: TernaryKernel {
    let slope: Float
    @inline(__always) func apply(_ g: Float, _ x: Float, _ y: Float) -> Float { x > 0 ? g : slope * g }
}
struct SigmoidKernel: UnaryKernel { @inline(__always) func apply(_ x: Float) -> Float { 1 / (1 + FastMath.exp(-x)) } }
struct SigmoidGrad: TernaryKernel { @inline(__always) func apply(_ g: Float, _ x: Float, _ y: Float) -> Float { g * y * (1 - y) } }
struct TanhKernel: UnaryKernel { @inline(__always) func apply(_ x: Float) -> Float { FastMath.tanh(x) } }
struct TanhGrad: TernaryKernel { @inline(__always) func apply(_ g: Float, _ x: Float, _ y: Float) -> Float { g * (1 - y * y) } }
struct SiLUKernel: UnaryKernel { @inline(__always) func apply(_ x: Float) -> Float { x / (1 + FastMath.exp(-x)) } }
struct SiLUGrad: TernaryKernel {
    @inline(__always) func apply(_ g: Float, _ x: Float, _ y: Float) -> Float {
        let s = 1 / (1 + FastMath.exp(-x))
        return g * s * (1 + x * (1 - s))
    }
}
/// `x·(1 + tanh(√(2/π)(x + 0.044715x³)))/2`.
struct GELUTanhKernel: UnaryKernel {
    @inline(__always) func apply(_ x: Float) -> Float {
        0.5 * x * (1 + FastMath.tanh(0.79788456080286536 * (x + 0.044715 * x * x * x)))
    }
}
struct GELUTanhGrad: TernaryKernel {
    @inline(__always) func apply(_ g: Float, _ x: Float, _ y: Float) -> Float {
        let u = 0.79788456080286536 * (x + 0.044715 * x * x * x)
        let t = FastMath.tanh(u)
        let du = 0.79788456080286536 * (1 + 3 * 0.044715 * x * x)
        return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du)
    }
}

/// Which formula `gelu` uses.
public enum GELUApproximation: Sendable {
    /// Exact: `x·Φ(x)` with the erf-based normal CDF (PyTorch's default).
    case none
    /// The tanh approximation (PyTorch's `approximate="tanh"`).
    case tanh
}

extension Tensor {
    /// `max(x, 0)` (gradient 0 at 0).
    public func relu() -> Tensor { unaryOp("relu", ReLUKernel(), ReLUGrad()) }
    /// `max(a + b, 0)` with broadcasting, fused: the same bits as `(a + b).relu()`, in value and
    /// gradient (a ResNet block's residual sum), with one pass over the tensor and one tensor fewer.
    public static func reluOfSum(_ a: Tensor, _ b: Tensor) -> Tensor {
        let y = Elementwise.zip(a, b, AddReLUKernel(), op: "reluOfSum")
        return record("reluOfSum", y, inputs: [a, b]) { g in
            // ReLU's gradient reads its input's sign; y > 0 exactly where a + b > 0.
            let masked = Elementwise.map(g, y, y, ReLUGrad())
            return [a.node == nil ? nil : masked.sum(toShape: a.shape), b.node == nil ? nil : masked.sum(toShape: b.shape)]
        }
    }
    /// `x` for positive values, `slope·x` otherwise.
    public func leakyRelu(slope: Float = 0.01) -> Tensor {
        unaryOp("leakyRelu", LeakyReLUKernel(slope: slope), LeakyReLUGrad(slope: slope))
    }
    /// The logistic function `1/(1+e⁻ˣ)`.
    public func sigmoid() -> Tensor { unaryOp("sigmoid", SigmoidKernel(), SigmoidGrad()) }
    /// Hyperbolic tangent.
    public func tanh() -> Tensor { unaryOp("tanh", TanhKernel(), TanhGrad()) }
    /// `x·sigmoid(x)` (SiLU / swish).
    public func silu() -> Tensor { unaryOp("silu", SiLUKernel(), SiLUGrad()) }
    /// Gaussian error linear unit; exact erf form unless `approximation` is `.tanh`.
    public func gelu(approximation: GELUApproximation = .none) -> Tensor {
        switch approximation {
        case .none:
            // x·Φ(x) with the exact normal CDF Φ(x) = (1 + erf(x/√2))/2, in C (CKernels/gelu.c).
            let x = self
            let y = Elementwise.map(x, pieces: { lk_gelu_forward($0, $1, $2) })
            return Tensor.record("gelu", y, inputs: [x]) { g in
                [Elementwise.map(g, x, pieces: { lk_gelu_backward($0, $1, $2, $3) })]
            }
        case .tanh: return unaryOp("gelu", GELUTanhKernel(), GELUTanhGrad())
        }
    }
}
