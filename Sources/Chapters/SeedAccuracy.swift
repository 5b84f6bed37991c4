import Analysis
import LLDif
import Paper

/// The test accuracy of one model on one dataset over several training seeds, all evaluated on
/// the same test set: the per-seed accuracies, their mean and standard deviation, and per test image
/// the fraction of seeds that got it right (what the bootstrap and paired comparisons resample).
public struct SeedAccuracy: Sendable {
    /// The per-seed evaluations, in seed order.
    public let evaluations: [ClassifierEvaluation]
    /// Test accuracy of each seed.
    public let perSeed: [Double]
    /// Mean and (for two or more seeds) standard deviation of `perSeed`.
    public let summary: MeanAndDeviation
    /// For each test image, the fraction of seeds that classified it correctly.
    public let hitRate: [Double]

    /// Pools `evaluations`, which must all be of the same test set (same labels in the same order).
    public init(_ evaluations: [ClassifierEvaluation]) throws {
        guard let first = evaluations.first else { throw ChapterError.data("no evaluations to pool") }
        for (seed, e) in evaluations.enumerated() where e.labels != first.labels {
            throw ChapterError.data("seed \(seed)'s run was evaluated on another test set than seed 0's")
        }
        self.evaluations = evaluations
        perSeed = evaluations.map(\.accuracy)
        summary = try MeanAndDeviation(perSeed)
        let n = first.count, seeds = Double(evaluations.count)
        var rate = [Double](repeating: 0, count: n)
        for e in evaluations {
            for i in 0..<n where e.predictions[i] == e.labels[i] { rate[i] += 1 / seeds }
        }
        hitRate = rate
    }

    /// Mean accuracy over seeds.
    public var mean: Double { summary.mean }

    /// The accuracy of always predicting the test set's most frequent class.
    public var majorityRate: Double {
        let labels = evaluations[0].labels
        return Double(Dictionary(grouping: labels, by: { $0 }).values.map(\.count).max() ?? 0) / Double(max(1, labels.count))
    }

    /// A bootstrap confidence interval of the seed-mean accuracy, resampling test images.
    public func confidenceInterval(level: Double = 0.95, seed: UInt64) throws -> ConfidenceInterval {
        let rate = hitRate
        return try bootstrapConfidenceInterval(count: rate.count, level: level, seed: seed) { idx in
            idx.reduce(0) { $0 + rate[$1] } / Double(idx.count)
        }
    }

    /// Per-class accuracy of the pooled predictions (nil for a class with no test image).
    public func perClassAccuracy(classes: Int) -> [Double?] {
        let labels = evaluations[0].labels
        return (0..<classes).map { c in
            let members = labels.indices.filter { labels[$0] == c }
            return members.isEmpty ? nil : members.reduce(0) { $0 + hitRate[$1] } / Double(members.count)
        }
    }

    /// The confusion matrix of every seed's predictions added together, `[true][predicted]`.
    public func pooledConfusion(classes: Int) -> [[Int]] {
        var matrix = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        for e in evaluations {
            for (label, prediction) in zip(e.labels, e.predictions) { matrix[label][prediction] += 1 }
        }
        return matrix
    }
}

/// The difference in accuracy between two models on the same test images (seed means), with its
/// standard error and a paired bootstrap interval, both resampling test images.
public struct PairedDifference: Sendable {
    /// Mean accuracy of A minus mean accuracy of B.
    public let difference: Double
    /// The standard error of `difference` over test images: sd(d_i) / √n, where d_i is image i's
    /// hit rate under A minus under B.
    public let standardError: Double
    /// The paired bootstrap interval of `difference`.
    public let interval: ConfidenceInterval

    /// A minus B; both must be of the same test set.
    public init(_ a: SeedAccuracy, _ b: SeedAccuracy, level: Double = 0.95, seed: UInt64) throws {
        guard a.evaluations[0].labels == b.evaluations[0].labels else {
            throw ChapterError.data("cannot pair two models evaluated on different test sets")
        }
        let d = zip(a.hitRate, b.hitRate).map { $0 - $1 }
        let n = Double(d.count)
        let mean = d.reduce(0, +) / n
        difference = mean
        standardError = n > 1 ? (d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) / n).squareRoot() : 0
        interval = try bootstrapConfidenceInterval(count: d.count, level: level, seed: seed) { idx in
            idx.reduce(0) { $0 + d[$1] } / Double(idx.count)
        }
    }
}
