import LLDif
import Tensor
import Testing

@Suite struct ImageStandardisationTests {
    @Test func everyImageChannelGetsMeanZeroAndUnitSpread() {
        let x = Tensor(shape: [1, 2, 1, 4], values: [1, 2, 3, 4, 10, 10, 10, 14])
        let y = ImageStandardisation.apply(x).scalars
        // Channel 0: mean 2.5, population std √1.25; channel 1: mean 11, std √3.
        let s0 = Float(1.25).squareRoot(), s1 = Float(3).squareRoot()
        let expected: [Float] = [-1.5 / s0, -0.5 / s0, 0.5 / s0, 1.5 / s0, -1 / s1, -1 / s1, -1 / s1, 3 / s1]
        for (a, b) in zip(y, expected) { #expect(abs(a - b) < 1e-4, "\(y) vs \(expected)") }
    }

    @Test func undoesAnExposureGainAndOffset() {
        var stream = RandomStream(seed: 4)
        let x = Tensor.uniform([3, 3, 8, 8], low: 0, high: 1, using: &stream)
        let dark = x * Float(0.02) + Float(-0.9)
        for (a, b) in zip(ImageStandardisation.apply(x).scalars, ImageStandardisation.apply(dark).scalars) {
            #expect(abs(a - b) < 1e-3)
        }
    }

    @Test func aConstantImageBecomesZeros() {
        let y = ImageStandardisation.apply(Tensor.full([2, 1, 3, 3], 0.7)).scalars
        #expect(y.allSatisfy { $0 == 0 })
    }
}
