import NN
import Tensor

/// DMNet: prior-modulated transposed (channel) attention, Restormer's MDTA with DiffIR's prior
/// modulation. `x' = x ⊙ W1·Z + W2·Z`; `q, k, v = depthwise3×3(1×1 conv(x'))`; per head, q and k
/// are L2-normalised over the pixels and the C_h × C_h map `softmax(τ_h · q kᵀ)` mixes the channels
/// of v; a 1×1 convolution projects the result. Cost grows with C², not with the pixel count.
public final class DMNet: Module {
    /// `x' = x ⊙ W1·Z + W2·Z`, or nil for the plain (unmodulated) block.
    public let modulation: PriorModulation?
    /// 1×1 convolution C → 3C giving q, k, v.
    public let qkv: Conv2d
    /// Depthwise 3×3 convolution over the 3C channels of q, k, v.
    public let qkvDepthwise: Conv2d
    /// The learnable temperature τ_h of each head, `[heads, 1, 1]`, initially 1.
    public let temperature: Variable
    /// 1×1 output projection C → C.
    public let projection: Conv2d
    /// Number of heads.
    public let heads: Int

    /// A DMNet over `channels` channels with `heads` heads; `priorDimension` nil builds it without
    /// prior modulation.
    public init(channels: Int, heads: Int, priorDimension: Int?, modulationBias: Bool = true,
                using stream: inout RandomStream) {
        precondition(channels % heads == 0, "DMNet: \(heads) heads do not divide \(channels) channels")
        modulation = priorDimension.map { PriorModulation(channels: channels, priorDimension: $0, bias: modulationBias, using: &stream) }
        qkv = Conv2d(inChannels: channels, outChannels: 3 * channels, kernelSize: 1, bias: false, using: &stream)
        qkvDepthwise = Conv2d.depthwise(channels: 3 * channels, kernelSize: 3, padding: 1, bias: false, using: &stream)
        temperature = Variable(Tensor.ones([heads, 1, 1]))
        projection = Conv2d(inChannels: channels, outChannels: channels, kernelSize: 1, bias: false, using: &stream)
        self.heads = heads
    }

    /// Attends over the channels of `x [N, C, H, W]`, modulated by `prior [N, D]` when the block
    /// has a modulation.
    public func callAsFunction(_ x: Tensor, prior: Tensor?) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        var input = x
        if let modulation, let prior { input = modulation(x, prior: prior) }
        let parts = qkvDepthwise(qkv(input)).chunked(3, axis: 1)
        func headed(_ t: Tensor) -> Tensor { t.reshaped([n, heads, c / heads, h * w]) }
        let q = headed(parts[0]).l2Normalized(axis: -1)
        let k = headed(parts[1]).l2Normalized(axis: -1)
        let v = headed(parts[2])
        let attention = (q.matmul(k, transposeOther: true) * temperature.value).softmax(axis: -1)
        return projection(attention.matmul(v).reshaped([n, c, h, w]))
    }
}
