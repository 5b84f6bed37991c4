import Testing
import Configuration
import Foundation
import LLDif

@Suite struct NoiseScheduleTests {
    @Test func fourStepBetasAreDiffIRs() {
        let s = NoiseSchedule(steps: 4, kind: .diffir)
        let expected = [0.1000, 0.2943, 0.5910, 0.9900]
        for (b, e) in zip(s.betas, expected) { #expect(abs(b - e) < 5e-5) }
        // ᾱ_4 = 0.9 · 0.70571 · 0.40904 · 0.01
        #expect(abs(s.alphaBars[3] - 0.9 * (1 - s.betas[1]) * (1 - s.betas[2]) * 0.01) < 1e-12)
    }

    @Test func firstReverseStepReturnsThePrediction() {
        // At t = 1, ᾱ_0 = 1: the posterior mean is exactly Ẑ_0 (x0 = 1, xt = 0).
        for steps in [1, 4, 16] {
          for kind in DiffusionSchedule.allCases {
            let (x0, xt) = NoiseSchedule(steps: steps, kind: kind).posteriorCoefficients(1)
            #expect(abs(x0 - 1) < 1e-12 && abs(xt) < 1e-12)
          }
        }
    }

    @Test func posteriorMeanIsConsistentWithTheForwardProcess() {
        // If Ẑ_0 is the true Z_0 and Z_t = √ᾱ_t Z_0 (no noise), the posterior mean is √ᾱ_{t-1} Z_0.
        for kind in DiffusionSchedule.allCases {
            let s = NoiseSchedule(steps: 6, kind: kind)
            for t in 1...6 {
                let (x0, xt) = s.posteriorCoefficients(t)
                let mean = x0 + xt * s.alphaBar(t).squareRoot()
                #expect(abs(mean - s.alphaBar(t - 1).squareRoot()) < 1e-12)
            }
        }
    }

    @Test func diffirsScheduleChangesTheTerminalShareWithT() {
        // DiffIR's code keeps β_end = 0.99: one step has β = 0.1, so ᾱ_1 = 0.9 (√ᾱ = 0.949).
        let one = NoiseSchedule(steps: 1, kind: .diffir)
        #expect(one.betas == [0.1] && abs(one.alphaBar(1) - 0.9) < 1e-12)
        #expect(abs(one.terminalSignal - 0.9.squareRoot()) < 1e-12)
        #expect(NoiseSchedule(steps: 2, kind: .diffir).alphaBar(2) < 0.01)
    }

    @Test func fixedTerminalKeepsDiffIRsFinalShareAtEveryT() {
        // The target is DiffIR's ᾱ_4 = 0.9 · 0.70571 · 0.40904 · 0.01 ≈ 0.0026.
        let target = NoiseSchedule.terminalAlphaBar
        #expect(abs(target - 0.9 * 0.705714 * 0.409036 * 0.01) < 1e-6)
        for steps in [1, 2, 3, 4, 6, 8, 16, 60, 100] {
            let s = NoiseSchedule(steps: steps, kind: .fixedTerminal)
            #expect(s.steps == steps)
            #expect(abs(s.alphaBar(steps) - target) < 1e-9 * max(1, Double(steps)), "T = \(steps): ᾱ_T = \(s.alphaBar(steps))")
            #expect(s.betas.allSatisfy { $0 > 0 && $0 < 1 }, "T = \(steps): betas \(s.betas)")
            #expect(zip(s.alphaBars, s.alphaBars.dropFirst()).allSatisfy { $0 > $1 }, "ᾱ must fall with t")
        }
        // At the paper's T = 4 it is DiffIR's schedule; at T = 1 its single β is 1 − ᾱ_4.
        let four = NoiseSchedule(steps: 4, kind: .fixedTerminal), diffir = NoiseSchedule(steps: 4, kind: .diffir)
        for (a, b) in zip(four.betas, diffir.betas) { #expect(abs(a - b) < 1e-9) }
        #expect(abs(NoiseSchedule(steps: 1, kind: .fixedTerminal).betas[0] - (1 - target)) < 1e-15)
        // From T = 57 on, β_1 = 0.1 alone would leave less than the target: the betas are constant.
        let long = NoiseSchedule(steps: 100, kind: .fixedTerminal)
        #expect(Set(long.betas).count == 1 && abs(long.betas[0] - (1 - pow(target, 0.01))) < 1e-12)
    }

    @Test func zeroStepsIsNoDiffusion() {
        for kind in DiffusionSchedule.allCases {
            let s = NoiseSchedule(steps: 0, kind: kind)
            #expect(s.steps == 0 && s.betas.isEmpty && s.alphaBar(0) == 1 && s.terminalSignal == 1)
        }
    }
}
