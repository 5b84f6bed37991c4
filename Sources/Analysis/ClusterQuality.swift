import KitSupport

/// Numbers that say how well classes separate, so a t-SNE comparison does not rest on a picture.

/// Checks labels: one per row, all ≥ 0. Returns the number of classes (largest label + 1).
private func checkLabels(_ labels: [Int], rows: Int, name: String) throws -> Int {
    guard labels.count == rows else { throw AnalysisError.lengthMismatch(first: "points", firstCount: rows, second: name, secondCount: labels.count) }
    if let bad = labels.firstIndex(where: { $0 < 0 }) { throw AnalysisError.invalidLabel(argument: name, index: bad, label: labels[bad]) }
    return (labels.max() ?? -1) + 1
}

/// Mean silhouette coefficient of `x` (`rows × columns`) under `labels`, Euclidean distance, as
/// scikit-learn's `silhouette_score`: the mean of `silhouetteValues`.
public func silhouetteScore(_ x: [Float], rows: Int, columns: Int, labels: [Int],
                            threads: Int = Parallel.threadCount) throws -> Double {
    try silhouetteValues(x, rows: rows, columns: columns, labels: labels, threads: threads).reduce(0, +) / Double(rows)
}

/// The silhouette of each point of `x` (`rows × columns`) under `labels`, Euclidean distance, as
/// scikit-learn's `silhouette_samples`: s_i = (b_i − a_i) / max(a_i, b_i), where a_i is the mean
/// distance to the other members of i's class and b_i the smallest mean distance to another
/// class; s_i = 0 for a point alone in its class. Needs 2 ≤ distinct labels ≤ rows − 1.
public func silhouetteValues(_ x: [Float], rows: Int, columns: Int, labels: [Int],
                             threads: Int = Parallel.threadCount) throws -> [Double] {
    try checkMatrix(x, rows: rows, columns: columns, name: "x")
    let classes = try checkLabels(labels, rows: rows, name: "labels")
    var sizes = [Int](repeating: 0, count: classes)
    for l in labels { sizes[l] += 1 }
    let distinct = sizes.filter { $0 > 0 }.count
    guard distinct >= 2, distinct <= rows - 1 else {
        throw AnalysisError.invalidParameter(name: "labels", reason: "silhouette needs 2...\(rows - 1) distinct labels, got \(distinct)")
    }
    var scores = [Double](repeating: 0, count: rows)
    scores.withUnsafeMutableBufferPointer { out in
        let shared = SharedPointer(base: out.baseAddress!)
        forEachDistanceRow(DistanceRows(x, rows: rows, columns: columns), threads: threads) { i, row in
            var sums = [Double](repeating: 0, count: classes)
            for j in 0..<rows where j != i { sums[labels[j]] += Double(row[j]).squareRoot() }
            let own = labels[i]
            guard sizes[own] > 1 else { shared[i] = 0; return }
            let a = sums[own] / Double(sizes[own] - 1)
            var b = Double.infinity
            for c in 0..<classes where c != own && sizes[c] > 0 { b = min(b, sums[c] / Double(sizes[c])) }
            let denominator = max(a, b)
            shared[i] = denominator > 0 ? (b - a) / denominator : 0
        }
    }
    return scores
}

/// Leave-one-out k-nearest-neighbour accuracy (Euclidean): the mean of `leaveOneOutKNNHits`.
public func leaveOneOutKNNAccuracy(_ x: [Float], rows: Int, columns: Int, labels: [Int], neighbours k: Int = 5,
                                   threads: Int = Parallel.threadCount) throws -> Double {
    try leaveOneOutKNNHits(x, rows: rows, columns: columns, labels: labels, neighbours: k, threads: threads)
        .reduce(0, +) / Double(rows)
}

/// Per point, 1 when leave-one-out k-nearest-neighbour classification (Euclidean) gets its label
/// right, else 0: each point is classified by a majority vote of its `neighbours` nearest other
/// points. Ties in the vote go to the tied class whose member is nearest to the point; ties in
/// distance are broken by the lower point index.
public func leaveOneOutKNNHits(_ x: [Float], rows: Int, columns: Int, labels: [Int], neighbours k: Int = 5,
                               threads: Int = Parallel.threadCount) throws -> [Double] {
    try checkMatrix(x, rows: rows, columns: columns, name: "x")
    let classes = try checkLabels(labels, rows: rows, name: "labels")
    guard k >= 1, k <= rows - 1 else { throw AnalysisError.invalidParameter(name: "neighbours", reason: "must be in 1...\(rows - 1), got \(k)") }
    let knn = NearestNeighbours(DistanceRows(x, rows: rows, columns: columns), k: k, threads: threads)
    var hits = [Double](repeating: 0, count: rows)
    var votes = [Int](repeating: 0, count: classes)
    for i in 0..<rows {
        for c in 0..<classes { votes[c] = 0 }
        for m in 0..<k { votes[labels[Int(knn.indices[i * k + m])]] += 1 }
        let top = votes.max()!
        // The nearest neighbour whose class has the top vote decides.
        var predicted = -1
        for m in 0..<k where votes[labels[Int(knn.indices[i * k + m])]] == top {
            predicted = labels[Int(knn.indices[i * k + m])]; break
        }
        if predicted == labels[i] { hits[i] = 1 }
    }
    return hits
}

/// Trustworthiness of an embedding (Venna & Kaski; scikit-learn's `trustworthiness`):
/// T(k) = 1 − 2 / (n k (2n − 3k − 1)) Σ_i Σ_{j ∈ U_i} (r(i, j) − k), where U_i are the k nearest
/// neighbours of i in the embedding that are not among its k nearest in the original space and
/// r(i, j) is j's rank among i's neighbours in the original space (1 = nearest; equal distances
/// ranked by lower index). Needs k < n / 2. Equals 1 when every embedding neighbourhood is an
/// original one.
public func trustworthiness(original x: [Float], embedding y: [Float], rows: Int, originalColumns: Int,
                            embeddingColumns: Int, neighbours k: Int = 5,
                            threads: Int = Parallel.threadCount) throws -> Double {
    try checkMatrix(x, rows: rows, columns: originalColumns, name: "original")
    try checkMatrix(y, rows: rows, columns: embeddingColumns, name: "embedding")
    guard k >= 1, Double(k) < Double(rows) / 2 else {
        throw AnalysisError.invalidParameter(name: "neighbours", reason: "must be ≥ 1 and < rows / 2 = \(Double(rows) / 2), got \(k)")
    }
    let embedded = NearestNeighbours(DistanceRows(y, rows: rows, columns: embeddingColumns), k: k, threads: threads)
    var penalties = [Int](repeating: 0, count: rows)
    penalties.withUnsafeMutableBufferPointer { out in
        let shared = SharedPointer(base: out.baseAddress!)
        forEachDistanceRow(DistanceRows(x, rows: rows, columns: originalColumns), threads: threads) { i, row in
            var penalty = 0
            for m in 0..<k {
                let j = Int(embedded.indices[i * k + m])
                let dj = row[j]
                var rank = 1
                for other in 0..<rows where other != i && (row[other] < dj || (row[other] == dj && other < j)) { rank += 1 }
                penalty += max(0, rank - k)
            }
            shared[i] = penalty
        }
    }
    let total = Double(penalties.reduce(0, +))
    let n = Double(rows), kk = Double(k)
    return 1 - total * 2 / (n * kk * (2 * n - 3 * kk - 1))
}
