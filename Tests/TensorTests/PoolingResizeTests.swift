import Testing
import Tensor

@Suite struct PoolingResizeTests {
    @Test func poolingMatchesHandComputedValues() {
        let x = Tensor.arange(16).reshaped([1, 1, 4, 4])
        #expect(x.avgPool2d(kernel: (2, 2)).scalars == [2.5, 4.5, 10.5, 12.5])
        #expect(x.maxPool2d(kernel: (2, 2)).scalars == [5, 7, 13, 15])
        // 3×3 windows, stride 2, padding 1: padding counts in the average (divisor 9).
        #expect(x.avgPool2d(kernel: (3, 3), stride: (2, 2), padding: (1, 1)).scalars[0] == Float(0 + 1 + 4 + 5) / 9)
        #expect(x.maxPool2d(kernel: (3, 3), stride: (2, 2), padding: (1, 1)).scalars == [5, 7, 13, 15])
        // Adaptive 4 → 3 bins: rows [0,2), [1,3), [2,4).
        let adaptive = x.adaptiveAvgPool2d(outputSize: (3, 3))
        #expect(adaptive.scalars == [2.5, 3.5, 4.5, 6.5, 7.5, 8.5, 10.5, 11.5, 12.5])
        // 5 → 2 bins: [0,3) and [2,5) overlap at index 2.
        let five = Tensor.arange(5).reshaped([1, 1, 1, 5])
        #expect(five.adaptiveAvgPool2d(outputSize: (1, 2)).scalars == [1, 3])
        #expect(x.adaptiveAvgPool2d(outputSize: (1, 1)).scalars == [7.5])
    }

    @Test func bilinearResizeMatchesPyTorchSampling() {
        // F.interpolate([[1, 2], [3, 4]], size=(4, 4), mode="bilinear", align_corners=False)
        let x = Tensor(shape: [1, 1, 2, 2], values: [1, 2, 3, 4])
        expectClose(x.resizedBilinear(height: 4, width: 4).scalars,
                    [1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4])
        // align_corners=True: the corners map onto each other, 3 samples per 2.
        expectClose(x.resizedBilinear(height: 3, width: 3, alignCorners: true).scalars,
                    [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4])
        // Downsampling 4 → 2 at half-pixel centres averages neighbouring pairs.
        let y = Tensor.arange(16).reshaped([1, 1, 4, 4])
        expectClose(y.resizedBilinear(height: 2, width: 2).scalars, [2.5, 4.5, 10.5, 12.5])
    }

    @Test func poolingAndResizeBackwardMatchFiniteDifferences() {
        // Distinct, well-separated values keep every max-pool winner stable under the step.
        var stream = RandomStream(seed: 50)
        let order = stream.permutation(2 * 3 * 5 * 5).map { Float($0) * 0.05 }
        let x = Variable(Tensor(shape: [2, 3, 5, 5], values: order))
        expectGradients([x]) { x.value.maxPool2d(kernel: (2, 2)) }
        expectGradients([x]) { x.value.maxPool2d(kernel: (3, 3), stride: (2, 2), padding: (1, 1)) }
        expectGradients([x]) { x.value.avgPool2d(kernel: (3, 3), stride: (2, 1), padding: (1, 1)) }
        expectGradients([x]) { x.value.adaptiveAvgPool2d(outputSize: (3, 2)) }
        expectGradients([x]) { x.value.resizedBilinear(height: 7, width: 3) }
        expectGradients([x]) { x.value.resizedBilinear(height: 8, width: 10, alignCorners: true) }
    }
}
