import Testing
import Tensor

@Suite struct AutodiffTests {
    @Test func gradientsAccumulateOverUsesAndPasses() {
        // y = x·x + 3x  ⇒  dy/dx = 2x + 3
        let x = Variable(Tensor([1, -2]))
        let y = (x.value * x.value + 3 * x.value).sum()
        y.backward()
        #expect(x.grad?.scalars == [5, -1])
        y.backward()
        #expect(x.grad?.scalars == [10, -2])
        x.zeroGrad()
        #expect(x.grad == nil)
    }

    @Test func frozenVariablesAndDisabledRecordingGetNoGradient() {
        let trained = Variable(Tensor([1, 2]))
        let frozen = Variable(Tensor([3, 4]), requiresGrad: false)
        (trained.value * frozen.value).sum().backward()
        #expect(trained.grad?.scalars == [3, 4])
        #expect(frozen.grad == nil)
        frozen.requiresGrad = true
        let unrecorded = Tensor.withoutGradients { (trained.value * frozen.value).sum() }
        #expect(unrecorded.isRecorded == false)
        unrecorded.backward()
        #expect(frozen.grad == nil)
        let stopped = (trained.value.detached() * frozen.value).sum()
        trained.zeroGrad()
        stopped.backward()
        #expect(trained.grad == nil)
        #expect(frozen.grad?.scalars == [1, 2])
    }

    @Test func inPlaceUpdatesDoNotChangeRecordedValues() {
        let w = Variable(Tensor([2]))
        let y = (w.value * w.value).sum()
        w.withUnsafeMutableValues { $0[0] = 100 }
        y.backward()
        #expect(w.grad?.scalars == [4])
        #expect(w.value.scalars == [100])
    }

    @Test func badDataIsATypedErrorNamingTheShape() {
        #expect(throws: TensorError.elementCountMismatch(shape: [2, 3], expected: 6, count: 5)) {
            try Tensor([1, 2, 3, 4, 5], shape: [2, 3])
        }
        #expect(throws: TensorError.invalidShape([2, -1])) { try Tensor([], shape: [2, -1]) }
        #expect(TensorError.elementCountMismatch(shape: [2, 3], expected: 6, count: 5).description
                == "tensor of shape [2, 3] needs 6 values, got 5")
    }

    @Test func shapeMismatchesStopWithTheOpAndBothShapes() async {
        let add = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }
        #expect(add.map { String(decoding: $0.standardErrorContent, as: UTF8.self) }?
            .contains("add: shapes [2, 3] and [4] cannot be broadcast together") == true)
        let matmul = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 5]))
        }
        #expect(matmul.map { String(decoding: $0.standardErrorContent, as: UTF8.self) }?
            .contains("matmul: shapes [2, 3] and [4, 5] are incompatible") == true)
        let conv = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([1, 3, 8, 8]).conv2d(weight: Tensor.zeros([4, 2, 3, 3]))
        }
        #expect(conv.map { String(decoding: $0.standardErrorContent, as: UTF8.self) }?
            .contains("conv2d: input [1, 3, 8, 8] and weight [4, 2, 3, 3] disagree for groups 1") == true)
    }

    @Test func anomalyModeNamesTheFirstOpProducingNaNOrInf() throws {
        let x = Variable(Tensor([1, -1, 2]))
        #expect(throws: TensorError.anomaly(op: "log", phase: .forward, shape: [3])) {
            try Anomaly.detect { (x.value.log() * 2).exp().sum() }
        }
        // sqrt(0) is finite, its gradient 1/(2·0) is not: the backward pass of sqrt is named.
        let z = Variable(Tensor([0, 4]))
        #expect(throws: TensorError.anomaly(op: "sqrt", phase: .backward, shape: [2])) {
            try Anomaly.detect { (z.value.sqrt() * 3).sum().backward() }
        }
        let fine = try Anomaly.detect { (x.value * 2).sum().item }
        #expect(fine == 4)
        #expect(Anomaly.isEnabled == false)
    }

    @Test func twoLayerPerceptronLearnsXORDeterministically() {
        func train() -> (loss: Float, predictions: [Int], weights: [Float]) {
            var stream = RandomStream(seed: 2024)
            let w1 = Variable(Tensor.normal([8, 2], std: 1, using: &stream))
            let b1 = Variable(Tensor.zeros([8]))
            let w2 = Variable(Tensor.normal([2, 8], std: 0.5, using: &stream))
            let b2 = Variable(Tensor.zeros([2]))
            let x = Tensor(shape: [4, 2], values: [0, 0, 0, 1, 1, 0, 1, 1])
            let labels = [0, 1, 1, 0]
            var loss: Float = .infinity
            for _ in 0..<400 {
                let hidden = x.linear(weight: w1.value, bias: b1.value).tanh()
                let logits = hidden.linear(weight: w2.value, bias: b2.value)
                let l = Loss.crossEntropy(logits: logits, labels: labels)
                loss = l.item
                for v in [w1, b1, w2, b2] { v.zeroGrad() }
                l.backward()
                for v in [w1, b1, w2, b2] {
                    let g = v.grad!
                    v.withUnsafeMutableValues { values in
                        g.withUnsafeBufferPointer { grad in for i in 0..<values.count { values[i] -= 0.5 * grad[i] } }
                    }
                }
            }
            let logits = Tensor.withoutGradients {
                x.linear(weight: w1.value, bias: b1.value).tanh().linear(weight: w2.value, bias: b2.value)
            }
            return (loss, logits.argmax(axis: 1), w1.value.scalars + w2.value.scalars)
        }
        let first = train(), second = train()
        #expect(first.predictions == [0, 1, 1, 0])
        #expect(first.loss < 0.05)
        #expect(first.weights == second.weights)
    }
}
