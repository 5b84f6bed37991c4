/// The EPD diffusion's noise schedule (DiffIR's): `β_t = (linspace(√β_1, √β_T, T))²`,
/// `α_t = 1 − β_t`, `ᾱ_t = Π_{i≤t} α_i`, for t = 1…T, with β_1 = 0.1 and β_T = 0.99 by default.
/// With so few steps the last one is almost pure noise (ᾱ_T ≈ 0.0026 at T = 4).
public struct NoiseSchedule: Sendable, Equatable {
    /// `betas[t-1]` is β_t.
    public let betas: [Double]
    /// `alphaBars[t-1]` is ᾱ_t.
    public let alphaBars: [Double]

    public init(steps: Int, betaStart: Double = 0.1, betaEnd: Double = 0.99) {
        precondition(steps >= 1, "a diffusion needs at least one step, got \(steps)")
        let (a, b) = (betaStart.squareRoot(), betaEnd.squareRoot())
        betas = (0..<steps).map { i in
            let r = steps == 1 ? a : a + (b - a) * Double(i) / Double(steps - 1)
            return r * r
        }
        var product = 1.0
        alphaBars = betas.map { beta in product *= 1 - beta; return product }
    }

    /// Number of steps T.
    public var steps: Int { betas.count }

    /// ᾱ_t for t in 0…T, with ᾱ_0 = 1.
    public func alphaBar(_ t: Int) -> Double { t == 0 ? 1 : alphaBars[t - 1] }

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
}
