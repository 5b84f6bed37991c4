import Analysis
import KitSupport
import Testing

/// The hierarchical bootstrap against hand-computed distributions, degenerate cases, its pairing
/// rules, and a known answer (Bernoulli hits with a known difference).
@Suite struct HierarchicalBootstrapTests {
    func scores(_ rows: [[Double]], seeds: [Int]? = nil) throws -> SeedScores {
        try SeedScores(seeds: seeds ?? Array(rows.indices), rows: rows)
    }

    /// The share of `values` equal to `x`.
    func share(_ values: [Double], _ x: Double) -> Double {
        Double(values.filter { abs($0 - x) < 1e-12 }.count) / Double(values.count)
    }

    @Test func oneSeedTwoImagesFollowsTheHandComputedDistribution() throws {
        // Resampling {0, 1} twice: mean 0 with probability 1/4, 1/2 with 1/2, 1 with 1/4.
        let bootstrap = try HierarchicalBootstrap(resamples: 8000, seed: 1)
        let values = bootstrap.replicates(of: try scores([[0, 1]]))
        #expect(abs(share(values, 0) - 0.25) < 0.02)
        #expect(abs(share(values, 0.5) - 0.5) < 0.02)
        #expect(abs(share(values, 1) - 0.25) < 0.02)
        let interval = bootstrap.interval(of: try scores([[0, 1]]))
        #expect(interval.estimate == 0.5)
        #expect(interval.ci95.lower == 0 && interval.ci95.upper == 1)
        #expect(interval.ci90.lower == 0 && interval.ci90.upper == 1)
        #expect(interval.seeds == 1 && interval.images == 2)
    }

    @Test func seedsAreResampledToo() throws {
        // Seed 0 gets every image right, seed 1 none: whatever the images drawn, the statistic is the
        // share of seed-0 draws among two: 0, 1/2 or 1 with probabilities 1/4, 1/2, 1/4.
        let bootstrap = try HierarchicalBootstrap(resamples: 8000, seed: 2)
        let values = bootstrap.replicates(of: try scores([[1, 1, 1], [0, 0, 0]]))
        #expect(abs(share(values, 0) - 0.25) < 0.02)
        #expect(abs(share(values, 0.5) - 0.5) < 0.02)
        #expect(abs(share(values, 1) - 0.25) < 0.02)
    }

    @Test func degenerateSamplesGiveZeroWidthIntervals() throws {
        let bootstrap = try HierarchicalBootstrap(resamples: 200, seed: 3)
        let single = bootstrap.interval(of: try scores([[1]]))
        #expect(single.ci95.lower == 1 && single.ci95.upper == 1)
        let constant = bootstrap.interval(of: try scores([[0.7, 0.7, 0.7], [0.7, 0.7, 0.7]]))
        #expect(abs(constant.ci95.upper - constant.ci95.lower) < 1e-12 && abs(constant.estimate - 0.7) < 1e-12)
        // Identical predictions of two models on the same images and seeds: every resample scores 0.
        let hits = try scores([[1, 0, 1, 1, 0], [0, 0, 1, 1, 1]])
        let same = try bootstrap.interval(of: hits, minus: hits, sharedImages: true)
        #expect(same.estimate == 0 && same.ci95.lower == 0 && same.ci95.upper == 0 && same.ci90.lower == 0 && same.ci90.upper == 0)
    }

    @Test func isAPureFunctionOfItsSeed() throws {
        let a = try scores([[1, 0, 1, 1, 0, 1], [0, 0, 1, 1, 1, 1]])
        let first = try HierarchicalBootstrap(resamples: 300, seed: 7).interval(of: a)
        #expect(first == (try HierarchicalBootstrap(resamples: 300, seed: 7).interval(of: a)))
        #expect(first != (try HierarchicalBootstrap(resamples: 300, seed: 8).interval(of: a)))
        #expect(first.ci95.lower <= first.ci90.lower && first.ci90.upper <= first.ci95.upper)
    }

    @Test func pairingOnImagesRemovesTheSharedImageVariance() throws {
        // B is A with two images flipped to hits: paired, every resample's difference is −(flips
        // drawn)/n, a narrow interval; unpaired, each side's own image variance adds in.
        var rng = SeededRandom(seed: 4)
        let a = (0..<200).map { _ in rng.uniform() < 0.5 ? 1.0 : 0.0 }
        var b = a
        for i in a.indices.filter({ a[$0] == 0 }).prefix(2) { b[i] = 1 }
        let bootstrap = try HierarchicalBootstrap(resamples: 1000, seed: 5)
        let paired = try bootstrap.interval(of: try scores([a]), minus: try scores([b]), sharedImages: true)
        let unpaired = try bootstrap.interval(of: try scores([a]), minus: try scores([b]), sharedImages: false)
        #expect(abs(paired.estimate + 0.01) < 1e-12)
        #expect(paired.ci95.upper <= 0)
        #expect(unpaired.ci95.upper - unpaired.ci95.lower > 5 * (paired.ci95.upper - paired.ci95.lower))
    }

    @Test func seedsArePairedOnlyWhenTheSeedListsAgree() throws {
        let rows: [[Double]] = [[1, 1, 1, 1], [0, 0, 0, 0], [1, 0, 1, 0]]
        let bootstrap = try HierarchicalBootstrap(resamples: 500, seed: 6)
        let paired = try bootstrap.interval(of: try scores(rows), minus: try scores(rows), sharedImages: true)
        #expect(paired.ci95.lower == 0 && paired.ci95.upper == 0)
        let other = try bootstrap.interval(of: try scores(rows), minus: try scores(rows, seeds: [3, 4, 5]), sharedImages: true)
        #expect(other.ci95.upper - other.ci95.lower > 0.3, "different seed sets are drawn independently")
    }

    @Test func seedLevelVarianceWidensTheInterval() throws {
        // Three seeds that disagree strongly (accuracy 0.3, 0.7, 0.5): the two-level interval must be
        // much wider than resampling the images of the seed-mean hit rates alone.
        var rng = SeededRandom(seed: 9)
        let n = 300
        let rows = [0.3, 0.7, 0.5].map { p in (0..<n).map { _ in rng.uniform() < p ? 1.0 : 0.0 } }
        let bootstrap = try HierarchicalBootstrap(resamples: 2000, seed: 10)
        let twoLevel = bootstrap.interval(of: try scores(rows))
        let meanRates = (0..<n).map { i in rows.reduce(0) { $0 + $1[i] } / 3 }
        let imagesOnly = bootstrap.interval(of: try scores([meanRates]))
        #expect(abs(twoLevel.estimate - imagesOnly.estimate) < 1e-12)
        #expect(twoLevel.ci95.upper - twoLevel.ci95.lower > 3 * (imagesOnly.ci95.upper - imagesOnly.ci95.lower))
    }

    @Test func coversAKnownDifferenceAtAboutTheNominalRate() throws {
        // Two independent Bernoulli samples, p = 0.6 and 0.5, n = 400 each: the 95 % interval of the
        // difference should cover 0.1 in about 95 % of replications, and be about
        // 2 × 1.96 × √(0.24/400 + 0.25/400) ≈ 0.137 wide.
        let (n, replications) = (400, 200)
        var rng = SeededRandom(seed: 11)
        var covered = 0, width = 0.0
        for r in 0..<replications {
            let a = (0..<n).map { _ in rng.uniform() < 0.6 ? 1.0 : 0.0 }
            let b = (0..<n).map { _ in rng.uniform() < 0.5 ? 1.0 : 0.0 }
            let interval = try HierarchicalBootstrap(resamples: 1000, seed: UInt64(100 + r))
                .interval(of: try scores([a]), minus: try scores([b]), sharedImages: false)
            if interval.ci95.lower <= 0.1 && 0.1 <= interval.ci95.upper { covered += 1 }
            width += (interval.ci95.upper - interval.ci95.lower) / Double(replications)
        }
        let coverage = Double(covered) / Double(replications)
        let analytic = 2 * 1.96 * (0.24 / 400 + 0.25 / 400).squareRoot()
        #expect(coverage >= 0.89 && coverage <= 0.99, "coverage \(coverage)")
        #expect(abs(width - analytic) < 0.1 * analytic, "width \(width) against \(analytic)")
    }

    @Test func coversWhenImagesAreSharedAcrossSeeds() throws {
        // Images have their own difficulty (every seed finds the same images hard): drawing the images
        // once for all seeds keeps that variance, so the interval still covers the population mean.
        let (n, seeds, replications) = (300, 3, 150)
        var rng = SeededRandom(seed: 12)
        var covered = 0
        for r in 0..<replications {
            let difficulty = (0..<n).map { _ in rng.uniform() < 0.5 ? 0.9 : 0.3 }  // population mean 0.6
            let rows = (0..<seeds).map { _ in difficulty.map { rng.uniform() < $0 ? 1.0 : 0.0 } }
            let interval = try HierarchicalBootstrap(resamples: 1000, seed: UInt64(500 + r)).interval(of: try scores(rows))
            if interval.ci95.lower <= 0.6 && 0.6 <= interval.ci95.upper { covered += 1 }
        }
        let coverage = Double(covered) / Double(replications)
        #expect(coverage >= 0.88, "coverage \(coverage)")
    }

    @Test func badInputIsNamed() throws {
        #expect(throws: AnalysisError.self) { try SeedScores(seeds: [0, 1], rows: [[1, 0], [1]]) }
        #expect(throws: AnalysisError.self) { try SeedScores(seeds: [0], rows: [[1, 0], [1, 0]]) }
        #expect(throws: AnalysisError.self) { try SeedScores(seeds: [0, 0], rows: [[1], [0]]) }
        #expect(throws: AnalysisError.self) { try SeedScores(seeds: [0], rows: [[.nan]]) }
        #expect(throws: AnalysisError.self) { try HierarchicalBootstrap(resamples: 1, seed: 0) }
        let a = try scores([[1, 0, 1]]), b = try scores([[1, 0]])
        #expect(throws: AnalysisError.self) { try HierarchicalBootstrap(seed: 0).interval(of: a, minus: b, sharedImages: true) }
        #expect(throws: AnalysisError.self) { try HierarchicalBootstrap(seed: 0).interval(of: a, level: 1) }
    }
}
