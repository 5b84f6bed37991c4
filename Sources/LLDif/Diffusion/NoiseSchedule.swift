import Configuration
import Foundation

/// The EPD diffusion's noise schedule, in DiffIR's shape: `β_t = (linspace(√β_1, √β_end, T))²`,
/// `α_t = 1 − β_t`, `ᾱ_t = Π_{i≤t} α_i`, for t = 1…T, with β_1 = 0.1.
/// - `diffir`: β_end = 0.99 for every T (DiffIR's code). ᾱ_T, the share of the stage-1 prior in
///   stage 2's training input, then changes with T: 0.90 at T = 1, 0.0026 at T = 4.
/// - `fixedTerminal`: β_end is solved (by bisection) so that ᾱ_T equals DiffIR's ᾱ_4 for every T,
///   so T changes only the number of reverse steps. At T = 4 this is DiffIR's schedule. At T = 1
///   the single β is 1 − ᾱ_4; where even β_end = β_1 would leave less than ᾱ_4 (T ≥ 57), every
///   β is the constant 1 − ᾱ_4^(1/T).
/// T = 0 is the empty schedule (no diffusion): ᾱ_0 = 1 and there are no reverse steps.
public struct NoiseSchedule: Sendable, Equatable {
    /// DiffIR's β_1.
    public static let betaStart = 0.1
    /// DiffIR's β_T.
    public static let diffirBetaEnd = 0.99
    /// The final ᾱ of the fixed-terminal schedule: DiffIR's ᾱ_T at its T = 4 (about 0.0026).
    public static let terminalAlphaBar = NoiseSchedule.alphaBars(
        betas: NoiseSchedule.betas(steps: DiffusionConfig.paperSteps, end: diffirBetaEnd)).last ?? 0

    /// `betas[t-1]` is β_t.
    public let betas: [Double]
    /// `alphaBars[t-1]` is ᾱ_t.
    public let alphaBars: [Double]

    /// The schedule of `kind` with `steps` steps (≥ 0).
    public init(steps: Int, kind: DiffusionSchedule) {
        precondition(steps >= 0, "a diffusion has a non-negative number of steps, got \(steps)")
        switch kind {
        case .diffir: betas = Self.betas(steps: steps, end: Self.diffirBetaEnd)
        case .fixedTerminal: betas = Self.fixedTerminalBetas(steps: steps)
        }
        alphaBars = Self.alphaBars(betas: betas)
    }

    /// Number of steps T.
    public var steps: Int { betas.count }

    /// ᾱ_t for t in 0…T, with ᾱ_0 = 1.
    public func alphaBar(_ t: Int) -> Double { t == 0 ? 1 : alphaBars[t - 1] }

    /// √ᾱ_T: how much of the stage-1 prior survives in stage 2's training input Z_T (1 at T = 0).
    public var terminalSignal: Double { alphaBar(steps).squareRoot() }

    /// The coefficients of the deterministic posterior mean used at reverse step t (x0-parameterised):
    /// `Z_{t-1} = x0 · Ẑ_0 + xt · Z_t`, with
    /// `x0 = β_t √ᾱ_{t-1} / (1 − ᾱ_t)` and `xt = (1 − ᾱ_{t-1}) √α_t / (1 − ᾱ_t)`.
    public func posteriorCoefficients(_ t: Int) -> (x0: Double, xt: Double) {
        let beta = betas[t - 1], abar = alphaBar(t), abarPrev = alphaBar(t - 1)
        return (beta * abarPrev.squareRoot() / (1 - abar), (1 - abarPrev) * (1 - beta).squareRoot() / (1 - abar))
    }

    /// The coefficients of the forward jump to step t: `Z_t = signal · Z_0 + noise · ε`.
    public func forwardCoefficients(_ t: Int) -> (signal: Double, noise: Double) {
        let abar = alphaBar(t)
        return (abar.squareRoot(), (1 - abar).squareRoot())
    }

    /// DiffIR's shape from β_1 = `betaStart` to β_T = `end` (a single step takes β_1, as
    /// `linspace` of one point does).
    static func betas(steps: Int, end: Double) -> [Double] {
        let (a, b) = (betaStart.squareRoot(), end.squareRoot())
        return (0..<steps).map { i in
            let r = steps == 1 ? a : a + (b - a) * Double(i) / Double(steps - 1)
            return r * r
        }
    }

    /// The cumulative products ᾱ_t of `1 − β_t`.
    static func alphaBars(betas: [Double]) -> [Double] {
        var product = 1.0
        return betas.map { beta in product *= 1 - beta; return product }
    }

    /// The betas whose ᾱ_T is `terminalAlphaBar`.
    static func fixedTerminalBetas(steps: Int) -> [Double] {
        let target = terminalAlphaBar
        if steps == 0 { return [] }
        if steps == 1 { return [1 - target] }
        func terminal(_ end: Double) -> Double { alphaBars(betas: betas(steps: steps, end: end)).last ?? 1 }
        // ᾱ_T falls as β_end rises; below the target already at β_end = β_1, use a constant β.
        guard terminal(betaStart) > target else {
            return Array(repeating: 1 - pow(target, 1 / Double(steps)), count: steps)
        }
        var (low, high) = (betaStart, 1.0)
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if terminal(middle) > target { low = middle } else { high = middle }
        }
        return betas(steps: steps, end: (low + high) / 2)
    }
}
