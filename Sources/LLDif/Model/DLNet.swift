import NN
import Tensor

/// DLNet: window cross-attention from landmark features to image features at one scale (POSTER's
/// cross-fusion, in Swin-style windows). Landmark features give the queries, DTNet features the
/// keys and values; attention stays inside non-overlapping w × w windows and adds a learned
/// relative-position bias per head. A residual on the query side, then a pre-LN MLP block.
public final class DLNet: Module {
    /// Layer norm of the landmark (query) tokens.
    public let queryNorm: LayerNorm
    /// Layer norm of the image (key/value) tokens.
    public let contextNorm: LayerNorm
    /// Query projection.
    public let query: Linear
    /// Key projection.
    public let key: Linear
    /// Value projection.
    public let value: Linear
    /// Output projection.
    public let output: Linear
    /// The bias of each relative offset and head, `[(2w−1)², heads]`.
    public let relativePositionBias: Variable
    /// Layer norm before the MLP.
    public let mlpNorm: LayerNorm
    /// The MLP (hidden width 2d, GELU).
    public let mlp: MLP
    /// Number of heads.
    public let heads: Int
    /// Window side w.
    public let window: Int
    private let biasIndex: [Int]

    /// A DLNet over `channels`-wide features with `heads` heads and `window`-sided windows.
    public init(channels: Int, heads: Int, window: Int, using stream: inout RandomStream) {
        precondition(channels % heads == 0, "DLNet: \(heads) heads do not divide \(channels) channels")
        queryNorm = LayerNorm(features: channels)
        contextNorm = LayerNorm(features: channels)
        query = Linear(inputs: channels, outputs: channels, using: &stream)
        key = Linear(inputs: channels, outputs: channels, using: &stream)
        value = Linear(inputs: channels, outputs: channels, using: &stream)
        output = Linear(inputs: channels, outputs: channels, using: &stream)
        relativePositionBias = Variable(Initializer.truncatedNormal(mean: 0, std: 0.02, low: -0.04, high: 0.04)
            .tensor([(2 * window - 1) * (2 * window - 1), heads], using: &stream))
        mlpNorm = LayerNorm(features: channels)
        mlp = MLP(inputs: channels, hidden: 2 * channels, using: &stream)
        self.heads = heads
        self.window = window
        biasIndex = WindowPartition.relativePositionIndex(window: window)
    }

    /// Attends from `landmarkFeatures [N, d, H, W]` to `imageFeatures [N, d, H, W]`; returns `[N, d, H, W]`.
    public func callAsFunction(landmarkFeatures: Tensor, imageFeatures: Tensor) -> Tensor {
        let (n, d, h, w) = (landmarkFeatures.shape[0], landmarkFeatures.shape[1], landmarkFeatures.shape[2],
                            landmarkFeatures.shape[3])
        let tokens = WindowPartition.split(landmarkFeatures, window: window)
        let context = contextNorm(WindowPartition.split(imageFeatures, window: window))
        let (length, headWidth) = (window * window, d / heads)
        let q = query(queryNorm(tokens)), k = key(context), v = value(context)
        let bias = relativePositionBias.value.indexSelect(axis: 0, indices: biasIndex)
            .reshaped([length, length, heads]).permuted([2, 0, 1])
        let scores = Tensor.attentionScores(queries: q, keys: k, heads: heads) * (1 / Float(headWidth).squareRoot()) + bias
        let mixed = Tensor.attentionMix(weights: scores.softmax(axis: -1), values: v, heads: heads)
        let attended = tokens + output(mixed)
        let refined = attended + mlp(mlpNorm(attended))
        return WindowPartition.merge(refined, window: window, batch: n, height: h, width: w)
    }
}
