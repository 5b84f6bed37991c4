/// Checks the tape's gradients against central finite differences, for tests of this module and
/// of every module built on it.
///
/// The function under test may return any shape: it is reduced to the scalar `Σ f(x)·r` with a
/// fixed random projection `r`, so every output element's gradient path is exercised. Sums of
/// the perturbed outputs are accumulated in Double.
public enum GradientCheck {
    /// The comparison of one check.
    public struct Result: Sendable, CustomStringConvertible {
        /// The largest `|analytic − numeric| / (absoluteTolerance + relativeTolerance·|numeric|)`;
        /// the check passes when it is at most 1.
        public let worstRatio: Double
        /// The largest absolute difference between analytic and numeric gradients.
        public let maxAbsoluteError: Double
        /// Where the worst ratio occurred: variable index, element index, analytic, numeric.
        public let worst: (variable: Int, element: Int, analytic: Double, numeric: Double)
        /// Number of gradient elements compared.
        public let checked: Int

        /// True when every element is within tolerance.
        public var passed: Bool { worstRatio <= 1 }

        /// A one-line summary with the worst element.
        public var description: String {
            "gradient check over \(checked) elements: worst ratio \(worstRatio) at variable \(worst.variable) "
                + "element \(worst.element) (analytic \(worst.analytic), numeric \(worst.numeric)); "
                + "max abs error \(maxAbsoluteError)"
        }
    }

    /// Compares d(Σ f·r)/d(variable) from `backward()` with central differences of step
    /// `epsilon`, element by element; `f` must be deterministic (re-seed any random stream
    /// inside it). Leaves the variables' values as they were and their `grad` cleared.
    public static func check(_ variables: [Variable], epsilon: Float = 1e-2, absoluteTolerance: Double = 1e-3,
                             relativeTolerance: Double = 1e-2, seed: UInt64 = 0x6C6C_6469,
                             _ f: () -> Tensor) -> Result {
        var stream = RandomStream(seed: seed)
        let probe = Tensor.withoutGradients { f() }
        let projection = Tensor.normal(probe.shape, using: &stream)

        for v in variables { v.zeroGrad() }
        let output = f()
        (output * projection).sum().backward()
        let analytic = variables.map { v in v.grad?.scalars ?? [Float](repeating: 0, count: v.value.count) }
        for v in variables { v.zeroGrad() }

        func projected() -> Double {
            let y = Tensor.withoutGradients { f() }
            require(y.shape == projection.shape, "GradientCheck: f changed its output shape")
            var s: Double = 0
            y.withUnsafeBufferPointer { py in
                projection.withUnsafeBufferPointer { pr in
                    for i in 0..<py.count { s += Double(py[i]) * Double(pr[i]) }
                }
            }
            return s
        }

        var worstRatio = 0.0, maxAbs = 0.0, checked = 0
        var worst = (variable: 0, element: 0, analytic: 0.0, numeric: 0.0)
        for (k, v) in variables.enumerated() {
            for i in 0..<v.value.count {
                let original = v.withUnsafeMutableValues { $0[i] }
                v.withUnsafeMutableValues { $0[i] = original + epsilon }
                let plus = projected()
                v.withUnsafeMutableValues { $0[i] = original - epsilon }
                let minus = projected()
                v.withUnsafeMutableValues { $0[i] = original }
                let numeric = (plus - minus) / (2 * Double(epsilon))
                let a = Double(analytic[k][i])
                let error = Swift.abs(a - numeric)
                let ratio = error / (absoluteTolerance + relativeTolerance * Swift.abs(numeric))
                maxAbs = Swift.max(maxAbs, error)
                if ratio > worstRatio || checked == 0 {
                    worstRatio = ratio
                    worst = (k, i, a, numeric)
                }
                checked += 1
            }
        }
        return Result(worstRatio: worstRatio, maxAbsoluteError: maxAbs, worst: worst, checked: checked)
    }
}
