import KitSupport

/// Synthetic labelled data: isotropic Gaussian clusters, for tests and benchmarks.
public struct GaussianClusters: Sendable {
    /// Points, `count × dimensions`, row-major.
    public let points: [Float]
    /// Class of each point, `i % classes`.
    public let labels: [Int]
    /// Number of points and their dimensionality.
    public let count: Int, dimensions: Int

    /// `count` points in `classes` clusters: centres drawn from N(0, centreSpread² I), points from
    /// N(centre, I), all from one seeded stream.
    public init(count: Int, dimensions: Int, classes: Int, centreSpread: Double, seed: UInt64) throws {
        guard count >= 1, dimensions >= 1, classes >= 1 else {
            throw AnalysisError.invalidParameter(name: "GaussianClusters", reason: "count, dimensions and classes must be ≥ 1")
        }
        var rng = SeededRandom(seed: seed)
        let centres = (0..<(classes * dimensions)).map { _ in centreSpread * rng.normal() }
        var points = [Float](repeating: 0, count: count * dimensions)
        var labels = [Int](repeating: 0, count: count)
        for i in 0..<count {
            let c = i % classes
            labels[i] = c
            for d in 0..<dimensions { points[i * dimensions + d] = Float(centres[c * dimensions + d] + rng.normal()) }
        }
        self.points = points
        self.labels = labels
        self.count = count
        self.dimensions = dimensions
    }
}
