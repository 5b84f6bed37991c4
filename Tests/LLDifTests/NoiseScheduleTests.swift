import Testing
import LLDif

@Suite struct NoiseScheduleTests {
    @Test func fourStepBetasAreDiffIRs() {
        let s = NoiseSchedule(steps: 4)
        let expected = [0.1000, 0.2943, 0.5910, 0.9900]
        for (b, e) in zip(s.betas, expected) { #expect(abs(b - e) < 5e-5) }
        // ᾱ_4 = 0.9 · 0.70571 · 0.40904 · 0.01
        #expect(abs(s.alphaBars[3] - 0.9 * (1 - s.betas[1]) * (1 - s.betas[2]) * 0.01) < 1e-12)
    }

    @Test func firstReverseStepReturnsThePrediction() {
        // At t = 1, ᾱ_0 = 1: the posterior mean is exactly Ẑ_0 (x0 = 1, xt = 0).
        for steps in [1, 4, 16] {
            let (x0, xt) = NoiseSchedule(steps: steps).posteriorCoefficients(1)
            #expect(abs(x0 - 1) < 1e-12 && abs(xt) < 1e-12)
        }
    }

    @Test func posteriorMeanIsConsistentWithTheForwardProcess() {
        // If Ẑ_0 is the true Z_0 and Z_t = √ᾱ_t Z_0 (no noise), the posterior mean is √ᾱ_{t-1} Z_0.
        let s = NoiseSchedule(steps: 6)
        for t in 1...6 {
            let (x0, xt) = s.posteriorCoefficients(t)
            let mean = x0 + xt * s.alphaBar(t).squareRoot()
            #expect(abs(mean - s.alphaBar(t - 1).squareRoot()) < 1e-12)
        }
    }
}
