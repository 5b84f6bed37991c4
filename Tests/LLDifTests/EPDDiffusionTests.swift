import Foundation
import LLDif
import NN
import Tensor
import Testing

@Suite struct EPDDiffusionTests {
    @Test func inferenceNoiseDependsOnlyOnTheSampleID() {
        let a = EPDDiffusion.noise(for: [7, 3, 9], dimension: 5, seed: 1)
        let b = EPDDiffusion.noise(for: [3], dimension: 5, seed: 1)
        #expect(Array(a.scalars[5..<10]) == b.scalars)
        #expect(EPDDiffusion.noise(for: [3], dimension: 5, seed: 2).scalars != b.scalars)
    }

    @Test func perfectDenoiserRecoversThePrior() {
        // A denoiser that always predicts Z_S1 gives Ẑ_0 = Z_S1 after all T steps, whatever the noise.
        var s = RandomStream(seed: 1)
        let denoiser = Denoiser(dimension: 4, hidden: 8, depth: 2, using: &s)
        let target = Tensor(shape: [3, 4], values: (0..<3).flatMap { _ in [0.5, -1, 2, 0] as [Float] })
        for v in denoiser.parameters() { v.withUnsafeMutableValues { p in for i in p.indices { p[i] = 0 } } }
        denoiser.layers[1].bias!.value = Tensor(shape: [4], values: [0.5, -1, 2, 0])
        let zHat = EPDDiffusion(schedule: NoiseSchedule(steps: 4, kind: .fixedTerminal), denoiser: denoiser)
            .trainingEstimate(target: target, condition: Tensor.normal([3, 4], using: &s), noise: Tensor.normal([3, 4], using: &s))
        #expect(zHat.scalars == target.scalars)
    }

    @Test func lossReachesTheDenoiserThroughEveryStep() {
        // The gradient through the whole unrolled chain matches finite differences.
        var s = RandomStream(seed: 2)
        let denoiser = Denoiser(dimension: 3, hidden: 6, depth: 3, using: &s)
        let target = Tensor.normal([2, 3], using: &s), c = Tensor.normal([2, 3], using: &s)
        let noise = Tensor.normal([2, 3], using: &s)
        let diffusion = EPDDiffusion(schedule: NoiseSchedule(steps: 4, kind: .fixedTerminal), denoiser: denoiser)
        let result = GradientCheck.check(denoiser.parameters(), epsilon: 1e-2, absoluteTolerance: 1e-3,
                                         relativeTolerance: 2e-2) {
            diffusion.trainingEstimate(target: target, condition: c, noise: noise)
        }
        #expect(result.passed, "\(result)")
    }

    @Test func klIsZeroForEqualPriorsAndMatchesAHandComputedCase() {
        let z = Tensor(shape: [1, 2], values: [0, Float(Foundation.log(3.0))])  // softmax = (1/4, 3/4)
        #expect(abs(EPDDiffusion.klLoss(target: z, estimate: z, temperature: 1).item) < 1e-7)
        let q = Tensor(shape: [1, 2], values: [0, 0])  // softmax = (1/2, 1/2)
        let expected = 0.25 * Foundation.log(0.25 / 0.5) + 0.75 * Foundation.log(0.75 / 0.5)
        #expect(abs(Double(EPDDiffusion.klLoss(target: z, estimate: q, temperature: 1).item) - expected) < 1e-6)
        // τ = 0.5 doubles the logits: softmax(z/τ) = (1/10, 9/10).
        let sharp = 0.1 * Foundation.log(0.1 / 0.5) + 0.9 * Foundation.log(0.9 / 0.5)
        #expect(abs(Double(EPDDiffusion.klLoss(target: z, estimate: q, temperature: 0.5).item) - sharp) < 1e-6)
    }

    @Test func theDenoiserReadsTheStepAsTheSettingSays() {
        var s = RandomStream(seed: 3)
        let denoiser = Denoiser(dimension: 2, hidden: 4, depth: 2, using: &s)
        let schedule = NoiseSchedule(steps: 4, kind: .fixedTerminal)
        let fraction = EPDDiffusion(schedule: schedule, denoiser: denoiser, timeInput: .stepFraction)
        let diffir = EPDDiffusion(schedule: schedule, denoiser: denoiser, timeInput: .diffir)
        // t/T for t = 4 … 1; DiffIR's i/(10T) for i = 3 … 0.
        #expect([4, 3, 2, 1].map(fraction.time) == [1, 0.75, 0.5, 0.25])
        #expect([4, 3, 2, 1].map(diffir.time) == [Float(3) / 40, Float(2) / 40, Float(1) / 40, 0])
    }

    @Test func zeroStepsReturnTheStartAndTheTrainingInputStartReadsTheTarget() {
        var s = RandomStream(seed: 4)
        let denoiser = Denoiser(dimension: 3, hidden: 6, depth: 2, using: &s)
        let start = Tensor.normal([2, 3], using: &s), c = Tensor.normal([2, 3], using: &s)
        let none = EPDDiffusion(schedule: NoiseSchedule(steps: 0, kind: .fixedTerminal), denoiser: denoiser)
        #expect(none.reverse(from: start, condition: c).scalars == start.scalars)
        // The training-input start is the training pass without gradients: it reads Z_S1, pure noise does not.
        let four = EPDDiffusion(schedule: NoiseSchedule(steps: 4, kind: .fixedTerminal), denoiser: denoiser)
        let target = Tensor.normal([2, 3], using: &s), noise = Tensor.normal([2, 3], using: &s)
        #expect(four.sampleFromTrainingInput(target: target, condition: c, noise: noise).scalars
                == four.trainingEstimate(target: target, condition: c, noise: noise).scalars)
        #expect(four.sampleFromTrainingInput(target: target * 3, condition: c, noise: noise).scalars
                != four.sample(condition: c, noise: noise).scalars)
    }
}
