import Foundation
import KitSupport

/// The symmetric joint probabilities P of t-SNE in compressed sparse rows: p_ij for the pairs
/// kept (all pairs for the exact method, the k nearest neighbours for Barnes–Hut), normalised so
/// that all entries sum to 1.
public struct JointProbabilities: Sendable {
    /// Number of points.
    public let count: Int
    /// Row `i` holds entries `rowStart[i]..<rowStart[i + 1]`.
    public let rowStart: [Int]
    /// Column (neighbour index) of each entry, ascending within a row.
    public let columns: [Int32]
    /// p_ij of each entry.
    public let values: [Float]

    /// P from the Gaussian conditionals of every point over its `neighbours` nearest points
    /// (squared Euclidean distances in the input space), each σ_i found by binary search so that
    /// the conditional has the given perplexity, then symmetrised: P = (C + Cᵀ) / sum, as in
    /// scikit-learn's `_joint_probabilities_nn`. `neighbours = rows − 1` gives the exact P.
    public init(_ x: [Float], rows: Int, columns d: Int, perplexity: Double, neighbours: Int,
                threads: Int = Parallel.threadCount) throws {
        try checkMatrix(x, rows: rows, columns: d, name: "x")
        guard rows >= 2 else { throw AnalysisError.invalidParameter(name: "rows", reason: "t-SNE needs at least 2 points, got \(rows)") }
        guard neighbours >= 1, neighbours <= rows - 1 else {
            throw AnalysisError.invalidParameter(name: "neighbours", reason: "must be in 1...\(rows - 1), got \(neighbours)")
        }
        guard perplexity > 0, perplexity < Double(rows) else {
            throw AnalysisError.invalidParameter(name: "perplexity", reason: "must be in (0, \(rows)), got \(perplexity)")
        }
        let knn = NearestNeighbours(DistanceRows(x, rows: rows, columns: d), k: neighbours, threads: threads)
        self.init(nearest: knn, count: rows, perplexity: perplexity, threads: threads)
    }

    init(nearest knn: NearestNeighbours, count n: Int, perplexity: Double, threads: Int) {
        let k = knn.k
        var conditional = [Float](repeating: 0, count: n * k)
        conditional.withUnsafeMutableBufferPointer { out in
            let shared = SharedPointer(base: out.baseAddress!)
            knn.squaredDistances.withUnsafeBufferPointer { dist in
                let distances = dist.baseAddress!
                Parallel.forEachRange(n, grain: 64, threads: threads) { start, end in
                    let range = start..<end
                    var row = [Double](repeating: 0, count: k)
                    for i in range {
                        _ = calibrateRow(UnsafeBufferPointer(start: distances + i * k, count: k),
                                         perplexity: perplexity, into: &row)
                        for m in 0..<k { shared[i * k + m] = Float(row[m]) }
                    }
                }
            }
        }
        // Symmetrise: every conditional entry (i, j) adds to both (i, j) and (j, i).
        var degree = [Int](repeating: 0, count: n + 1)
        for i in 0..<n { for m in 0..<k { degree[i] += 1; degree[Int(knn.indices[i * k + m])] += 1 } }
        var start = [Int](repeating: 0, count: n + 1)
        for i in 0..<n { start[i + 1] = start[i] + degree[i] }
        var fill = start
        var rawColumns = [Int32](repeating: 0, count: start[n])
        var rawValues = [Float](repeating: 0, count: start[n])
        for i in 0..<n {
            for m in 0..<k {
                let j = Int(knn.indices[i * k + m]), p = conditional[i * k + m]
                rawColumns[fill[i]] = Int32(j); rawValues[fill[i]] = p; fill[i] += 1
                rawColumns[fill[j]] = Int32(i); rawValues[fill[j]] = p; fill[j] += 1
            }
        }
        // Sort each row by column and merge duplicates; sum in Double in a fixed order.
        var rowStart = [0]
        var columns = [Int32](), values = [Double]()
        columns.reserveCapacity(start[n]); values.reserveCapacity(start[n])
        var total = 0.0
        for i in 0..<n {
            let entries = (start[i]..<start[i + 1]).sorted { rawColumns[$0] < rawColumns[$1] || (rawColumns[$0] == rawColumns[$1] && $0 < $1) }
            var e = 0
            while e < entries.count {
                let column = rawColumns[entries[e]]
                var p = 0.0
                while e < entries.count && rawColumns[entries[e]] == column { p += Double(rawValues[entries[e]]); e += 1 }
                columns.append(column); values.append(p)
                total += p
            }
            rowStart.append(columns.count)
        }
        let scale = 1 / max(total, Double.ulpOfOne)
        count = n
        self.rowStart = rowStart
        self.columns = columns
        self.values = values.map { Float($0 * scale) }
    }
}

/// The Gaussian conditional distribution p_{j|i} over one point's neighbours, with its precision
/// β_i = 1 / (2σ_i²) found by bisection so that the entropy (natural log) equals log(perplexity)
/// within 1e-5, in at most 100 steps (scikit-learn's `_binary_search_perplexity` rule).
/// Returns the probabilities (summing to 1), β and the achieved entropy.
public func perplexityCalibratedProbabilities(squaredDistances: [Float], perplexity: Double)
    throws -> (probabilities: [Double], beta: Double, entropy: Double) {
    guard !squaredDistances.isEmpty else { throw AnalysisError.invalidParameter(name: "squaredDistances", reason: "is empty") }
    guard perplexity > 0 else { throw AnalysisError.invalidParameter(name: "perplexity", reason: "must be positive, got \(perplexity)") }
    if let bad = squaredDistances.firstIndex(where: { !$0.isFinite }) {
        throw AnalysisError.nonFinite(argument: "squaredDistances", index: bad)
    }
    if let bad = squaredDistances.firstIndex(where: { $0 < 0 }) {
        throw AnalysisError.invalidParameter(name: "squaredDistances[\(bad)]", reason: "is negative (\(squaredDistances[bad]))")
    }
    var row = [Double](repeating: 0, count: squaredDistances.count)
    let (beta, entropy) = squaredDistances.withUnsafeBufferPointer { calibrateRow($0, perplexity: perplexity, into: &row) }
    return (row, beta, entropy)
}

/// Bisection on β for one row; writes the normalised probabilities into `p`.
func calibrateRow(_ distances: UnsafeBufferPointer<Float>, perplexity: Double, into p: inout [Double]) -> (beta: Double, entropy: Double) {
    let target = log(perplexity)
    var beta = 1.0, betaMin = -Double.infinity, betaMax = Double.infinity
    var entropy = 0.0, usedBeta = beta
    for _ in 0..<100 {
        usedBeta = beta
        var sum = 0.0
        for m in 0..<distances.count { p[m] = exp(-Double(distances[m]) * beta); sum += p[m] }
        if sum == 0 { sum = 1e-8 }
        var weighted = 0.0
        for m in 0..<distances.count { p[m] /= sum; weighted += Double(distances[m]) * p[m] }
        entropy = log(sum) + beta * weighted
        let gap = entropy - target
        if abs(gap) <= 1e-5 { break }
        if gap > 0 {
            betaMin = beta
            beta = betaMax == .infinity ? beta * 2 : (beta + betaMax) / 2
        } else {
            betaMax = beta
            beta = betaMin == -.infinity ? beta / 2 : (beta + betaMin) / 2
        }
    }
    return (usedBeta, entropy)
}
