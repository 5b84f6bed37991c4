import KitSupport

/// One model's per-image scores under each of its training seeds: `rows[s][i]` is the score of test
/// image `i` under the run trained with `seeds[s]` (1 or 0 for a hit or a miss, or any per-image
/// number whose mean is the statistic, such as a silhouette value). Every row scores the same
/// images in the same order: seeds and images are crossed, not nested.
public struct SeedScores: Sendable, Equatable {
    /// The training seeds, one per row; two models with the same list are paired by seed.
    public let seeds: [Int]
    /// One row of per-image scores per seed, all of the same length.
    public let rows: [[Double]]

    /// Scores of `seeds.count` runs on the same images; at least one seed and one image, all finite.
    public init(seeds: [Int], rows: [[Double]]) throws {
        guard !rows.isEmpty, seeds.count == rows.count else {
            throw AnalysisError.lengthMismatch(first: "seeds", firstCount: seeds.count, second: "rows", secondCount: rows.count)
        }
        guard Set(seeds).count == seeds.count else {
            throw AnalysisError.invalidParameter(name: "seeds", reason: "must be distinct, got \(seeds)")
        }
        let n = rows[0].count
        guard n >= 1 else { throw AnalysisError.invalidParameter(name: "rows", reason: "need at least one image") }
        for (s, row) in rows.enumerated() {
            guard row.count == n else {
                throw AnalysisError.lengthMismatch(first: "row of seed \(seeds[0])", firstCount: n,
                                                   second: "row of seed \(seeds[s])", secondCount: row.count)
            }
            if let bad = row.firstIndex(where: { !$0.isFinite }) { throw AnalysisError.nonFinite(argument: "rows[\(s)]", index: bad) }
        }
        self.seeds = seeds
        self.rows = rows
    }

    /// The number of test images each row scores.
    public var imageCount: Int { rows[0].count }

    /// The statistic on the full sample: the mean over seeds of each seed's mean over images.
    public var mean: Double {
        rows.reduce(0) { $0 + $1.reduce(0, +) / Double($1.count) } / Double(rows.count)
    }
}

/// An estimate with its 95 % and 90 % percentile bootstrap intervals, and the sample it rests on.
/// Claims read the 95 % interval for superiority and non-inferiority and the 90 % interval for
/// equivalence (two one-sided tests at 5 %).
public struct IntervalEstimate: Sendable, Equatable {
    /// The two coverages every interval estimate carries.
    public static let levels = (wide: 0.95, narrow: 0.90)

    /// The statistic on the full sample.
    public let estimate: Double
    /// The 95 % interval.
    public let ci95: ConfidenceInterval
    /// The 90 % interval.
    public let ci90: ConfidenceInterval
    /// Training seeds resampled (the larger count when two models with different seed sets are compared).
    public let seeds: Int
    /// Test images resampled within each seed (the larger count when two test sets are compared).
    public let images: Int

    /// The intervals of `replicates` (bootstrap values of the statistic, any order) around `estimate`.
    init(estimate: Double, replicates: [Double], seeds: Int, images: Int) {
        let sorted = replicates.sorted()
        func interval(_ level: Double) -> ConfidenceInterval {
            ConfidenceInterval(estimate: estimate, lower: quantile(sorted: sorted, (1 - level) / 2),
                               upper: quantile(sorted: sorted, (1 + level) / 2), level: level)
        }
        self.estimate = estimate
        ci95 = interval(Self.levels.wide)
        ci90 = interval(Self.levels.narrow)
        self.seeds = seeds
        self.images = images
    }

    /// Every value multiplied by `factor` (e.g. 100 for percentage points); a negative factor swaps
    /// the bounds.
    public func scaled(by factor: Double) -> IntervalEstimate {
        func scale(_ c: ConfidenceInterval) -> ConfidenceInterval {
            let (a, b) = (c.lower * factor, c.upper * factor)
            return ConfidenceInterval(estimate: c.estimate * factor, lower: min(a, b), upper: max(a, b), level: c.level)
        }
        return IntervalEstimate(estimate: estimate * factor, ci95: scale(ci95), ci90: scale(ci90), seeds: seeds, images: images)
    }

    private init(estimate: Double, ci95: ConfidenceInterval, ci90: ConfidenceInterval, seeds: Int, images: Int) {
        self.estimate = estimate; self.ci95 = ci95; self.ci90 = ci90; self.seeds = seeds; self.images = images
    }
}

/// The kit's one bootstrap: a two-level percentile bootstrap over training seeds and test images.
///
/// Each resample draws the seeds with replacement and, once, the test images with replacement; the
/// statistic is the mean over the drawn seeds of each drawn seed's mean over the drawn images. Seeds
/// and images are crossed (every seed is tested on the same images), so one image draw serves every
/// drawn seed: drawing the images afresh per seed would average the images' own difficulty over the
/// seeds and make the interval too narrow by up to √(number of seeds).
///
/// A difference A − B is paired where the two share units:
/// - **seeds** are paired when both models have the same seed list (the same seed draw scores both);
///   otherwise each model's seeds are drawn on their own;
/// - **images** are paired when the caller says both were tested on the same images in the same
///   order (`sharedImages`: the same image draw scores both); otherwise each test set is drawn on its own.
///
/// Draws come from `SeededRandom(seed:)` in a fixed order (A's seeds, B's seeds, A's images, B's
/// images, per resample) on one thread, so an interval is a pure function of its inputs and seed.
/// With one seed the seed draw is trivial and this is the ordinary percentile bootstrap over images.
public struct HierarchicalBootstrap: Sendable {
    /// Bootstrap resamples per interval.
    public var resamples: Int
    /// The seed of the random draws.
    public var seed: UInt64

    /// A bootstrap of `resamples` resamples drawn from `seed`.
    public init(resamples: Int = 2000, seed: UInt64) throws {
        guard resamples >= 2 else { throw AnalysisError.invalidParameter(name: "resamples", reason: "must be ≥ 2, got \(resamples)") }
        self.resamples = resamples
        self.seed = seed
    }

    /// The estimate and intervals of `a`'s mean score.
    public func interval(of a: SeedScores) -> IntervalEstimate {
        IntervalEstimate(estimate: a.mean, replicates: replicates(of: a), seeds: a.seeds.count, images: a.imageCount)
    }

    /// The estimate and intervals of `a`'s mean score minus `b`'s; `sharedImages` says both rows
    /// score the same test images in the same order (then their counts must agree).
    public func interval(of a: SeedScores, minus b: SeedScores, sharedImages: Bool) throws -> IntervalEstimate {
        IntervalEstimate(estimate: a.mean - b.mean, replicates: try replicates(of: a, minus: b, sharedImages: sharedImages),
                         seeds: max(a.seeds.count, b.seeds.count), images: max(a.imageCount, b.imageCount))
    }

    /// The percentile interval of `a`'s mean score at `level` (in (0, 1)).
    public func interval(of a: SeedScores, level: Double) throws -> ConfidenceInterval {
        try Self.percentileInterval(estimate: a.mean, replicates: replicates(of: a), level: level)
    }

    /// The percentile interval of `a`'s mean minus `b`'s at `level`.
    public func interval(of a: SeedScores, minus b: SeedScores, sharedImages: Bool, level: Double) throws -> ConfidenceInterval {
        try Self.percentileInterval(estimate: a.mean - b.mean,
                                    replicates: try replicates(of: a, minus: b, sharedImages: sharedImages), level: level)
    }

    /// The bootstrap values of `a`'s mean score, one per resample, in draw order.
    public func replicates(of a: SeedScores) -> [Double] {
        var rng = SeededRandom(seed: seed)
        var draw = Draw(a)
        return (0..<resamples).map { _ in
            draw.drawSeeds(&rng)
            draw.drawImages(&rng)
            return draw.statistic()
        }
    }

    /// The bootstrap values of `a`'s mean minus `b`'s, one per resample, in draw order.
    public func replicates(of a: SeedScores, minus b: SeedScores, sharedImages: Bool) throws -> [Double] {
        if sharedImages, a.imageCount != b.imageCount {
            throw AnalysisError.lengthMismatch(first: "images of A", firstCount: a.imageCount, second: "images of B",
                                               secondCount: b.imageCount)
        }
        let pairedSeeds = a.seeds == b.seeds
        var rng = SeededRandom(seed: seed)
        var drawA = Draw(a), drawB = Draw(b)
        return (0..<resamples).map { _ in
            drawA.drawSeeds(&rng)
            if pairedSeeds { drawB.seedDraw = drawA.seedDraw } else { drawB.drawSeeds(&rng) }
            drawA.drawImages(&rng)
            if sharedImages { drawB.imageWeights = drawA.imageWeights } else { drawB.drawImages(&rng) }
            return drawA.statistic() - drawB.statistic()
        }
    }

    static func percentileInterval(estimate: Double, replicates: [Double], level: Double) throws -> ConfidenceInterval {
        guard level > 0, level < 1 else { throw AnalysisError.invalidParameter(name: "level", reason: "must be in (0, 1), got \(level)") }
        let sorted = replicates.sorted()
        return ConfidenceInterval(estimate: estimate, lower: quantile(sorted: sorted, (1 - level) / 2),
                                  upper: quantile(sorted: sorted, (1 + level) / 2), level: level)
    }

    /// One model's current resample: which seed rows were drawn, and how often each image was drawn.
    private struct Draw {
        let scores: SeedScores
        var seedDraw: [Int]
        var imageWeights: [Double]

        init(_ scores: SeedScores) {
            self.scores = scores
            seedDraw = Array(scores.rows.indices)
            imageWeights = [Double](repeating: 1, count: scores.imageCount)
        }

        mutating func drawSeeds(_ rng: inout SeededRandom) {
            let count = scores.rows.count
            for j in 0..<count { seedDraw[j] = rng.int(below: count) }
        }

        mutating func drawImages(_ rng: inout SeededRandom) {
            let n = imageWeights.count
            for i in 0..<n { imageWeights[i] = 0 }
            for _ in 0..<n { imageWeights[rng.int(below: n)] += 1 }
        }

        /// Mean over the drawn seeds of the image-weighted mean of each drawn seed's row.
        func statistic() -> Double {
            let n = Double(imageWeights.count)
            var total = 0.0
            for s in seedDraw {
                let row = scores.rows[s]
                var sum = 0.0
                for i in 0..<row.count { sum += imageWeights[i] * row[i] }
                total += sum / n
            }
            return total / Double(seedDraw.count)
        }
    }
}
