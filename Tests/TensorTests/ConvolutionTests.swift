import Testing
import Tensor

@Suite struct ConvolutionTests {
    @Test func convolutionMatchesHandComputedCase() {
        // 1×1×3×3 input 1…9, one 2×2 kernel [[1, 0], [0, -1]], bias 10, padding 1, stride 2:
        // the padded 5×5 grid is sampled at rows/cols 0 and 2.
        let x = Tensor.arange(9).reshaped([1, 1, 3, 3]) + 1
        let w = Tensor(shape: [1, 1, 2, 2], values: [1, 0, 0, -1])
        let y = x.conv2d(weight: w, bias: Tensor([10]), stride: (2, 2), padding: (1, 1))
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.scalars == [9, 7, 3, 6])  // 10 − 1, 10 − 3, 10 − 7, 10 + 5 − 9
    }

    @Test func convolutionBackwardMatchesFiniteDifferences() {
        let x = randomVariable([2, 4, 5, 5], seed: 40)
        let w = randomVariable([6, 4, 3, 3], seed: 41)
        let b = randomVariable([6], seed: 42)
        expectGradients([x, w, b]) { x.value.conv2d(weight: w.value, bias: b.value, padding: (1, 1)) }
        expectGradients([x, w]) { x.value.conv2d(weight: w.value, stride: (2, 1), padding: (1, 0)) }
        expectGradients([x, w, b]) { x.value.conv2d(weight: w.value, bias: b.value, padding: (2, 2), dilation: (2, 2)) }
        let grouped = randomVariable([6, 2, 3, 3], seed: 43)
        expectGradients([x, grouped, b]) { x.value.conv2d(weight: grouped.value, bias: b.value, padding: (1, 1), groups: 2) }
        let depthwise = randomVariable([4, 1, 3, 3], seed: 44)
        expectGradients([x, depthwise]) { x.value.conv2d(weight: depthwise.value, stride: (2, 2), padding: (1, 1), groups: 4) }
        let pointwise = randomVariable([3, 4, 1, 1], seed: 45)
        expectGradients([x, pointwise]) { x.value.conv2d(weight: pointwise.value) }
    }
}
