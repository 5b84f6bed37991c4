import Analysis

/// A measured quantity with its bootstrap intervals, as results files record it and claims judge it:
/// the estimate, its 95 % and 90 % intervals, and how many training seeds and test images they rest on.
///
/// In JSON, a value `{"interval": {"estimate": 1.2, "lower95": -0.4, "upper95": 2.9, "lower90": -0.1,
/// "upper90": 2.6, "seeds": 3, "images": 3000}, "unit": "pp", "format": "%.1f"}`.
public struct ResultInterval: Sendable, Hashable, Codable {
    /// The statistic on the full sample.
    public var estimate: Double
    /// The 95 % interval, lower and upper bound.
    public var lower95: Double, upper95: Double
    /// The 90 % interval, lower and upper bound.
    public var lower90: Double, upper90: Double
    /// Training seeds the interval resamples.
    public var seeds: Int
    /// Test images the interval resamples (per seed).
    public var images: Int

    /// An interval estimate; the 90 % interval must lie inside the 95 % one.
    public init(estimate: Double, lower95: Double, upper95: Double, lower90: Double, upper90: Double, seeds: Int, images: Int) {
        self.estimate = estimate
        self.lower95 = lower95; self.upper95 = upper95
        self.lower90 = lower90; self.upper90 = upper90
        self.seeds = seeds; self.images = images
    }

    /// The record of `interval`, every number multiplied by `scale` (e.g. 100 for percentage points).
    public init(_ interval: IntervalEstimate, scale: Double = 1) {
        let scaled = interval.scaled(by: scale)
        self.init(estimate: scaled.estimate, lower95: scaled.ci95.lower, upper95: scaled.ci95.upper,
                  lower90: scaled.ci90.lower, upper90: scaled.ci90.upper, seeds: scaled.seeds, images: scaled.images)
    }

    /// `estimate [lower95, upper95]` in `format`, e.g. `1.2 [-0.4, 2.9]`.
    public func formatted(_ format: NumberFormat) -> String {
        "\(format.string(estimate)) [\(format.string(lower95)), \(format.string(upper95))]"
    }

    /// Rejects bounds that are not ordered `lower95 ≤ lower90 ≤ upper90 ≤ upper95`, non-finite
    /// numbers and counts below one; `name` is the value's name in the error.
    func validate(chapter: String, name: String) throws {
        let numbers = [estimate, lower95, upper95, lower90, upper90]
        guard numbers.allSatisfy(\.isFinite), lower95 <= lower90, lower90 <= upper90, upper90 <= upper95,
              seeds >= 1, images >= 1 else {
            throw ResultsError.invalidInterval(chapter: chapter, name: name,
                                               reason: "needs finite bounds with lower95 ≤ lower90 ≤ upper90 ≤ upper95 and at least one seed and image")
        }
    }
}
