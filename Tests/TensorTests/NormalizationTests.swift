import Testing
import Tensor

@Suite struct NormalizationTests {
    @Test func layerNormMatchesHandComputedValues() {
        let x = Tensor(shape: [1, 3], values: [1, 2, 4])
        expectClose(x.layerNorm().scalars, [-1.0690415, -0.2672604, 1.3363019])
        let affine = x.layerNorm(weight: Tensor([1, 2, 3]), bias: Tensor([0, 1, 0]))
        expectClose(affine.scalars, [-1.0690415, 1 - 0.5345208, 4.0089057])
        // Over the channels of NCHW: the same numbers laid out along axis 1 at one pixel.
        let nchw = Tensor(shape: [1, 3, 1, 1], values: [1, 2, 4])
        expectClose(nchw.layerNorm(axis: 1).scalars, [-1.0690415, -0.2672604, 1.3363019])
    }

    @Test func layerNormBackwardMatchesFiniteDifferences() {
        let x = randomVariable([3, 5], seed: 60)
        let w = randomVariable([5], seed: 61)
        let b = randomVariable([5], seed: 62)
        expectGradients([x, w, b]) { x.value.layerNorm(weight: w.value, bias: b.value) }
        let image = randomVariable([2, 4, 3, 2], seed: 63)
        let cw = randomVariable([4], seed: 64)
        let cb = randomVariable([4], seed: 65)
        expectGradients([image, cw, cb]) { image.value.layerNorm(axis: 1, weight: cw.value, bias: cb.value) }
        expectGradients([image]) { image.value.layerNorm(axis: 1) }
    }

    @Test func batchNormUsesBatchStatisticsInTrainingAndGivenOnesInEvaluation() {
        // Channel 0 holds 1, 3 (mean 2, variance 1); channel 1 holds 2, 6 (mean 4, variance 4).
        let x = Tensor(shape: [2, 2], values: [1, 2, 3, 6])
        let (y, stats) = x.batchNorm(epsilon: 0)
        expectClose(y.scalars, [-1, -1, 1, 1])
        #expect(stats?.mean.scalars == [2, 4])
        #expect(stats?.variance.scalars == [1, 4])
        #expect(stats?.unbiasedVariance.scalars == [2, 8])
        let (evaluated, none) = x.batchNorm(weight: Tensor([2, 1]), bias: Tensor([0, 1]),
                                            running: (Tensor([1, 0]), Tensor([4, 1])), epsilon: 0)
        #expect(none == nil)
        expectClose(evaluated.scalars, [0, 3, 2, 7])
    }

    @Test func batchNormBackwardMatchesFiniteDifferences() {
        let x = randomVariable([3, 2, 3, 2], seed: 66)
        let w = randomVariable([2], seed: 67)
        let b = randomVariable([2], seed: 68)
        expectGradients([x, w, b]) { x.value.batchNorm(weight: w.value, bias: b.value).output }
        let mean = randomTensor([2], seed: 69)
        let variance = randomTensor([2], seed: 70, low: 0.5, high: 2)
        expectGradients([x, w, b]) {
            x.value.batchNorm(weight: w.value, bias: b.value, running: (mean, variance)).output
        }
        let flat = randomVariable([4, 3], seed: 71)
        expectGradients([flat]) { flat.value.batchNorm().output }
    }
}
