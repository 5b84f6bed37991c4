import Testing
import Tensor

@Suite struct SoftmaxLossTests {
    @Test func softmaxIsStableForLargeLogits() {
        let x = Tensor(shape: [1, 3], values: [1000, 1001, 1002])
        // Float32 values near 1000 are 6.1e-5 apart, so log-softmax is exact to that spacing.
        expectClose(x.softmax(axis: 1).scalars, [0.09003057, 0.24472847, 0.66524096])
        expectClose(x.logSoftmax(axis: 1).scalars, [-2.40760596, -1.40760596, -0.40760596], tolerance: 6.2e-5)
        // Along axis 0 of a [3, 1] column: the same numbers.
        expectClose(x.reshaped([3, 1]).logSoftmax(axis: 0).scalars, [-2.40760596, -1.40760596, -0.40760596],
                    tolerance: 6.2e-5)
        let huge = Tensor(shape: [2], values: [-1e30, 1e30])
        #expect(huge.softmax().scalars == [0, 1])
        #expect(huge.logSoftmax().scalars == [-2e30, 0])
    }

    @Test func crossEntropyMatchesHandComputedValues() {
        let logits = Tensor(shape: [2, 3], values: [1, 2, 3, 1, 1, 1])
        expectClose([Loss.crossEntropy(logits: logits, labels: [2, 0]).item], [0.75310913])
        expectClose(Loss.crossEntropy(logits: logits, labels: [2, 0], reduction: .none).scalars, [0.40760596, 1.09861229])
        let weights = Tensor([1, 2, 3])
        expectClose([Loss.crossEntropy(logits: logits, labels: [2, 0], classWeights: weights).item], [0.58035755])
        let soft = Tensor(shape: [2, 3], values: [0, 0.5, 0.5, 1, 0, 0])
        expectClose([Loss.crossEntropy(logits: logits, targets: soft).item], [1.00310913])
        expectClose([Loss.crossEntropy(logits: logits, targets: soft, classWeights: weights).item], [1.5588136])
    }

    @Test func divergenceAndRegressionLossesMatchHandComputedValues() {
        let p = Tensor(shape: [1, 3], values: [0.5, 0.5, 0])
        let q = Tensor(shape: [1, 3], values: [0.25, 0.25, 0.5])
        expectClose([Loss.klDivergence(logQ: q.log(), p: p).item], [0.69314718])
        let a = Tensor([1, 2, 3]), b = Tensor([2, 2, 5])
        #expect(Loss.l1(a, b).item == 1)
        expectClose([Loss.mse(a, b).item], [5.0 / 3])
        #expect(Loss.mse(a, b, reduction: .sum).item == 5)
        #expect(Loss.l1(a, b, reduction: .none).scalars == [1, 0, 2])
    }

    @Test func softmaxAndLossesBackwardMatchFiniteDifferences() {
        let x = randomVariable([3, 4, 2], seed: 80, low: -2, high: 2)
        expectGradients([x]) { x.value.softmax(axis: 1) }
        expectGradients([x]) { x.value.logSoftmax(axis: -1) }
        let logits = randomVariable([4, 5], seed: 81, low: -2, high: 2)
        let weights = Tensor([0.5, 1, 2, 1.5, 1])
        expectGradients([logits]) { Loss.crossEntropy(logits: logits.value, labels: [0, 4, 2, 2]) }
        expectGradients([logits]) { Loss.crossEntropy(logits: logits.value, labels: [0, 4, 2, 2], classWeights: weights) }
        expectGradients([logits]) {
            Loss.crossEntropy(logits: logits.value, labels: [1, 3, 0, 2], classWeights: weights, reduction: .none)
        }
        let targets = randomVariable([4, 5], seed: 82, low: 0, high: 1)
        expectGradients([logits, targets]) {
            Loss.crossEntropy(logits: logits.value, targets: targets.value.softmax(axis: 1), classWeights: weights)
        }
        expectGradients([logits, targets]) {
            Loss.klDivergence(logQ: logits.value.logSoftmax(axis: 1), p: targets.value.softmax(axis: 1))
        }
        let prediction = Variable(Tensor([0.3, -1.2, 2.0, 0.7]))
        let target = Variable(Tensor([0.1, -0.4, 2.5, 0.2]))
        expectGradients([prediction, target]) { Loss.l1(prediction.value, target.value) }
        expectGradients([prediction, target]) { Loss.mse(prediction.value, target.value, reduction: .sum) }
    }

    /// Softmax over contiguous rows against its formula in plain Swift: the exponentials from
    /// `Tensor.exp`, their sum as `RowSum` adds (eight lanes, then the lanes in order, then the
    /// tail), the gradient's dot product in element order. Every bit, at row lengths that leave the
    /// vector loops a tail; a rewrite of the loops must keep them.
    @Test(arguments: [5, 17, 49, 100])
    func softmaxRowsGiveTheBitsOfTheirFormula(_ size: Int) {
        let x = randomVariable([3, size], seed: 41, low: -4, high: 4), upstream = randomTensor([3, size], seed: 42)
        let y = x.value.softmax(axis: -1)
        (y * upstream).sum().backward()
        var wantY: [Float] = [], wantGX: [Float] = []
        for r in 0..<3 {
            let row = Array(x.value.scalars[(r * size)..<((r + 1) * size)])
            let m = row.max() ?? 0
            let e = Tensor(shape: [size], values: row.map { $0 - m }).exp().scalars
            var lanes = SIMD8<Float>(), tail: Float = 0, i = 0
            while i + 8 <= size { lanes += SIMD8<Float>(e[i..<(i + 8)]); i += 8 }
            while i < size { tail += e[i]; i += 1 }
            let inv = 1 / Float(Double(lanes.sum() + tail))
            let out = e.map { $0 * inv }
            let g = Array(upstream.scalars[(r * size)..<((r + 1) * size)])
            var dot: Float = 0
            for j in 0..<size { dot += g[j] * out[j] }
            wantY += out
            wantGX += (0..<size).map { out[$0] * (g[$0] - dot) }
        }
        expectSameBits(y.scalars, wantY, "output (rows of \(size))")
        expectSameBits(x.grad?.scalars ?? [], wantGX, "input gradient (rows of \(size))")
    }
}
