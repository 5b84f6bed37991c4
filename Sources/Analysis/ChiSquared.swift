import Foundation

/// The χ² distribution's distribution function and quantiles, for the confidence interval of a
/// standard deviation measured over a few training seeds (`MeanAndDeviation.deviationInterval`).
///
/// Written by hand because it is two short functions: Foundation has `lgamma` but no incomplete
/// gamma function, no package in the kit's mirror provides one, and GSL (which does) is GPL and a
/// C dependency for 60 lines. The series and continued fraction are the textbook ones (Abramowitz
/// and Stegun 6.5.29 and 6.5.31); the quantile inverts the distribution function by bisection.
public enum ChiSquared {
    /// P(X ≤ x) for X ~ χ² with `degreesOfFreedom` (≥ 1) degrees of freedom: the regularised lower
    /// incomplete gamma function P(k/2, x/2).
    public static func cdf(_ x: Double, degreesOfFreedom: Int) throws -> Double {
        guard degreesOfFreedom >= 1 else {
            throw AnalysisError.invalidParameter(name: "degreesOfFreedom", reason: "must be ≥ 1, got \(degreesOfFreedom)")
        }
        guard !x.isNaN else { throw AnalysisError.invalidParameter(name: "x", reason: "is not a number") }
        if x <= 0 { return 0 }
        if x == .infinity { return 1 }
        return regularisedLowerGamma(Double(degreesOfFreedom) / 2, x / 2)
    }

    /// The `p`-quantile (0 < p < 1) of χ² with `degreesOfFreedom` degrees of freedom, to a relative
    /// precision of about 1e-12.
    public static func quantile(_ p: Double, degreesOfFreedom: Int) throws -> Double {
        guard p > 0, p < 1 else { throw AnalysisError.invalidParameter(name: "p", reason: "must be in (0, 1), got \(p)") }
        var low = 0.0, high = max(1.0, Double(degreesOfFreedom))
        while try cdf(high, degreesOfFreedom: degreesOfFreedom) < p { low = high; high *= 2 }
        for _ in 0..<200 where high - low > 1e-13 * high {
            let middle = (low + high) / 2
            if try cdf(middle, degreesOfFreedom: degreesOfFreedom) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// P(a, x) for a > 0, x > 0: the series where it converges fast (x < a + 1), otherwise one minus
    /// the continued fraction of the upper function, evaluated by the modified Lentz method.
    private static func regularisedLowerGamma(_ a: Double, _ x: Double) -> Double {
        let logPrefactor = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, n = a
            while abs(term) > abs(sum) * 1e-16 {
                n += 1
                term *= x / n
                sum += term
            }
            return sum * exp(logPrefactor)
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, fraction = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            fraction *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return 1 - exp(logPrefactor) * fraction
    }
}
