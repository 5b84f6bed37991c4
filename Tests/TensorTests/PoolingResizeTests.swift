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

    /// The resize's backward keeps running sums in registers (`LinearTaps.addTerms`); it must give
    /// the bits of the plain scatter it replaces: every output pixel in row-major order adding
    /// v·(1 − ly)·(1 − lx), v·(1 − ly)·lx, v·ly·(1 − lx), v·ly·lx onto its four taps.
    @Test(arguments: [(3, 4, 16, 16, false), (8, 8, 64, 64, false), (5, 7, 12, 3, false), (9, 6, 4, 3, false),
                      (4, 5, 9, 11, true), (6, 6, 6, 6, false)])
    func bilinearBackwardGivesThePlainScattersBits(h: Int, w: Int, height: Int, width: Int, alignCorners: Bool) {
        let x = randomVariable([2, 3, h, w], seed: 61)
        let upstream = randomVariable([2, 3, height, width], seed: 62).value
        (x.value.resizedBilinear(height: height, width: width, alignCorners: alignCorners) * upstream).sum().backward()
        func taps(_ input: Int, _ output: Int) -> [(Int, Int, Float)] {
            (0..<output).map { o in
                var src = alignCorners ? (output > 1 ? Float(o) * Float(input - 1) / Float(output - 1) : 0)
                    : (Float(o) + 0.5) * Float(input) / Float(output) - 0.5
                if src < 0 { src = 0 }
                let i0 = min(Int(src), input - 1)
                return (i0, min(i0 + 1, input - 1), src - Float(i0))
            }
        }
        let (rows, cols) = (taps(h, height), taps(w, width))
        var want = [Float](repeating: 0, count: 2 * 3 * h * w)
        let g = upstream.scalars
        for plane in 0..<6 {
            for (oy, (y0, y1, ly)) in rows.enumerated() {
                for (ox, (x0, x1, lx)) in cols.enumerated() {
                    let v = g[(plane * height + oy) * width + ox], base = plane * h * w
                    want[base + y0 * w + x0] += v * (1 - ly) * (1 - lx); want[base + y0 * w + x1] += v * (1 - ly) * lx
                    want[base + y1 * w + x0] += v * ly * (1 - lx); want[base + y1 * w + x1] += v * ly * lx
                }
            }
        }
        #expect(x.grad?.scalars.map(\.bitPattern) == want.map(\.bitPattern))
    }
}
