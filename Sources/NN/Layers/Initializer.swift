import Foundation
import Tensor

/// How a parameter's initial values are drawn, following `torch.nn.init`. Fans come from the
/// shape as in PyTorch: for `[out, in, k…]`, fan-in = in·∏k and fan-out = out·∏k; for `[n]`,
/// both are n.
public enum Initializer: Sendable {
    /// All zeros.
    case zeros
    /// All ones.
    case ones
    /// Every value equal to the constant.
    case constant(Float)
    /// Uniform on `[low, high)`.
    case uniform(low: Float, high: Float)
    /// Normal with the given mean and standard deviation.
    case normal(mean: Float = 0, std: Float)
    /// Normal with `mean` and `std`, redrawn until it lies in `[low, high]` (absolute bounds, as
    /// `torch.nn.init.trunc_normal_`; the defaults are those of ViT-style models).
    case truncatedNormal(mean: Float = 0, std: Float = 0.02, low: Float = -2, high: Float = 2)
    /// He initialisation: normal with std `gain / √fan` (`kaiming_normal_`).
    case kaimingNormal(gain: Float = Gain.relu, mode: FanMode = .fanIn)
    /// He initialisation: uniform on `±gain·√(3 / fan)` (`kaiming_uniform_`).
    case kaimingUniform(gain: Float = Gain.relu, mode: FanMode = .fanIn)
    /// Glorot initialisation: normal with std `gain·√(2 / (fanIn + fanOut))` (`xavier_normal_`).
    case xavierNormal(gain: Float = 1)
    /// Glorot initialisation: uniform on `±gain·√(6 / (fanIn + fanOut))` (`xavier_uniform_`).
    case xavierUniform(gain: Float = 1)
    /// PyTorch's default for the weights of `nn.Linear` and `nn.Conv2d`:
    /// `kaiming_uniform_(a=√5)`, which is uniform on `±1/√fanIn`.
    case pytorchDefault

    /// Which fan a He initialisation divides by.
    public enum FanMode: Sendable {
        /// Preserve the variance of activations in the forward pass.
        case fanIn
        /// Preserve the variance of gradients in the backward pass.
        case fanOut
    }

    /// The recommended gain for a nonlinearity, as `torch.nn.init.calculate_gain`:
    /// √2 for ReLU, √(2/(1+slope²)) for leaky ReLU, 5/3 for tanh, 1 for linear and sigmoid.
    public enum Gain {
        /// √2.
        public static let relu = Float(2).squareRoot()
        /// 5/3.
        public static let tanh: Float = 5.0 / 3.0
        /// 1.
        public static let linear: Float = 1
        /// √(2 / (1 + slope²)).
        public static func leakyRelu(slope: Float) -> Float { (2 / (1 + slope * slope)).squareRoot() }
    }

    /// The fan-in and fan-out of a parameter of `shape`.
    public static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        guard shape.count >= 2 else { return (shape.first ?? 1, shape.first ?? 1) }
        let receptive = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptive, shape[0] * receptive)
    }

    /// A tensor of `shape` drawn from this initialiser with `stream`.
    public func tensor(_ shape: [Int], using stream: inout RandomStream) -> Tensor {
        let (fanIn, fanOut) = Initializer.fans(shape)
        switch self {
        case .zeros: return Tensor.zeros(shape)
        case .ones: return Tensor.ones(shape)
        case let .constant(value): return Tensor(repeating: value, shape: shape)
        case let .uniform(low, high): return Tensor.uniform(shape, low: low, high: high, using: &stream)
        case let .normal(mean, std): return Tensor.normal(shape, mean: mean, std: std, using: &stream)
        case let .truncatedNormal(mean, std, low, high):
            precondition(low < high && std > 0, "truncatedNormal: need low < high and std > 0")
            var values = [Float](repeating: 0, count: shape.reduce(1, *))
            for i in values.indices {
                var x: Float
                repeat { x = stream.normal(mean: mean, std: std) } while x < low || x > high
                values[i] = x
            }
            return Tensor(shape: shape, values: values)
        case let .kaimingNormal(gain, mode):
            let fan = Float(mode == .fanIn ? fanIn : fanOut)
            return Tensor.normal(shape, std: gain / fan.squareRoot(), using: &stream)
        case let .kaimingUniform(gain, mode):
            let bound = gain * (3 / Float(mode == .fanIn ? fanIn : fanOut)).squareRoot()
            return Tensor.uniform(shape, low: -bound, high: bound, using: &stream)
        case let .xavierNormal(gain):
            return Tensor.normal(shape, std: gain * (2 / Float(fanIn + fanOut)).squareRoot(), using: &stream)
        case let .xavierUniform(gain):
            let bound = gain * (6 / Float(fanIn + fanOut)).squareRoot()
            return Tensor.uniform(shape, low: -bound, high: bound, using: &stream)
        case .pytorchDefault:
            let bound = 1 / Float(fanIn).squareRoot()
            return Tensor.uniform(shape, low: -bound, high: bound, using: &stream)
        }
    }

    /// PyTorch's default for the bias of a layer whose weight has fan-in `fanIn`: uniform on `±1/√fanIn`.
    public static func pytorchDefaultBias(fanIn: Int) -> Initializer {
        let bound = 1 / Float(max(fanIn, 1)).squareRoot()
        return .uniform(low: -bound, high: bound)
    }
}
