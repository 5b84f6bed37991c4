import Foundation

/// How closely stage 2's EPD (estimated from the image alone) matches stage 1's (computed with the
/// label's caption), over a test set: the cosine of each image's estimate with its own target,
/// against its cosine with the targets of images of other classes, and the KL divergence the
/// stage-2 loss minimises.
public struct EPDAgreement: Sendable, Equatable {
    /// Mean over images of cos(Ẑ_i, Z_i).
    public var ownCosine: Double
    /// Mean over images of the mean of cos(Ẑ_i, Z_j) over the images j of other classes.
    public var otherClassCosine: Double
    /// Mean over images of KL(softmax(Z_i/τ) ‖ softmax(Ẑ_i/τ)).
    public var kl: Double

    /// `ownCosine − otherClassCosine`: positive when estimates point at their own targets more than
    /// at other classes' targets.
    public var cosineMargin: Double { ownCosine - otherClassCosine }

    /// The agreement of `estimates` with `targets` (both `[labels.count, dimension]` row-major).
    public init(targets: [Float], estimates: [Float], dimension d: Int, labels: [Int], tau: Double = 1) throws {
        let n = labels.count
        guard d > 0, n > 0, targets.count == n * d, estimates.count == n * d else {
            throw ChapterError.data("EPD agreement: \(targets.count) target and \(estimates.count) estimate values for \(n) images of dimension \(d)")
        }
        func unit(_ x: [Float], _ i: Int) -> [Double] {
            let row = (0..<d).map { Double(x[i * d + $0]) }
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? row.map { $0 / norm } : row
        }
        let z = (0..<n).map { unit(targets, $0) }, zHat = (0..<n).map { unit(estimates, $0) }
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        var own = 0.0, other = 0.0, otherImages = 0, kl = 0.0
        for i in 0..<n {
            own += dot(zHat[i], z[i])
            var sum = 0.0, count = 0
            for j in 0..<n where labels[j] != labels[i] { sum += dot(zHat[i], z[j]); count += 1 }
            if count > 0 { other += sum / Double(count); otherImages += 1 }
            let p = Self.softmax((0..<d).map { Double(targets[i * d + $0]) / tau })
            let q = Self.softmax((0..<d).map { Double(estimates[i * d + $0]) / tau })
            kl += zip(p, q).reduce(0) { $0 + ($1.0 > 0 ? $1.0 * log($1.0 / max($1.1, .leastNonzeroMagnitude)) : 0) }
        }
        ownCosine = own / Double(n)
        otherClassCosine = otherImages > 0 ? other / Double(otherImages) : 0
        self.kl = kl / Double(n)
    }

    /// Memberwise, for results read back or hand-made cases.
    public init(ownCosine: Double, otherClassCosine: Double, kl: Double) {
        self.ownCosine = ownCosine
        self.otherClassCosine = otherClassCosine
        self.kl = kl
    }

    static func softmax(_ x: [Double]) -> [Double] {
        let m = x.max() ?? 0
        let e = x.map { exp($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }
}
