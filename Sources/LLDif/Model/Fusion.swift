import NN
import Tensor

/// A pre-LN transformer block over tokens `[N, L, E]`: `x + MHA(LN(x))`, then `x + MLP(LN(x))`.
public final class TransformerBlock: Module {
    /// Layer norm before attention.
    public let attentionNorm: LayerNorm
    /// Multi-head self-attention.
    public let attention: MultiHeadAttention
    /// Layer norm before the MLP.
    public let mlpNorm: LayerNorm
    /// The MLP (hidden width 2E, GELU).
    public let mlp: MLP

    /// A block of width `width` with `heads` heads.
    public init(width: Int, heads: Int, using stream: inout RandomStream) {
        attentionNorm = LayerNorm(features: width)
        attention = MultiHeadAttention(dimension: width, heads: heads, using: &stream)
        mlpNorm = LayerNorm(features: width)
        mlp = MLP(inputs: width, hidden: 2 * width, using: &stream)
    }

    /// Applies the block to `x [N, L, E]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let y = x + attention(attentionNorm(x))
        return y + mlp(mlpNorm(y))
    }
}

/// The LLformer's fusion: for each scale, the image features (concatenated with DLNet's output
/// when there is one) are average-pooled to a g × g grid and projected to E-wide tokens; the three
/// token sets follow a class token, a learned positional embedding is added, a plain transformer
/// mixes them, and a linear head reads the normalised class token.
public final class Fusion: Module {
    /// Per scale: pooled channels → E.
    public let tokenProjections: [Linear]
    /// The class token, `[1, 1, E]`.
    public let classToken: Variable
    /// The positional embedding, `[1, 1 + 3·g², E]`.
    public let positionalEmbedding: Variable
    /// The transformer blocks.
    public let blocks: [TransformerBlock]
    /// Layer norm of the class token.
    public let norm: LayerNorm
    /// The classifier head E → classes.
    public let head: Linear
    /// Side g of each scale's token grid.
    public let grid: Int

    /// A fusion for scales of `scaleChannels` channels each.
    public init(scaleChannels: [Int], grid: Int, width: Int, heads: Int, depth: Int, classes: Int,
                using stream: inout RandomStream) {
        tokenProjections = scaleChannels.map { Linear(inputs: $0, outputs: width, using: &stream) }
        let std = Initializer.truncatedNormal(mean: 0, std: 0.02, low: -0.04, high: 0.04)
        classToken = Variable(std.tensor([1, 1, width], using: &stream))
        positionalEmbedding = Variable(std.tensor([1, 1 + scaleChannels.count * grid * grid, width], using: &stream))
        blocks = (0..<depth).map { _ in TransformerBlock(width: width, heads: heads, using: &stream) }
        norm = LayerNorm(features: width)
        head = Linear(inputs: width, outputs: classes, using: &stream)
        self.grid = grid
    }

    /// The normalised class token `[N, E]` (the penultimate features) for the per-scale maps `scales`.
    public func features(_ scales: [Tensor]) -> Tensor {
        let n = scales[0].shape[0]
        var tokens = [classToken.value.expanded(to: [n, 1, classToken.shape[2]])]
        for (map, projection) in zip(scales, tokenProjections) {
            let pooled = map.adaptiveAvgPool2d(outputSize: (grid, grid))
            tokens.append(projection(pooled.reshaped([n, map.shape[1], grid * grid]).permuted([0, 2, 1])))
        }
        var x = Tensor.concat(tokens, axis: 1) + positionalEmbedding.value
        for block in blocks { x = block(x) }
        return norm(x.slice(axis: 1, 0..<1).reshaped([n, x.shape[2]]))
    }

    /// The class logits `[N, classes]` for the per-scale maps `scales`.
    public func callAsFunction(_ scales: [Tensor]) -> Tensor { head(features(scales)) }
}
