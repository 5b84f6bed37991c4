import Tensor

/// Batch normalisation of each channel of `[N, C, H, W]` (or `[N, C]`), as `torch.nn.BatchNorm2d`.
///
/// In training mode it normalises with the batch's mean and biased variance and updates the
/// running estimates: `running ← (1 − momentum)·running + momentum·batch`, with the unbiased
/// batch variance for `runningVariance`. In evaluation mode it normalises with the running
/// estimates. The running estimates are buffers: saved in checkpoints, never trained.
public final class BatchNorm2d: Module {
    /// Per-channel scale γ, initially 1 (nil when not affine).
    public let weight: Variable?
    /// Per-channel shift β, initially 0 (nil when not affine).
    public let bias: Variable?
    /// Running mean of each channel, initially 0.
    public let runningMean: Buffer
    /// Running (unbiased) variance of each channel, initially 1.
    public let runningVariance: Buffer
    /// The weight of the newest batch in the running estimates.
    public let momentum: Float
    /// Added to the variance before the square root.
    public let epsilon: Float

    /// Batch norm over `channels` channels.
    public init(channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5, affine: Bool = true) {
        weight = affine ? Variable(Tensor.ones([channels])) : nil
        bias = affine ? Variable(Tensor.zeros([channels])) : nil
        runningMean = Buffer(Tensor.zeros([channels]))
        runningVariance = Buffer(Tensor.ones([channels]))
        self.momentum = momentum
        self.epsilon = epsilon
    }

    /// Normalises `x`; in training mode also updates the running estimates.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        guard isTraining else {
            return x.batchNorm(weight: weight?.value, bias: bias?.value,
                               running: (runningMean.value, runningVariance.value), epsilon: epsilon).output
        }
        let (output, statistics) = x.batchNorm(weight: weight?.value, bias: bias?.value, epsilon: epsilon)
        if let statistics {
            Tensor.withoutGradients {
                runningMean.value = runningMean.value * (1 - momentum) + statistics.mean * momentum
                runningVariance.value = runningVariance.value * (1 - momentum) + statistics.unbiasedVariance * momentum
            }
        }
        return output
    }
}
