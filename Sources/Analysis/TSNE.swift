import Foundation
import KitSupport

/// Settings of a t-SNE run. The defaults are scikit-learn's (1.2+): perplexity 30, early
/// exaggeration 12 for 250 iterations with momentum 0.5, then momentum 0.8 up to 1,000 iterations,
/// learning rate "auto", delta-bar-delta gains (+0.2 / ×0.8, floor 0.01), PCA initialisation
/// rescaled so the first coordinate has standard deviation 1e-4, Barnes–Hut with θ = 0.5.
public struct TSNEConfiguration: Sendable {
    /// The learning-rate rule.
    public enum LearningRate: Sendable, Equatable {
        /// max(N / early exaggeration / 4, 50), scikit-learn's "auto"; with the factor 4 it keeps
        /// in its gradient this equals the N / 12 of Belkina et al. (2019) in the convention of
        /// bhtsne, FIt-SNE and openTSNE.
        case auto
        /// A fixed rate (scikit-learn's convention: gradient including the factor 4).
        case fixed(Double)
    }

    /// Where the optimisation starts.
    public enum Initialisation: Sendable, Equatable {
        /// The first two principal components, scaled so the first has standard deviation 1e-4.
        case pca
        /// Independent Gaussians with standard deviation 1e-4 from a seeded stream.
        case random(seed: UInt64)
        /// A given `N × 2` row-major embedding.
        case given([Float])
    }

    /// Gradient evaluation: exact or Barnes–Hut.
    public var method: TSNEMethod = .barnesHut(theta: 0.5)
    /// Target perplexity of each point's conditional distribution.
    public var perplexity = 30.0
    /// Factor on P during the first phase.
    public var earlyExaggeration = 12.0
    /// Length of the exaggerated first phase.
    public var exaggerationIterations = 250
    /// Total iterations, both phases.
    public var iterations = 1000
    /// Learning-rate rule.
    public var learningRate: LearningRate = .auto
    /// Momentum during, then after, early exaggeration.
    public var initialMomentum = 0.5, finalMomentum = 0.8
    /// Lower bound of the per-coordinate gains.
    public var minimumGain = 0.01
    /// KL is evaluated every this many iterations (and at the end of each phase); the stopping
    /// rules below are checked then (scikit-learn's `_N_ITER_CHECK`).
    public var checkEvery = 50
    /// Stop the second phase when KL has not improved for this many iterations.
    public var iterationsWithoutProgress = 300
    /// Stop when the gradient norm falls to this.
    public var minimumGradientNorm = 1e-7
    /// Starting embedding.
    public var initialisation: Initialisation = .pca
    /// Threads for the kNN search and the gradient; results do not depend on it.
    public var threads = Parallel.threadCount

    /// The defaults above.
    public init() {}

    /// Nearest neighbours used for P: all other points for the exact method; min(N − 1,
    /// ⌊3 × perplexity + 1⌋) for Barnes–Hut, as in scikit-learn.
    public func neighbourCount(points n: Int) -> Int {
        switch method {
        case .exact: return n - 1
        case .barnesHut: return min(n - 1, Int(3 * perplexity + 1))
        }
    }

    /// The learning rate for `n` points.
    public func resolvedLearningRate(points n: Int) -> Double {
        switch learningRate {
        case .auto: return max(Double(n) / earlyExaggeration / 4, 50)
        case let .fixed(rate): return rate
        }
    }
}

/// The outcome of a t-SNE run.
public struct TSNEResult: Sendable {
    /// The embedding, `N × 2` row-major.
    public var embedding: [Float]
    /// KL(P‖Q) at the last iteration (see `TSNEObjective.klDivergence` for which KL).
    public var klDivergence: Double
    /// (iteration, KL) at every check; entries during early exaggeration use the exaggerated P.
    public var klHistory: [(iteration: Int, kl: Double)]
    /// Iterations run (fewer than configured if a stopping rule fired).
    public var iterationsRun: Int
    /// The starting embedding, `N × 2`.
    public var initialEmbedding: [Float]
}

/// t-distributed stochastic neighbour embedding of `x` (`rows × columns`, row-major) into 2-D.
/// `progress` is called at every KL check with (iteration, KL).
public func tsne(_ x: [Float], rows: Int, columns: Int, configuration: TSNEConfiguration = TSNEConfiguration(),
                 progress: ((Int, Double) -> Void)? = nil) throws -> TSNEResult {
    let config = configuration
    try checkMatrix(x, rows: rows, columns: columns, name: "x")
    guard config.iterations >= 1, config.exaggerationIterations >= 0, config.checkEvery >= 1 else {
        throw AnalysisError.invalidParameter(name: "iterations", reason: "needs iterations ≥ 1, exaggeration iterations ≥ 0, checkEvery ≥ 1")
    }
    if case let .barnesHut(theta) = config.method, !(theta >= 0) {
        throw AnalysisError.invalidParameter(name: "theta", reason: "must be ≥ 0, got \(theta)")
    }
    let p = try JointProbabilities(x, rows: rows, columns: columns, perplexity: config.perplexity,
                                   neighbours: config.neighbourCount(points: rows), threads: config.threads)
    let initial = try initialEmbedding(x, rows: rows, columns: columns, config: config)
    return try optimiseEmbedding(initial, p: p, configuration: config, progress: progress)
}

/// Runs the two-phase t-SNE gradient descent from `initial` (`p.count × 2`) on a given P.
public func optimiseEmbedding(_ initial: [Float], p: JointProbabilities, configuration config: TSNEConfiguration,
                              progress: ((Int, Double) -> Void)? = nil) throws -> TSNEResult {
    try checkMatrix(initial, rows: p.count, columns: 2, name: "initial embedding")
    let resolvedRate = config.resolvedLearningRate(points: p.count)
    guard resolvedRate > 0, resolvedRate.isFinite else {
        throw AnalysisError.invalidParameter(name: "learningRate", reason: "must be positive and finite, got \(resolvedRate)")
    }
    guard config.minimumGain > 0, (0..<1).contains(config.initialMomentum), (0..<1).contains(config.finalMomentum) else {
        throw AnalysisError.invalidParameter(name: "minimumGain / momentum", reason: "need minimumGain > 0 and momenta in [0, 1)")
    }
    let rate = Float(resolvedRate)
    var y = initial
    var update = [Float](repeating: 0, count: y.count)
    var gains = [Float](repeating: 1, count: y.count)
    var history: [(iteration: Int, kl: Double)] = []
    var kl = Double.nan
    var iteration = 0
    let phases = [
        (end: min(config.exaggerationIterations, config.iterations), momentum: Float(config.initialMomentum),
         exaggeration: config.earlyExaggeration, patience: config.exaggerationIterations),
        (end: config.iterations, momentum: Float(config.finalMomentum), exaggeration: 1.0,
         patience: config.iterationsWithoutProgress),
    ]
    for phase in phases where iteration < phase.end {
        var best = Double.greatestFiniteMagnitude, bestIteration = iteration
        while iteration < phase.end {
            let check = (iteration + 1) % config.checkEvery == 0
            let objective = try TSNEObjective(embedding: y, p: p, method: config.method, exaggeration: phase.exaggeration,
                                              computeKL: check || iteration == phase.end - 1, threads: config.threads)
            var squaredNorm = 0.0
            for k in 0..<y.count {
                let g = objective.gradient[k]
                if (update[k] * g < 0) { gains[k] += 0.2 } else { gains[k] *= 0.8 }
                gains[k] = max(gains[k], Float(config.minimumGain))
                let scaled = g * gains[k]
                squaredNorm += Double(scaled) * Double(scaled)
                update[k] = phase.momentum * update[k] - rate * scaled
                y[k] += update[k]
            }
            if let value = objective.klDivergence {
                kl = value
                history.append((iteration, value))
                progress?(iteration, value)
            }
            iteration += 1
            if check {
                if kl < best { best = kl; bestIteration = iteration - 1 } else if iteration - 1 - bestIteration > phase.patience { break }
                if squaredNorm.squareRoot() <= config.minimumGradientNorm { break }
            }
        }
    }
    return TSNEResult(embedding: y, klDivergence: kl, klHistory: history, iterationsRun: iteration, initialEmbedding: initial)
}

/// The starting embedding for `config.initialisation`.
func initialEmbedding(_ x: [Float], rows: Int, columns: Int, config: TSNEConfiguration) throws -> [Float] {
    switch config.initialisation {
    case let .given(embedding):
        try checkMatrix(embedding, rows: rows, columns: 2, name: "initial embedding")
        return embedding
    case let .random(seed):
        var rng = SeededRandom(seed: seed)
        return (0..<(2 * rows)).map { _ in Float(1e-4 * rng.normal()) }
    case .pca:
        return try pcaInitialisation(x, rows: rows, columns: columns, threads: config.threads)
    }
}

/// The first two principal components of `x`, scaled so that the first has (population)
/// standard deviation 1e-4, as scikit-learn's `init="pca"`.
public func pcaInitialisation(_ x: [Float], rows: Int, columns: Int,
                              threads: Int = Parallel.threadCount) throws -> [Float] {
    guard columns >= 2 else { throw AnalysisError.invalidParameter(name: "columns", reason: "PCA initialisation needs ≥ 2 columns, got \(columns)") }
    let pca = try PCA(fitting: x, rows: rows, columns: columns, components: 2, threads: threads)
    let projected = try pca.transform(x, rows: rows)
    var mean = 0.0, squares = 0.0
    for i in 0..<rows { mean += projected[2 * i] }
    mean /= Double(rows)
    for i in 0..<rows { squares += (projected[2 * i] - mean) * (projected[2 * i] - mean) }
    let std = (squares / Double(rows)).squareRoot()
    let scale = std > 0 ? 1e-4 / std : 1
    return projected.map { Float($0 * scale) }
}
