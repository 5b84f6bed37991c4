/// What the runs so far say about the cost model's estimates, kind by kind of run (the model before
/// the `/` of a run's name: `lldif-stage0`, `poster-lite`, …).
///
/// The cost model prices every kind from a few probed steps, or from built-in rates when the store
/// has no probe, so it can be off by a different factor for each kind: in session 20's quick paper
/// (built-in rates, two runs side by side) LLDif's stage-0 runs took 0.18–0.22 of their estimate
/// and POSTER-lite's 0.40–0.44. One ratio for all kinds, fitted on whichever runs came first,
/// misprices the others by that factor. So a kind measured so far is scaled by its own ratio of
/// measured to estimated seconds, and a kind not yet measured by the ratio over all runs measured.
public struct CostCalibration: Sendable, Equatable {
    private var measured: [String: Double] = [:]
    private var estimated: [String: Double] = [:]

    /// A calibration with nothing measured yet.
    public init() {}

    /// The kind of the run named `model/hash`: `model`.
    public static func kind(of name: String) -> String {
        name.split(separator: "/", maxSplits: 1).first.map(String.init) ?? name
    }

    /// Records that (a share of) a run named `name` took `seconds` where the cost model expected
    /// `estimate` seconds; records without a positive estimate or time are ignored.
    public mutating func record(name: String, seconds: Double, estimate: Double) {
        guard seconds > 0, estimate > 0, seconds.isFinite, estimate.isFinite else { return }
        let kind = Self.kind(of: name)
        measured[kind, default: 0] += seconds
        estimated[kind, default: 0] += estimate
    }

    /// Measured over estimated seconds of every run recorded; nil before anything is recorded.
    public var overallRatio: Double? {
        let e = estimated.values.reduce(0, +)
        return e > 0 ? measured.values.reduce(0, +) / e : nil
    }

    /// The factor for runs of `kind`: its own ratio once measured, else the overall one (nil before
    /// anything is recorded).
    public func ratio(forKind kind: String) -> Double? {
        if let e = estimated[kind], e > 0, let m = measured[kind] { return m / e }
        return overallRatio
    }

    /// The calibrated seconds of `cost` estimated seconds of the run named `name`.
    public func seconds(_ cost: Double, name: String) -> Double? {
        ratio(forKind: Self.kind(of: name)).map { cost * $0 }
    }
}
