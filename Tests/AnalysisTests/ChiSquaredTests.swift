import Analysis
import Foundation
import Testing

@Suite struct ChiSquaredTests {
    /// With 2 degrees of freedom χ² is exponential with mean 2: F(x) = 1 − e^(−x/2), q(p) = −2 ln(1 − p).
    @Test func twoDegreesOfFreedomInClosedForm() throws {
        for x in [0.01, 0.5, 1.386, 3, 7.4, 20] {
            #expect(close(try ChiSquared.cdf(x, degreesOfFreedom: 2), 1 - exp(-x / 2), absolute: 1e-14, relative: 1e-12))
        }
        for p in [0.001, 0.025, 0.5, 0.975, 0.999] {
            #expect(close(try ChiSquared.quantile(p, degreesOfFreedom: 2), -2 * log(1 - p), absolute: 0, relative: 1e-10))
        }
    }

    @Test func matchesSciPy() throws {
        let rows = Reference.json["chi_squared"] as! [[String: Any]]
        #expect(rows.count == 6)
        for row in rows {
            let k = row.int("degrees_of_freedom")
            #expect(close(try ChiSquared.cdf(row.double("x"), degreesOfFreedom: k), row.double("cdf"), absolute: 1e-15, relative: 1e-10))
            for (p, expected) in zip(row.doubles("p"), row.doubles("quantiles")) {
                #expect(close(try ChiSquared.quantile(p, degreesOfFreedom: k), expected, absolute: 0, relative: 1e-9), "k = \(k), p = \(p)")
            }
        }
    }

    @Test func edgesOfTheSupport() throws {
        #expect(try ChiSquared.cdf(0, degreesOfFreedom: 3) == 0)
        #expect(try ChiSquared.cdf(-1, degreesOfFreedom: 3) == 0)
        #expect(try ChiSquared.cdf(.infinity, degreesOfFreedom: 3) == 1)
    }

    @Test func badInputIsNamed() {
        #expect(throws: AnalysisError.invalidParameter(name: "degreesOfFreedom", reason: "must be ≥ 1, got 0")) {
            try ChiSquared.cdf(1, degreesOfFreedom: 0)
        }
        #expect(throws: AnalysisError.invalidParameter(name: "x", reason: "is not a number")) {
            try ChiSquared.cdf(.nan, degreesOfFreedom: 1)
        }
        for p in [0.0, 1.0, -0.5, .nan] {
            #expect(throws: AnalysisError.self) { try ChiSquared.quantile(p, degreesOfFreedom: 4) }
        }
    }

    /// Three values with s = 1 have 2 degrees of freedom, so the interval is in closed form:
    /// √(2 / (−2 ln 0.025)) to √(2 / (−2 ln 0.975)).
    @Test func deviationIntervalOfThreeSeeds() throws {
        let summary = try MeanAndDeviation([0, 1, 2])
        let interval = try #require(try summary.deviationInterval(level: 0.95))
        #expect(close(interval.lowerBound, (1 / -log(0.025)).squareRoot(), relative: 1e-9))
        #expect(close(interval.upperBound, (1 / -log(0.975)).squareRoot(), relative: 1e-9))
        #expect(close(interval.lowerBound, 0.5207, absolute: 1e-4) && close(interval.upperBound, 6.2847, absolute: 1e-4))
        let scaled = try #require(try MeanAndDeviation([0, 3, 6]).deviationInterval(level: 0.95))
        #expect(close(scaled.lowerBound, 3 * interval.lowerBound) && close(scaled.upperBound, 3 * interval.upperBound))
    }

    @Test func deviationIntervalNarrowsWithMoreValuesAndLowerLevel() throws {
        let three = try #require(try MeanAndDeviation([0, 1, 2]).deviationInterval(level: 0.95))
        let six = try #require(try MeanAndDeviation([0, 1, 2, 0, 1, 2]).deviationInterval(level: 0.95))
        let sixSD = try #require(try MeanAndDeviation([0, 1, 2, 0, 1, 2]).standardDeviation)
        #expect(six.contains(sixSD) && three.contains(1))
        #expect(six.upperBound / six.lowerBound < three.upperBound / three.lowerBound)
        let narrower = try #require(try MeanAndDeviation([0, 1, 2]).deviationInterval(level: 0.5))
        #expect(narrower.lowerBound > three.lowerBound && narrower.upperBound < three.upperBound)
    }

    @Test func deviationIntervalOfOneValueIsNil() throws {
        #expect(try MeanAndDeviation([0.7]).deviationInterval(level: 0.95) == nil)
        #expect(throws: AnalysisError.invalidParameter(name: "level", reason: "must be in (0, 1), got 1.0")) {
            try MeanAndDeviation([1, 2]).deviationInterval(level: 1)
        }
    }
}
