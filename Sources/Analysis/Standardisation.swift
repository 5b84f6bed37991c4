/// `x` (`rows × columns`, row-major) with each column shifted to mean 0 and scaled to standard
/// deviation 1 (population deviation; constant columns are left at 0). Features are standardised
/// before neighbourhood measures so that no single large-scale dimension decides the neighbours.
public func standardisedColumns(_ x: [Float], rows: Int, columns: Int) throws -> [Float] {
    guard rows > 0, columns > 0, x.count == rows * columns else {
        throw AnalysisError.shapeMismatch(argument: "x", expected: rows * columns, actual: x.count)
    }
    var out = x
    for j in 0..<columns {
        var mean = 0.0, square = 0.0
        for i in 0..<rows { let v = Double(x[i * columns + j]); mean += v; square += v * v }
        mean /= Double(rows)
        let sd = max(0, square / Double(rows) - mean * mean).squareRoot()
        for i in 0..<rows { out[i * columns + j] = sd > 1e-12 ? Float((Double(x[i * columns + j]) - mean) / sd) : 0 }
    }
    return out
}
