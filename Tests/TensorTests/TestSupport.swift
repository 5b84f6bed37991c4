import Testing
import Tensor

/// A trainable variable with uniform values in `[low, high)` from a seeded stream.
func randomVariable(_ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1) -> Variable {
    var stream = RandomStream(seed: seed)
    return Variable(Tensor.uniform(shape, low: low, high: high, using: &stream))
}

/// Values in `[low, high)` as a constant tensor.
func randomTensor(_ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1) -> Tensor {
    var stream = RandomStream(seed: seed)
    return Tensor.uniform(shape, low: low, high: high, using: &stream)
}

/// Expects the tape's gradients of `f` with respect to `variables` to match finite differences.
func expectGradients(_ variables: [Variable], epsilon: Float = 1e-2, absoluteTolerance: Double = 2e-3,
                     relativeTolerance: Double = 1e-2, sourceLocation: SourceLocation = #_sourceLocation,
                     _ f: () -> Tensor) {
    let result = GradientCheck.check(variables, epsilon: epsilon, absoluteTolerance: absoluteTolerance,
                                     relativeTolerance: relativeTolerance, f)
    #expect(result.checked > 0, sourceLocation: sourceLocation)
    #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
}

/// Expects two value lists to agree within `tolerance`.
func expectClose(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.count == b.count, "\(a.count) values vs \(b.count)", sourceLocation: sourceLocation)
    let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
    #expect(worst <= tolerance, "max difference \(worst): \(a.prefix(12)) vs \(b.prefix(12))", sourceLocation: sourceLocation)
}

/// Expects `got` to hold exactly the bits of `want`, element by element; `what` names them.
func expectSameBits(_ got: [Float], _ want: [Float], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let differing = zip(got, want).filter { $0.bitPattern != $1.bitPattern }.count
    #expect(got.count == want.count && differing == 0, "\(what): \(differing) of \(want.count) values differ",
            sourceLocation: sourceLocation)
}

/// A small seeded generator for test data (splitmix64), independent of the engine's own streams.
struct TestRandom {
    var state: UInt64
    mutating func next() -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Float(z >> 40) / Float(1 << 24) * 2 - 1
    }
    mutating func array(_ count: Int) -> [Float] { (0..<count).map { _ in next() } }
}

/// The largest error of `got` against `want`, relative to each element's magnitude.
func worstRelativeError(_ got: [Float], _ want: [Double], _ magnitude: [Double]) -> Double {
    zip(got.indices, got).map { i, x in abs(Double(x) - want[i]) / max(magnitude[i], 1e-20) }.max() ?? 0
}
