import NN
import Tensor

/// The prior modulation shared by DMNet and DGNet: `x' = x ⊙ W1·Z + W2·Z`, one scale and one shift
/// per channel computed from the EPD `Z [N, D]`. The weights start at PyTorch's default; W1's bias
/// starts at 1 and W2's at 0, so a fresh block scales its input around 1 instead of around 0.
/// Without biases (DiffIR's form, `lldif.model.modulation_bias = false`) the features pass only
/// through Z, so the transformer cannot learn to ignore the prior.
public final class PriorModulation: Module {
    /// W1: Z → per-channel scale.
    public let scale: Linear
    /// W2: Z → per-channel shift.
    public let shift: Linear

    /// A modulation of `channels` channels by a prior of `priorDimension` values, with or without biases.
    public init(channels: Int, priorDimension: Int, bias: Bool = true, using stream: inout RandomStream) {
        scale = Linear(inputs: priorDimension, outputs: channels, bias: bias,
                       biasInit: .constant(1), using: &stream)
        shift = Linear(inputs: priorDimension, outputs: channels, bias: bias,
                       biasInit: .constant(0), using: &stream)
    }

    /// Modulates `x [N, C, H, W]` by `z [N, D]`.
    public func callAsFunction(_ x: Tensor, prior z: Tensor) -> Tensor {
        let (n, c) = (x.shape[0], x.shape[1])
        return x * scale(z).reshaped([n, c, 1, 1]) + shift(z).reshaped([n, c, 1, 1])
    }
}
