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

    /// The fused batch norm + ReLU gives the bits of `.relu()` after the norm: output, and the
    /// gradients of the input, the weight and the bias, in training and in evaluation mode, on
    /// NCHW and on `[N, C]`, with and without the affine parameters. The upstream gradient is
    /// random, so a mask taken from the wrong tensor, or a sum over unmasked values, shows.
    @Test func batchNormWithReLUGivesTheBitsOfReLUAfterTheNorm() {
        let running = (mean: randomTensor([3], seed: 81), variance: randomTensor([3], seed: 82, low: 0.5, high: 2))
        for shape in [[4, 3, 5, 6], [7, 3]] {
            for (evaluation, affine) in [(false, true), (true, true), (false, false)] {
                func run(fused: Bool) -> [[UInt32]] {
                    let x = randomVariable(shape, seed: 83), w = randomVariable([3], seed: 84), b = randomVariable([3], seed: 85)
                    let upstream = randomTensor(shape, seed: 86)
                    let stats = evaluation ? running : nil
                    let (weight, bias) = affine ? (w.value, b.value) : (nil, nil)
                    let y = fused
                        ? x.value.batchNorm(weight: weight, bias: bias, running: stats, relu: true).output
                        : x.value.batchNorm(weight: weight, bias: bias, running: stats).output.relu()
                    (y * upstream).sum().backward()
                    let grads = affine ? [x.grad, w.grad, b.grad] : [x.grad]
                    return ([y] + grads.map { $0 ?? Tensor.zeros([1]) }).map { $0.scalars.map(\.bitPattern) }
                }
                let fused = run(fused: true), composed = run(fused: false)
                let zeros = fused[0].filter { $0 == 0 }.count
                #expect(zeros > 0 && zeros < fused[0].count, "ReLU should clip some values and keep others (\(shape))")
                for (index, name) in ["output", "input gradient", "weight gradient", "bias gradient"].enumerated()
                where index < fused.count {
                    let differing = zip(fused[index], composed[index]).filter { $0 != $1 }.count
                    #expect(fused[index].count == composed[index].count && differing == 0,
                            "\(name): \(differing) values differ (\(shape), evaluation \(evaluation), affine \(affine))")
                }
            }
        }
    }

    @Test func batchNormWithReLUMatchesFiniteDifferences() {
        // Values placed so that every one lies well away from zero after the norm.
        let x = Variable(Tensor(shape: [4, 2, 1, 2], values: [-1.5, 0.3, 2, -1, -0.5, 0.9, 1.1, -2.2,
                                                              0.7, -0.1, 0.2, 1.6, 1.3, 0.6, -1.4, 0.5]))
        let w = Variable(Tensor([1.3, -0.8]))
        let b = Variable(Tensor([0.1, 0.25]))
        // Finite differences only mean something away from ReLU's kink: no value before the ReLU
        // may lie within reach of the step.
        let before = x.value.batchNorm(weight: w.value, bias: b.value).output.scalars
        #expect(before.map(abs).min() ?? 0 > 0.02, "a value sits at ReLU's kink: \(before.map(abs).min() ?? 0)")
        expectGradients([x, w, b], epsilon: 1e-3) { x.value.batchNorm(weight: w.value, bias: b.value, relu: true).output }
    }

    /// Layer norm's loops (in C since session 21) against the formula in plain Swift, summed in the
    /// order the kit sums: every element's bits, in value and input gradient, over a strided axis
    /// (the channels of NCHW) and over the last axis (rows shorter than 8, which `RowSum` adds one
    /// element after another).
    @Test(arguments: [([2, 5, 3, 7], 1), ([4, 6], -1), ([3, 2, 5], 1)])
    func layerNormGivesTheBitsOfItsFormula(_ shape: [Int], _ axis: Int) {
        let a = axis < 0 ? shape.count + axis : axis
        let (outer, size) = (shape[..<a].reduce(1, *), shape[a]), inner = shape[(a + 1)...].reduce(1, *)
        let x = randomVariable(shape, seed: 31), weight = randomTensor([size], seed: 32), bias = randomTensor([size], seed: 33)
        let upstream = randomTensor(shape, seed: 34)
        let y = x.value.layerNorm(axis: axis, weight: weight, bias: bias)
        (y * upstream).sum().backward()
        let (xs, g, gamma, beta) = (x.value.scalars, upstream.scalars, weight.scalars, bias.scalars)
        var wantY = [Float](repeating: 0, count: xs.count), wantGX = wantY
        let n = Float(size)
        for o in 0..<outer {
            for j in 0..<inner {
                let index = { (i: Int) in (o * size + i) * inner + j }
                var mean: Float = 0, sq: Float = 0
                for i in 0..<size { mean += xs[index(i)] }
                mean /= n
                for i in 0..<size { let d = xs[index(i)] - mean; sq += d * d }
                let r = 1 / (sq / n + 1e-5).squareRoot()
                var meanG: Float = 0, meanGH: Float = 0
                for i in 0..<size {
                    let h = (xs[index(i)] - mean) * r, gh = g[index(i)] * gamma[i]
                    wantY[index(i)] = h * gamma[i] + beta[i]
                    meanG += gh
                    meanGH += gh * h
                }
                meanG /= n
                meanGH /= n
                for i in 0..<size {
                    let h = (xs[index(i)] - mean) * r
                    wantGX[index(i)] = r * (g[index(i)] * gamma[i] - meanG - h * meanGH)
                }
            }
        }
        expectSameBits(y.scalars, wantY, "output (\(shape), axis \(axis))")
        expectSameBits(x.grad?.scalars ?? [], wantGX, "input gradient (\(shape), axis \(axis))")
    }
}
