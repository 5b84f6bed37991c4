import NN
import Tensor

/// PNET: the MLP that maps LA-CLIP embeddings to a D-dimensional vector, `Linear → LeakyReLU(0.1) →
/// Linear → LeakyReLU(0.1) → Linear → LayerNorm`. The closing layer norm (our choice) gives Z values
/// of unit scale: without it Z starts some 20 times smaller, its modulation of DTNet barely moves
/// the features, and `softmax(Z/τ)` at τ = 1 is nearly uniform, so L_kl says little. PNET_S1 reads `[E_T(caption), E_I(x)]` (or `E_I(x)` alone in the
/// no-caption ablation) and gives the EPD Z; PNET_S2 reads `E_I(x)` and gives the diffusion condition c.
public final class PNET: Module {
    /// The three linear layers.
    public let layers: [Linear]
    /// Layer norm of the output.
    public let norm: LayerNorm

    /// A PNET from `inputs` values to `outputs` values with hidden width `outputs`.
    public init(inputs: Int, outputs: Int, using stream: inout RandomStream) {
        layers = [Linear(inputs: inputs, outputs: outputs, using: &stream),
                  Linear(inputs: outputs, outputs: outputs, using: &stream),
                  Linear(inputs: outputs, outputs: outputs, using: &stream)]
        norm = LayerNorm(features: outputs)
    }

    /// Maps `x [N, inputs]` to `[N, outputs]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        var h = x
        for (i, layer) in layers.enumerated() {
            h = layer(h)
            if i < layers.count - 1 { h = h.leakyRelu(slope: 0.1) }
        }
        return norm(h)
    }
}

/// The denoiser of the EPD diffusion: an MLP predicting the clean prior Ẑ_0 from
/// `concat(c, time, Z_t)`, `Linear → LeakyReLU(0.1) → … → Linear` (x0-parameterisation, DiffIR's;
/// `EPDDiffusion.time(_:)` gives the step input).
public final class Denoiser: Module {
    /// The linear layers.
    public let layers: [Linear]

    /// A denoiser for priors of `dimension` values with `hidden`-wide hidden layers, `depth` linear layers.
    public init(dimension: Int, hidden: Int, depth: Int, using stream: inout RandomStream) {
        precondition(depth >= 2, "Denoiser: needs at least 2 layers, got \(depth)")
        var layers: [Linear] = []
        var input = 2 * dimension + 1
        for i in 0..<depth {
            let output = i == depth - 1 ? dimension : hidden
            layers.append(Linear(inputs: input, outputs: output, using: &stream))
            input = output
        }
        self.layers = layers
    }

    /// Ẑ_0 `[N, D]` from the condition `c [N, D]`, the step input `time`, and `noisy [N, D]` (Z_t).
    public func callAsFunction(condition c: Tensor, time: Float, noisy: Tensor) -> Tensor {
        let n = c.shape[0]
        var h = Tensor.concat([c, Tensor.full([n, 1], time), noisy], axis: 1)
        for (i, layer) in layers.enumerated() {
            h = layer(h)
            if i < layers.count - 1 { h = h.leakyRelu(slope: 0.1) }
        }
        return h
    }
}
