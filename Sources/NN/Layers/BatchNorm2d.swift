import Tensor

/// Batch normalisation of each channel of `[N, C, H, W]` (or `[N, C]`), as `torch.nn.BatchNorm2d`,
/// saved under PyTorch's names: `weight`, `bias`, `running_mean`, `running_var` and
/// `num_batches_tracked` (I64), so `load_state_dict` takes a kit checkpoint as it is.
///
/// In training mode it normalises with the batch's mean and biased variance, updates the running
/// estimates, `running ← (1 − momentum)·running + momentum·batch` with the unbiased batch variance
/// for `runningVariance`, and counts the batch. In evaluation mode it normalises with the running
/// estimates. The running estimates and the count are buffers: saved in checkpoints, never trained.
public final class BatchNorm2d: Module {
    /// Per-channel scale γ, initially 1 (nil when not affine).
    public let weight: Variable?
    /// Per-channel shift β, initially 0 (nil when not affine).
    public let bias: Variable?
    /// Running mean of each channel, initially 0; saved as `running_mean`.
    public let runningMean: Buffer
    /// Running (unbiased) variance of each channel, initially 1; saved as `running_var`.
    public let runningVariance: Buffer
    /// The number of training-mode forward passes, a scalar initially 0; saved as
    /// `num_batches_tracked`, I64. It does not enter the computation (PyTorch uses it only when
    /// `momentum` is None, which this layer does not offer).
    public let batchesTracked: Buffer
    /// The weight of the newest batch in the running estimates.
    public let momentum: Float
    /// Added to the variance before the square root.
    public let epsilon: Float

    override public class var stateNames: [String: String] {
        ["runningMean": "running_mean", "runningVariance": "running_var", "batchesTracked": "num_batches_tracked"]
    }

    /// Batch norm over `channels` channels.
    public init(channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5, affine: Bool = true) {
        weight = affine ? Variable(Tensor.ones([channels])) : nil
        bias = affine ? Variable(Tensor.zeros([channels])) : nil
        runningMean = Buffer(Tensor.zeros([channels]))
        runningVariance = Buffer(Tensor.ones([channels]))
        batchesTracked = Buffer(Tensor(shape: [], values: [0]), storedAs: .int64)
        self.momentum = momentum
        self.epsilon = epsilon
    }

    /// Normalises `x`; in training mode also updates the running estimates and counts the batch.
    /// With `relu`, returns `max(norm, 0)`: the same bits as `.relu()` on the norm, fused.
    public func callAsFunction(_ x: Tensor, relu: Bool = false) -> Tensor {
        guard isTraining else {
            return x.batchNorm(weight: weight?.value, bias: bias?.value,
                               running: (runningMean.value, runningVariance.value), epsilon: epsilon, relu: relu).output
        }
        let (output, statistics) = x.batchNorm(weight: weight?.value, bias: bias?.value, epsilon: epsilon, relu: relu)
        if let statistics {
            Tensor.withoutGradients {
                runningMean.value = runningMean.value * (1 - momentum) + statistics.mean * momentum
                runningVariance.value = runningVariance.value * (1 - momentum) + statistics.unbiasedVariance * momentum
                batchesTracked.value = batchesTracked.value + 1
            }
        }
        return output
    }

    /// Reads checkpoints written before this layer took PyTorch's names: `runningMean` and
    /// `runningVariance` become `running_mean` and `running_var`, and the missing
    /// `num_batches_tracked` keeps this layer's current count, as PyTorch does for checkpoints
    /// older than the count.
    override public func upgradeLegacyEntries(_ state: inout [String: StoredTensor], prefix: String) {
        var legacy = false
        for (old, new) in [("runningMean", "running_mean"), ("runningVariance", "running_var")]
        where state[prefix + new] == nil {
            if let value = state.removeValue(forKey: prefix + old) {
                state[prefix + new] = value
                legacy = true
            }
        }
        if legacy && state[prefix + "num_batches_tracked"] == nil {
            state[prefix + "num_batches_tracked"] = batchesTracked.stored
        }
    }
}
