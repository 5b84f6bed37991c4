import Analysis
import LLDif
import Paper

/// The test accuracy of one model on one dataset over several training seeds, all evaluated on
/// the same test set: the per-seed accuracies, their mean and standard deviation, per test image
/// the fraction of seeds that got it right, and the per-seed hits the hierarchical bootstrap
/// resamples (`scores`).
public struct SeedAccuracy: Sendable {
    /// The per-seed evaluations, in seed order.
    public let evaluations: [ClassifierEvaluation]
    /// The training seed of each evaluation.
    public let seeds: [Int]
    /// Test accuracy of each seed.
    public let perSeed: [Double]
    /// Mean and (for two or more seeds) standard deviation of `perSeed`.
    public let summary: MeanAndDeviation
    /// For each test image, the fraction of seeds that classified it correctly.
    public let hitRate: [Double]

    /// Pools `evaluations`, which must all be of the same test set (same labels in the same order),
    /// trained with `seeds` (one each; when not given, their positions 0, 1, … stand for them, so two
    /// poolings without seeds are paired by position).
    public init(_ evaluations: [ClassifierEvaluation], seeds: [Int]? = nil) throws {
        guard let first = evaluations.first else { throw ChapterError.data("no evaluations to pool") }
        let seeds = seeds ?? Array(evaluations.indices)
        guard seeds.count == evaluations.count, Set(seeds).count == seeds.count else {
            throw ChapterError.data("\(evaluations.count) evaluations need as many distinct seeds, got \(seeds)")
        }
        for (index, e) in evaluations.enumerated() where e.labels != first.labels {
            throw ChapterError.data("seed \(seeds[index])'s run was evaluated on another test set than seed \(seeds[0])'s")
        }
        self.evaluations = evaluations
        self.seeds = seeds
        perSeed = evaluations.map(\.accuracy)
        summary = try MeanAndDeviation(perSeed)
        let n = first.count, runs = Double(evaluations.count)
        var rate = [Double](repeating: 0, count: n)
        for e in evaluations {
            for i in 0..<n where e.predictions[i] == e.labels[i] { rate[i] += 1 / runs }
        }
        hitRate = rate
    }

    /// Mean accuracy over seeds.
    public var mean: Double { summary.mean }

    /// The accuracy of always predicting the test set's most frequent class.
    public var majorityRate: Double {
        let labels = evaluations[0].labels
        let majority = majorityClass(of: labels)
        return Double(labels.filter { $0 == majority }.count) / Double(max(1, labels.count))
    }

    /// The runs of `runs` pooled: their evaluations, with the seeds they were trained with.
    public init(runs: [TrainedRun]) throws {
        try self.init(try runs.map { try $0.evaluation() }, seeds: runs.map(\.request.seed))
    }

    /// Per seed and test image, 1 for a hit and 0 for a miss: what the hierarchical bootstrap resamples.
    public var scores: SeedScores {
        get throws {
            try SeedScores(seeds: seeds, rows: evaluations.map { e in
                zip(e.predictions, e.labels).map { $0 == $1 ? 1.0 : 0.0 }
            })
        }
    }

    /// Per seed and test image, 1 when the test set's most frequent class is the image's label:
    /// the scores of the majority-class predictor, which every seed shares.
    public var majorityScores: SeedScores {
        get throws {
            let majority = majorityClass(of: evaluations[0].labels)
            let row = evaluations[0].labels.map { $0 == majority ? 1.0 : 0.0 }
            return try SeedScores(seeds: seeds, rows: Array(repeating: row, count: seeds.count))
        }
    }

    /// The seed-mean accuracy with its 95 % and 90 % intervals (hierarchical bootstrap over seeds
    /// and test images).
    public func interval(seed: UInt64) throws -> IntervalEstimate {
        try HierarchicalBootstrap(seed: seed).interval(of: try scores)
    }

    /// The interval of the seed-mean accuracy at `level` (hierarchical bootstrap over seeds and test images).
    public func confidenceInterval(level: Double = IntervalEstimate.levels.wide, seed: UInt64) throws -> ConfidenceInterval {
        try HierarchicalBootstrap(seed: seed).interval(of: try scores, level: level)
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
/// standard error over test images and its hierarchical bootstrap intervals (paired on images, and on
/// seeds when both have the same seeds).
public struct PairedDifference: Sendable {
    /// Mean accuracy of A minus mean accuracy of B.
    public let difference: Double
    /// The standard error of `difference` over test images: sd(d_i) / √n, where d_i is image i's
    /// hit rate under A minus under B.
    public let standardError: Double
    /// The bootstrap interval of `difference` at the level asked for.
    public let interval: ConfidenceInterval
    /// The 95 % and 90 % intervals of `difference`.
    public let estimate: IntervalEstimate

    /// A minus B; both must be of the same test set.
    public init(_ a: SeedAccuracy, _ b: SeedAccuracy, level: Double = IntervalEstimate.levels.wide, seed: UInt64) throws {
        guard a.evaluations[0].labels == b.evaluations[0].labels else {
            throw ChapterError.data("cannot pair two models evaluated on different test sets")
        }
        let d = zip(a.hitRate, b.hitRate).map { $0 - $1 }
        let n = Double(d.count)
        let mean = d.reduce(0, +) / n
        difference = mean
        standardError = n > 1 ? (d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) / n).squareRoot() : 0
        let bootstrap = try HierarchicalBootstrap(seed: seed)
        estimate = try bootstrap.interval(of: try a.scores, minus: try b.scores, sharedImages: true)
        interval = try bootstrap.interval(of: try a.scores, minus: try b.scores, sharedImages: true, level: level)
    }
}

/// The most frequent of `labels` (the smallest such label on a tie); nil when there are none.
public func majorityClass(of labels: [Int]) -> Int? {
    let counts = Dictionary(grouping: labels, by: { $0 }).mapValues(\.count)
    return counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key
}
