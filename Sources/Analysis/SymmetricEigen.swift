/// Eigen-decomposition of small dense symmetric matrices. Hand-written because no LAPACK binding
/// is set up in the kit and the Analysis module must stay independent of the Tensor engine: the
/// cyclic Jacobi method is short, unconditionally stable and accurate to rounding for the small
/// (Rayleigh–Ritz) matrices that `PCA` hands it.
enum SymmetricEigen {
    /// Eigenvalues (descending) and eigenvectors (`vectors[r * n + c]` is entry r of vector c) of
    /// the symmetric n × n matrix `a` (row-major).
    static func jacobi(_ a: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
        var a = a
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        var total = 0.0
        for x in a { total += x * x }
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<max(p + 1, n) { off += a[p * n + q] * a[p * n + q] } }
            if off <= 1e-30 * max(total, .leastNormalMagnitude) { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    let apq = a[p * n + q]
                    if apq == 0 { continue }
                    // Rotation angle that zeroes a[p][q]: t = tan θ, the smaller root.
                    let tau = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (tau >= 0 ? 1 : -1) / (abs(tau) + (1 + tau * tau).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] || (a[$0 * n + $0] == a[$1 * n + $1] && $0 < $1) }
        var values = [Double](repeating: 0, count: n)
        var vectors = [Double](repeating: 0, count: n * n)
        for (newColumn, old) in order.enumerated() {
            values[newColumn] = a[old * n + old]
            for r in 0..<n { vectors[r * n + newColumn] = v[r * n + old] }
        }
        return (values, vectors)
    }
}
