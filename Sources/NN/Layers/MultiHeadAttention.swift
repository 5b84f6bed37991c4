import Foundation
import Tensor

/// Multi-head scaled dot-product attention over token sequences `[B, N, D]`, as
/// `torch.nn.MultiheadAttention` with `batch_first=True` (separate query, key, value and output
/// projections). Self-attention by default; pass `context` for cross-attention. Its checkpoint
/// names are not PyTorch's: `torch.nn.MultiheadAttention` packs the three input projections into
/// one `in_proj_weight` (or, for another context width, `q_proj_weight`… with one packed
/// `in_proj_bias`) and names the output `out_proj`, while this layer keeps four `Linear`s.
public final class MultiHeadAttention: Module {
    /// Projects the queries, `D → D`.
    public let query: Linear
    /// Projects the keys, `contextDimension → D`.
    public let key: Linear
    /// Projects the values, `contextDimension → D`.
    public let value: Linear
    /// Mixes the heads, `D → D`.
    public let output: Linear
    /// Dropout on the attention weights.
    public let attentionDropout: Dropout
    /// The number of heads; `D` is divisible by it.
    public let heads: Int

    /// Attention with model width `dimension` split over `heads` heads; keys and values come from
    /// tokens of width `contextDimension` (default `dimension`).
    public init(dimension: Int, heads: Int, contextDimension: Int? = nil, bias: Bool = true,
                dropout: Float = 0, using stream: inout RandomStream) {
        precondition(heads > 0 && dimension % heads == 0,
                     "MultiHeadAttention: dimension \(dimension) is not divisible by \(heads) heads")
        query = Linear(inputs: dimension, outputs: dimension, bias: bias, using: &stream)
        key = Linear(inputs: contextDimension ?? dimension, outputs: dimension, bias: bias, using: &stream)
        value = Linear(inputs: contextDimension ?? dimension, outputs: dimension, bias: bias, using: &stream)
        output = Linear(inputs: dimension, outputs: dimension, bias: bias, using: &stream)
        attentionDropout = Dropout(probability: dropout)
        self.heads = heads
    }

    /// Attends from `x [B, N, D]` to `context [B, M, contextDimension]` (default `x`), giving
    /// `[B, N, D]`. `stream` draws the attention-dropout mask.
    public func callAsFunction(_ x: Tensor, context: Tensor? = nil, using stream: inout RandomStream) -> Tensor {
        precondition(x.rank == 3, "MultiHeadAttention: input \(x.shape) is not [B, N, D]")
        let source = context ?? x
        let headWidth = x.shape[2] / heads
        let q = query(x), k = key(source), v = value(source)
        let scores = Tensor.attentionScores(queries: q, keys: k, heads: heads) * (1 / Float(headWidth).squareRoot())
        let weights = attentionDropout(scores.softmax(axis: -1), using: &stream)
        return output(Tensor.attentionMix(weights: weights, values: v, heads: heads))
    }

    /// Attention when dropout is inactive (probability 0 or evaluation mode).
    public func callAsFunction(_ x: Tensor, context: Tensor? = nil) -> Tensor {
        precondition(!attentionDropout.isActive, "MultiHeadAttention: dropout is active in training mode; pass a random stream")
        var unused = RandomStream(seed: 0)
        return self(x, context: context, using: &unused)
    }
}
