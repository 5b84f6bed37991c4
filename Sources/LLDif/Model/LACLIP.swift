import Foundation
import NN
import Tensor

/// LA-CLIP's text encoder E_T: word embeddings plus learned positions, pre-LN transformer blocks,
/// the mean over the caption's real (non-padding) tokens, and a linear projection.
public final class TextEncoder: Module {
    /// The word embeddings.
    public let tokens: Embedding
    /// The positional embedding `[1, length, width]`.
    public let positions: Variable
    /// The transformer blocks.
    public let blocks: [TransformerBlock]
    /// Layer norm before pooling.
    public let norm: LayerNorm
    /// Pooled tokens → embedding.
    public let projection: Linear
    /// The tokenizer.
    public let tokenizer: CaptionTokenizer

    /// A text encoder of token width `width` and `depth` blocks giving `embedding` values.
    public init(tokenizer: CaptionTokenizer, width: Int, depth: Int, heads: Int, embedding: Int,
                using stream: inout RandomStream) {
        self.tokenizer = tokenizer
        tokens = Embedding(count: tokenizer.vocabularySize, dimension: width, initializer: .normal(mean: 0, std: 0.02),
                           using: &stream)
        positions = Variable(Initializer.normal(mean: 0, std: 0.02).tensor([1, tokenizer.length, width], using: &stream))
        blocks = (0..<depth).map { _ in TransformerBlock(width: width, heads: heads, using: &stream) }
        norm = LayerNorm(features: width)
        projection = Linear(inputs: width, outputs: embedding, using: &stream)
    }

    /// The embeddings `[N, embedding]` of `captions`.
    public func callAsFunction(_ captions: [String]) -> Tensor {
        let n = captions.count, length = tokenizer.length
        let ids = captions.flatMap(tokenizer.encode)
        var x = tokens(ids, shape: [n, length]) + positions.value
        for block in blocks { x = block(x) }
        // Mean over the real tokens: a 0/1 mask divided by each caption's token count.
        var weights = [Float](repeating: 0, count: n * length)
        for i in 0..<n {
            let real = ids[(i * length)..<((i + 1) * length)].filter { $0 != CaptionTokenizer.padding }.count
            for j in 0..<length where ids[i * length + j] != CaptionTokenizer.padding { weights[i * length + j] = 1 / Float(max(real, 1)) }
        }
        let pooled = (norm(x) * Tensor(shape: [n, length, 1], values: weights)).sum(axis: 1)
        return projection(pooled)
    }
}

/// LA-CLIP: label-aware CLIP, an image encoder and a caption encoder trained contrastively on
/// (low-light image, caption naming the emotion) pairs, with every pair whose labels agree counted
/// as a positive (the supervised-contrastive form of InfoNCE), and a learnable temperature.
public final class LACLIP: Module {
    /// E_I.
    public let imageEncoder: ImageEncoder
    /// E_T.
    public let textEncoder: TextEncoder
    /// log(1/temperature), initially log(1/0.07) as CLIP, clamped at log(100).
    public let logitScale: Variable

    /// An LA-CLIP for the sizes of `config`.
    public init(config: LLDifConfig, using stream: inout RandomStream) {
        imageEncoder = ImageEncoder(config: config, using: &stream)
        textEncoder = TextEncoder(tokenizer: CaptionTokenizer(), width: config.clipWidth, depth: config.textDepth,
                                  heads: 2, embedding: config.clipWidth, using: &stream)
        logitScale = Variable(Tensor([Float(Foundation.log(1 / 0.07))]))
    }

    /// The L2-normalised image embeddings `[N, clipWidth]`.
    public func embedImages(_ x: Tensor) -> Tensor { imageEncoder(x).l2Normalized(axis: 1) }

    /// The learned scale of the cosine logits, `exp(logitScale)` capped at 100 as in CLIP.
    public var scale: Tensor { logitScale.value.clamped(max: Float(Foundation.log(100.0))).exp() }

    /// The L2-normalised caption embeddings `[N, clipWidth]`.
    public func embedCaptions(_ captions: [String]) -> Tensor { textEncoder(captions).l2Normalized(axis: 1) }

    /// The label-aware InfoNCE loss of a batch: for each image, the cross entropy of its similarities
    /// to all captions against the uniform distribution over the captions of its own label, the same
    /// from each caption to the images, and the same among the captions themselves. The third term
    /// is our addition: trained from scratch on dark images, the image side is too weak at first to
    /// teach the text encoder anything, and the captions would collapse onto one embedding; with
    /// it the caption embeddings group by label from the first steps, as a pretrained CLIP's would.
    public func loss(images x: Tensor, captions: [String], labels: [Int]) -> Tensor {
        let scale = self.scale
        let text = embedCaptions(captions)
        let logits = embedImages(x).matmul(text, transposeOther: true) * scale
        let targets = LACLIP.positiveTargets(labels: labels)
        let imageToText = Loss.crossEntropy(logits: logits, targets: targets)
        let textToImage = Loss.crossEntropy(logits: logits.mT, targets: targets)
        let textToText = Loss.crossEntropy(logits: text.matmul(text, transposeOther: true) * scale, targets: targets)
        return (imageToText + textToImage) * 0.5 + textToText
    }

    /// Row i spreads probability 1 evenly over the samples that share sample i's label (itself included).
    public static func positiveTargets(labels: [Int]) -> Tensor {
        let n = labels.count
        return Tensor(shape: [n, n]) { out in
            for i in 0..<n {
                let positives = labels.filter { $0 == labels[i] }.count
                for j in 0..<n { out[i * n + j] = labels[j] == labels[i] ? 1 / Float(positives) : 0 }
            }
        }
    }
}
