import Foundation

// Losses, each matching its PyTorch namesake: cross entropy (hard labels or soft targets, class
// weights), KL divergence, L1 and MSE. They are composed from the ops above, so their backward
// is the tape's; only KL's pointwise term `t·(log t − x)` is a fused op (it must be 0 at t = 0).

/// How a loss turns per-element or per-sample values into its result.
public enum LossReduction: Sendable {
    /// No reduction: per-sample losses (cross entropy) or per-element losses (the others).
    case none
    /// The sum.
    case sum
    /// The mean: over samples for cross entropy (weighted by class weight for hard labels, as
    /// PyTorch), over all elements otherwise.
    case mean
    /// The sum divided by the batch size (the first dimension); PyTorch's `batchmean`.
    case batchMean
}

struct KLPointwiseKernel: BinaryKernel {
    @inline(__always) func apply(_ logQ: Float, _ p: Float) -> Float { p > 0 ? p * (Foundation.log(p) - logQ) : 0 }
}
struct KLTargetGradKernel: BinaryKernel {
    @inline(__always) func apply(_ logQ: Float, _ p: Float) -> Float { p > 0 ? Foundation.log(p) - logQ + 1 : 0 }
}

/// The engine's loss functions.
public enum Loss {
    /// Cross entropy of logits `[N, C]` against hard class `labels` (N of them, each in
    /// `0..<C`), as `F.cross_entropy`: per-sample `−w[yₙ]·log softmax(xₙ)[yₙ]`; `.mean` divides
    /// the sum by `Σ w[yₙ]` (N without weights). `classWeights` is `[C]`.
    public static func crossEntropy(logits: Tensor, labels: [Int], classWeights: Tensor? = nil,
                                    reduction: LossReduction = .mean) -> Tensor {
        require(logits.rank == 2 && logits.shape[0] == labels.count,
                     "crossEntropy: logits \(logits.shape) and \(labels.count) labels are incompatible")
        let (n, c) = (logits.shape[0], logits.shape[1])
        for y in labels { require(y >= 0 && y < c, "crossEntropy: label \(y) out of range 0..<\(c)") }
        let logp = logits.logSoftmax(axis: 1).gather(axis: 1, indices: labels, indexShape: [n, 1]).reshaped([n])
        var perSample = -logp
        var totalWeight = Float(n)
        if let classWeights {
            require(classWeights.shape == [c], "crossEntropy: class weights \(classWeights.shape) for \(c) classes")
            let w = classWeights.detached().indexSelect(axis: 0, indices: labels)
            totalWeight = w.sum().item
            perSample = perSample * w
        }
        switch reduction {
        case .none: return perSample
        case .sum: return perSample.sum()
        case .mean: return perSample.sum() / totalWeight
        case .batchMean: return perSample.sum() / Float(n)
        }
    }

    /// Cross entropy of logits `[N, C]` against soft `targets` `[N, C]` (class probabilities),
    /// as `F.cross_entropy` with probability targets: per-sample `−Σ_c w_c·t_nc·log softmax(x_n)_c`;
    /// `.mean` divides by N.
    public static func crossEntropy(logits: Tensor, targets: Tensor, classWeights: Tensor? = nil,
                                    reduction: LossReduction = .mean) -> Tensor {
        require(logits.rank == 2 && targets.shape == logits.shape,
                     "crossEntropy: logits \(logits.shape) and targets \(targets.shape) are incompatible")
        var weighted = targets
        if let classWeights {
            require(classWeights.shape == [logits.shape[1]],
                         "crossEntropy: class weights \(classWeights.shape) for logits \(logits.shape)")
            weighted = targets * classWeights.detached()
        }
        let perSample = -(weighted * logits.logSoftmax(axis: 1)).sum(axis: 1)
        switch reduction {
        case .none: return perSample
        case .sum: return perSample.sum()
        case .mean, .batchMean: return perSample.sum() / Float(logits.shape[0])
        }
    }

    /// KL divergence `Σ p·(log p − log q)` as `F.kl_div(input: logQ, target: p)`: `logQ` holds
    /// log-probabilities, `p` probabilities (terms with p = 0 are 0), same shape. Use
    /// `.batchMean` for the mathematical KL per sample.
    public static func klDivergence(logQ: Tensor, p: Tensor, reduction: LossReduction = .batchMean) -> Tensor {
        require(logQ.shape == p.shape, "klDivergence: shapes \(logQ.shape) and \(p.shape) differ")
        let pointwise = Elementwise.zip(logQ, p, KLPointwiseKernel(), op: "klDivergence")
        let terms = Tensor.record("klDivergence", pointwise, inputs: [logQ, p]) { g in
            [logQ.node == nil ? nil : -(g * p),
             p.node == nil ? nil : g * Elementwise.zip(logQ, p, KLTargetGradKernel(), op: "klDivergence")]
        }
        return reduce(terms, reduction)
    }

    /// Mean absolute error `|ŷ − y|` (reduced as asked; `.mean` over all elements).
    public static func l1(_ prediction: Tensor, _ target: Tensor, reduction: LossReduction = .mean) -> Tensor {
        require(prediction.shape == target.shape, "l1: shapes \(prediction.shape) and \(target.shape) differ")
        return reduce((prediction - target).abs(), reduction)
    }

    /// Mean squared error `(ŷ − y)²` (reduced as asked; `.mean` over all elements).
    public static func mse(_ prediction: Tensor, _ target: Tensor, reduction: LossReduction = .mean) -> Tensor {
        require(prediction.shape == target.shape, "mse: shapes \(prediction.shape) and \(target.shape) differ")
        return reduce((prediction - target).squared(), reduction)
    }

    static func reduce(_ terms: Tensor, _ reduction: LossReduction) -> Tensor {
        switch reduction {
        case .none: return terms
        case .sum: return terms.sum()
        case .mean: return terms.mean()
        case .batchMean: return terms.sum() / Float(terms.rank > 0 ? terms.shape[0] : 1)
        }
    }
}
