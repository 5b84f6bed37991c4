import KitSupport

/// Principal component analysis of a row-major Float matrix: the leading eigenvectors of the
/// sample covariance (denominator n − 1). The covariance is formed in Double; its top eigenpairs
/// come from subspace iteration with a Rayleigh–Ritz step solved by Jacobi (`SymmetricEigen`),
/// which is exact once the subspace spans the whole space (d ≤ components + 8).
public struct PCA: Sendable {
    /// Number of components kept.
    public let components: Int
    /// Input dimensionality.
    public let dimensions: Int
    /// Column means of the fitted data.
    public let mean: [Double]
    /// Principal axes, `components × dimensions`, row-major, unit length, in decreasing variance.
    /// Each axis is signed so that its entry of largest magnitude is positive.
    public let axes: [Double]
    /// Variance along each axis (covariance eigenvalues, denominator n − 1).
    public let explainedVariance: [Double]

    /// Fits the first `components` principal axes of `x` (`rows × columns`, row-major).
    public init(fitting x: [Float], rows: Int, columns: Int, components: Int,
                threads: Int = Parallel.threadCount) throws {
        try checkMatrix(x, rows: rows, columns: columns, name: "x")
        guard rows >= 2 else { throw AnalysisError.invalidParameter(name: "rows", reason: "PCA needs at least 2 rows, got \(rows)") }
        guard components >= 1, components <= columns else {
            throw AnalysisError.invalidParameter(name: "components", reason: "must be in 1...\(columns), got \(components)")
        }
        let d = columns
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<rows { for c in 0..<d { mean[c] += Double(x[i * d + c]) } }
        for c in 0..<d { mean[c] /= Double(rows) }
        let covariance = Self.covariance(x, rows: rows, columns: d, mean: mean, threads: threads)
        let (values, vectors) = Self.topEigenpairs(covariance, n: d, count: components)
        var axes = [Double](repeating: 0, count: components * d)
        for k in 0..<components {
            var largest = 0.0, sign = 1.0
            for r in 0..<d where abs(vectors[r * components + k]) > largest {
                largest = abs(vectors[r * components + k]); sign = vectors[r * components + k] < 0 ? -1 : 1
            }
            for r in 0..<d { axes[k * d + r] = sign * vectors[r * components + k] }
        }
        self.components = components
        dimensions = d
        self.mean = mean
        self.axes = axes
        explainedVariance = values
    }

    /// Projects `x` (`rows × dimensions`) onto the axes: `rows × components`, row-major.
    public func transform(_ x: [Float], rows: Int) throws -> [Double] {
        try checkMatrix(x, rows: rows, columns: dimensions, name: "x")
        var out = [Double](repeating: 0, count: rows * components)
        for i in 0..<rows {
            for k in 0..<components {
                var s = 0.0
                for c in 0..<dimensions { s += (Double(x[i * dimensions + c]) - mean[c]) * axes[k * dimensions + c] }
                out[i * components + k] = s
            }
        }
        return out
    }

    /// Sample covariance (n − 1) of the columns, d × d, each entry summed over rows in a fixed order.
    static func covariance(_ x: [Float], rows: Int, columns d: Int, mean: [Double], threads: Int) -> [Double] {
        // Centred columns, transposed so each column is contiguous.
        var centred = [Double](repeating: 0, count: rows * d)
        for i in 0..<rows { for c in 0..<d { centred[c * rows + i] = Double(x[i * d + c]) - mean[c] } }
        var cov = [Double](repeating: 0, count: d * d)
        let scale = 1 / Double(rows - 1)
        centred.withUnsafeBufferPointer { col in
            cov.withUnsafeMutableBufferPointer { out in
                let shared = SharedPointer(base: out.baseAddress!)
                let base = col.baseAddress!
                Parallel.forEachRange(d, grain: 4, threads: threads) { start, end in
                    let range = start..<end
                    for a in range {
                        let ca = base + a * rows
                        for b in a..<d {
                            let cb = base + b * rows
                            var acc = SIMD4<Double>()
                            var i = 0
                            while i + 4 <= rows {
                                acc += SIMD4(ca[i], ca[i + 1], ca[i + 2], ca[i + 3]) * SIMD4(cb[i], cb[i + 1], cb[i + 2], cb[i + 3])
                                i += 4
                            }
                            var s = acc.sum()
                            while i < rows { s += ca[i] * cb[i]; i += 1 }
                            shared[a * d + b] = s * scale
                        }
                    }
                }
            }
        }
        for a in 0..<d { for b in 0..<a { cov[a * d + b] = cov[b * d + a] } }
        return cov
    }

    /// The `count` largest eigenpairs of the symmetric PSD matrix `c` (n × n): values descending,
    /// vectors as the columns of an n × count row-major matrix.
    static func topEigenpairs(_ c: [Double], n: Int, count: Int) -> (values: [Double], vectors: [Double]) {
        let m = min(n, count + 8)
        var rng = SeededRandom(seed: 0x5CA)
        var q = (0..<(n * m)).map { _ in rng.normal() }
        var values = [Double](repeating: 0, count: m)
        var previous = [Double](repeating: .infinity, count: count)
        for _ in 0..<2000 {
            orthonormaliseColumns(&q, rows: n, columns: m)
            // Rayleigh–Ritz: T = Qᵀ C Q, rotate Q onto T's eigenvectors.
            let cq = multiply(c, q, n: n, m: m)
            var t = [Double](repeating: 0, count: m * m)
            for a in 0..<m { for b in 0..<m {
                var s = 0.0
                for r in 0..<n { s += q[r * m + a] * cq[r * m + b] }
                t[a * m + b] = s
            } }
            for a in 0..<m { for b in 0..<a { let s = 0.5 * (t[a * m + b] + t[b * m + a]); t[a * m + b] = s; t[b * m + a] = s } }
            let (ritz, w) = SymmetricEigen.jacobi(t, n: m)
            values = ritz
            var rotated = [Double](repeating: 0, count: n * m)
            var next = [Double](repeating: 0, count: n * m)
            for r in 0..<n { for b in 0..<m {
                var s = 0.0, s2 = 0.0
                for a in 0..<m { s += q[r * m + a] * w[a * m + b]; s2 += cq[r * m + a] * w[a * m + b] }
                rotated[r * m + b] = s
                next[r * m + b] = s2
            } }
            if m == n { q = rotated; break }
            let scale = max(abs(values[0]), .leastNormalMagnitude)
            let converged = (0..<count).allSatisfy { abs(values[$0] - previous[$0]) <= 1e-13 * scale }
            previous = Array(values[0..<count])
            q = converged ? rotated : next
            if converged { break }
        }
        var vectors = [Double](repeating: 0, count: n * count)
        for r in 0..<n { for k in 0..<count { vectors[r * count + k] = q[r * m + k] } }
        return (Array(values[0..<count]), vectors)
    }

    private static func multiply(_ c: [Double], _ q: [Double], n: Int, m: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n * m)
        for r in 0..<n { for k in 0..<n {
            let crk = c[r * n + k]
            if crk == 0 { continue }
            for b in 0..<m { out[r * m + b] += crk * q[k * m + b] }
        } }
        return out
    }

    /// Modified Gram–Schmidt on the columns of a row-major rows × columns matrix (twice, for
    /// orthogonality to rounding).
    private static func orthonormaliseColumns(_ q: inout [Double], rows: Int, columns: Int) {
        for _ in 0..<2 {
            for b in 0..<columns {
                for a in 0..<b {
                    var dot = 0.0
                    for r in 0..<rows { dot += q[r * columns + a] * q[r * columns + b] }
                    for r in 0..<rows { q[r * columns + b] -= dot * q[r * columns + a] }
                }
                var norm = 0.0
                for r in 0..<rows { norm += q[r * columns + b] * q[r * columns + b] }
                norm = norm.squareRoot()
                let inv = norm > 0 ? 1 / norm : 0
                for r in 0..<rows { q[r * columns + b] *= inv }
            }
        }
    }
}
