import Foundation
import Testing
import Tensor
import NN

/// A variable holding `values` in `shape` (test inputs whose gradients are checked too).
private func input(_ shape: [Int], _ values: [Float]) -> Variable {
    Variable(Tensor(shape: shape, values: values))
}

/// Deterministic, distinct, non-symmetric test values.
private func ramp(_ count: Int, scale: Float = 0.1, offset: Float = -0.3) -> [Float] {
    (0..<count).map { offset + scale * Float(($0 * 7) % 11) + 0.01 * Float($0) }
}

private func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
}

/// Every parameter of `module` plus the given inputs, checked against central differences.
private func expectGradients(_ module: Module, inputs: [Variable], _ f: () -> Tensor,
                             sourceLocation: SourceLocation = #_sourceLocation) {
    let result = GradientCheck.check(module.parameters() + inputs, epsilon: 1e-2, f)
    #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
    #expect(result.checked == (module.parameters() + inputs).reduce(0) { $0 + $1.shape.reduce(1, *) },
            sourceLocation: sourceLocation)
}

@Suite("Layers")
struct LayerTests {
    @Test("Linear computes x·Wᵀ + b and its gradients")
    func linear() {
        var stream = RandomStream(seed: 1)
        let layer = Linear(inputs: 2, outputs: 2, using: &stream)
        layer.weight.value = Tensor(shape: [2, 2], values: [1, 2, 3, 4])
        layer.bias!.value = Tensor(shape: [2], values: [0.5, -1])
        let x = input([3, 2], [1, 1, 0, 2, -1, 0.5])
        #expect(layer(x.value).scalars == [3.5, 6, 4.5, 7, 0.5, -2])
        expectGradients(layer, inputs: [x]) { layer(x.value) }
        #expect(Linear(inputs: 5, outputs: 3, bias: false, using: &stream)(Tensor.zeros([4, 7, 5])).shape == [4, 7, 3])
    }

    @Test("Conv2d and depthwise Conv2d on hand-computed cases, and their gradients")
    func convolution() {
        var stream = RandomStream(seed: 2)
        let conv = Conv2d(inChannels: 1, outChannels: 1, kernelSize: 2, bias: false, using: &stream)
        conv.weight.value = Tensor.ones([1, 1, 2, 2])
        let image = Tensor(shape: [1, 1, 3, 3], values: (1...9).map(Float.init))
        #expect(conv(image).scalars == [12, 16, 24, 28])

        let padded = Conv2d(inChannels: 1, outChannels: 1, kernelSize: 3, stride: 2, padding: 1, using: &stream)
        padded.weight.value = Tensor.ones([1, 1, 3, 3])
        padded.bias!.value = Tensor(shape: [1], values: [1])
        // Stride 2 with padding 1 visits the corners of the padded 3×3 image: each window sums a 2×2 corner.
        let cornerSums: [Float] = [1 + 12, 1 + 16, 1 + 24, 1 + 28]
        #expect(padded(image).scalars == cornerSums)

        let depthwise = Conv2d.depthwise(channels: 2, kernelSize: 1, bias: false, using: &stream)
        #expect(depthwise.weight.shape == [2, 1, 1, 1] && depthwise.groups == 2)
        depthwise.weight.value = Tensor(shape: [2, 1, 1, 1], values: [2, -1])
        let twoChannels = Tensor(shape: [1, 2, 1, 2], values: [1, 2, 3, 4])
        #expect(depthwise(twoChannels).scalars == [2, 4, -3, -4])

        let x = input([2, 2, 4, 4], ramp(64))
        let full = Conv2d(inChannels: 2, outChannels: 3, kernelSize: 3, padding: 1, using: &stream)
        expectGradients(full, inputs: [x]) { full(x.value) }
        let dw = Conv2d.depthwise(channels: 2, kernelSize: 3, stride: 2, padding: 1, using: &stream)
        expectGradients(dw, inputs: [x]) { dw(x.value) }
    }

    @Test("BatchNorm2d normalises with batch statistics in training and running ones in evaluation")
    func batchNorm() {
        let norm = BatchNorm2d(channels: 2)
        // Channel 0 holds 1, 3, 5, 7 (mean 4, biased variance 5); channel 1 holds 2 everywhere.
        let x = Tensor(shape: [2, 2, 1, 2], values: [1, 3, 2, 2, 5, 7, 2, 2])
        let y = norm(x)
        let s = 1 / (5 + 1e-5 as Float).squareRoot()
        #expect(close(y.scalars, [-3 * s, -s, 0, 0, s, 3 * s, 0, 0]))
        #expect(close(norm.runningMean.value.scalars, [0.4, 0.2]))
        #expect(close(norm.runningVariance.value.scalars, [0.9 + 0.1 * 20 / 3, 0.9]))

        norm.eval()
        let z = norm(x)
        let mean: [Float] = [0.4, 0.2], variance: [Float] = [0.9 + 2 / 3, 0.9]
        let expected = x.scalars.enumerated().map { i, v in
            let c = (i / 2) % 2
            return (v - mean[c]) / (variance[c] + 1e-5).squareRoot()
        }
        #expect(close(z.scalars, expected))
        #expect(close(norm.runningMean.value.scalars, [0.4, 0.2]), "evaluation leaves running statistics alone")

        let trained = BatchNorm2d(channels: 3)
        trained.weight!.value = Tensor(shape: [3], values: [1.5, -0.5, 2])
        trained.bias!.value = Tensor(shape: [3], values: [0.1, 0.2, -0.3])
        let v = input([2, 3, 2, 2], ramp(24))
        expectGradients(trained, inputs: [v]) { trained(v.value) }
        trained.eval()
        expectGradients(trained, inputs: [v]) { trained(v.value) }
    }

    @Test("LayerNorm over the last axis and over the channels of NCHW")
    func layerNorm() {
        let norm = LayerNorm(features: 3)
        let r = (1.5 as Float).squareRoot() / (1 + 1.5e-5 as Float).squareRoot()
        #expect(close(norm(Tensor(shape: [1, 3], values: [1, 2, 3])).scalars, [-r, 0, r]))

        let channels = LayerNorm(features: 3, axis: 1)
        channels.weight!.value = Tensor(shape: [3], values: [1, 2, -1])
        channels.bias!.value = Tensor(shape: [3], values: [0, 0.5, 1])
        let lastAxis = LayerNorm(features: 3)
        lastAxis.weight!.value = channels.weight!.value
        lastAxis.bias!.value = channels.bias!.value
        let x = input([2, 3, 2, 2], ramp(24))
        let viaPermute = lastAxis(x.value.permuted([0, 2, 3, 1])).permuted([0, 3, 1, 2])
        #expect(close(channels(x.value).scalars, viaPermute.scalars))
        expectGradients(channels, inputs: [x]) { channels(x.value) }
        let y = input([2, 4], ramp(8))
        let last = LayerNorm(features: 4)
        expectGradients(last, inputs: [y]) { last(y.value) }
    }

    @Test("Embedding looks up rows and sums gradients of repeated indices")
    func embedding() {
        var stream = RandomStream(seed: 3)
        let table = Embedding(count: 3, dimension: 2, using: &stream)
        table.weight.value = Tensor(shape: [3, 2], values: [0, 1, 10, 11, 20, 21])
        let looked = table([2, 0, 2, 1], shape: [2, 2])
        #expect(looked.shape == [2, 2, 2])
        #expect(looked.scalars == [20, 21, 0, 1, 20, 21, 10, 11])
        looked.sum().backward()
        #expect(table.weight.grad?.scalars == [1, 1, 1, 1, 2, 2])
    }

    @Test("multi-head attention matches attention computed by hand, and its gradients")
    func attention() {
        var stream = RandomStream(seed: 4)
        let attention = MultiHeadAttention(dimension: 4, heads: 2, using: &stream)
        for projection in [attention.query, attention.key, attention.value, attention.output] {
            projection.weight.value = Tensor(shape: [4, 4], values: (0..<16).map { $0 % 5 == 0 ? 1 : 0 })
            projection.bias!.value = Tensor.zeros([4])
        }
        // Identity projections: each head attends with its own two features.
        let tokens: [[Float]] = [[1, 0, 0.5, -1], [0, 2, 1, 1], [-1, 1, 0, 0.5]]
        let x = Tensor(shape: [1, 3, 4], values: tokens.flatMap { $0 })
        var expected = [[Float]](repeating: [0, 0, 0, 0], count: 3)
        for head in 0..<2 {
            let features = (2 * head)..<(2 * head + 2)
            for i in 0..<3 {
                let scores = (0..<3).map { j in features.reduce(0) { $0 + tokens[i][$1] * tokens[j][$1] } / Float(2).squareRoot() }
                let weights = scores.map { exp($0 - scores.max()!) }
                let total = weights.reduce(0, +)
                for f in features { expected[i][f] = (0..<3).reduce(0) { $0 + weights[$1] / total * tokens[$1][f] } }
            }
        }
        #expect(close(attention(x).scalars, expected.flatMap { $0 }))

        let fresh = MultiHeadAttention(dimension: 4, heads: 2, contextDimension: 3, using: &stream)
        let query = input([2, 3, 4], ramp(24)), context = input([2, 5, 3], ramp(30, scale: 0.07))
        #expect(fresh(query.value, context: context.value).shape == [2, 3, 4])
        expectGradients(fresh, inputs: [query, context]) { fresh(query.value, context: context.value) }
    }

    @Test("MLP applies fc1, the activation and fc2; dropout is seeded and off in evaluation")
    func mlpAndDropout() {
        var stream = RandomStream(seed: 5)
        let mlp = MLP(inputs: 2, hidden: 3, outputs: 1, activation: .relu, using: &stream)
        mlp.fc1.weight.value = Tensor(shape: [3, 2], values: [1, 0, 0, 1, 1, 1])
        mlp.fc1.bias!.value = Tensor(shape: [3], values: [0, 0, -5])
        mlp.fc2.weight.value = Tensor(shape: [1, 3], values: [1, 2, 3])
        mlp.fc2.bias!.value = Tensor(shape: [1], values: [0.5])
        // Row 1: hidden relu(1, −2, −6) = (1, 0, 0) → 1 + 0.5. Row 2: relu(3, 4, 2) → 3 + 8 + 6 + 0.5.
        let expected: [Float] = [1.5, 17.5]
        #expect(mlp(Tensor(shape: [2, 2], values: [1, -2, 3, 4])).scalars == expected)
        let gelu = MLP(inputs: 3, hidden: 4, using: &stream)
        let x = input([2, 3], ramp(6))
        expectGradients(gelu, inputs: [x]) { gelu(x.value) }

        let dropout = Dropout(probability: 0.25)
        let ones = Tensor.ones([4000])
        var first = RandomStream(seed: 9), second = RandomStream(seed: 9)
        let a = dropout(ones, using: &first), b = dropout(ones, using: &second)
        #expect(a.scalars == b.scalars)
        #expect(Set(a.scalars) == [0, 1 / 0.75])
        let dropped = a.scalars.filter { $0 == 0 }.count
        #expect(abs(Double(dropped) / 4000 - 0.25) < 0.03)
        dropout.eval()
        #expect(dropout(ones, using: &first).scalars == ones.scalars)
    }

    @Test("initialisers draw from the documented distributions, reproducibly")
    func initializers() {
        #expect(Initializer.fans([8, 4, 3, 3]) == (36, 72))
        func sample(_ initializer: Initializer, _ shape: [Int] = [200, 300]) -> [Float] {
            var stream = RandomStream(seed: 11)
            return initializer.tensor(shape, using: &stream).scalars
        }
        func moments(_ values: [Float]) -> (mean: Double, std: Double) {
            let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
            let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
            return (mean, variance.squareRoot())
        }
        // 60 000 draws: the sample std is within 1% of the true one with overwhelming probability.
        let he = moments(sample(.kaimingNormal(gain: Initializer.Gain.relu, mode: .fanIn)))
        #expect(abs(he.std - (2.0 / 300).squareRoot()) < 0.01 * (2.0 / 300).squareRoot() && abs(he.mean) < 1e-3)
        let heFanOut = moments(sample(.kaimingNormal(gain: 1, mode: .fanOut)))
        #expect(abs(heFanOut.std - (1.0 / 200).squareRoot()) < 0.01 * (1.0 / 200).squareRoot())
        let glorot = moments(sample(.xavierNormal(gain: 1)))
        #expect(abs(glorot.std - (2.0 / 500).squareRoot()) < 0.01 * (2.0 / 500).squareRoot())

        for (initializer, bound) in [(Initializer.kaimingUniform(gain: 1, mode: .fanIn), (3.0 / 300).squareRoot()),
                                     (.xavierUniform(gain: 2), 2 * (6.0 / 500).squareRoot()),
                                     (.pytorchDefault, (1.0 / 300).squareRoot())] {
            let values = sample(initializer)
            let largest = Double(values.map(abs).max()!)
            #expect(largest <= bound && largest > 0.99 * bound)
            #expect(abs(moments(values).std - bound / 3.0.squareRoot()) < 0.01 * bound)
        }
        let truncated = sample(.truncatedNormal(mean: 0, std: 1, low: -0.5, high: 1))
        #expect(truncated.allSatisfy { $0 >= -0.5 && $0 <= 1 } && truncated.min()! < -0.49 && truncated.max()! > 0.99)
        #expect(sample(.zeros, [3]) == [0, 0, 0] && sample(.ones, [2]) == [1, 1])
        #expect(sample(.xavierUniform(gain: 1)) == sample(.xavierUniform(gain: 1)))
        #expect(sample(.kaimingNormal()) == sample(.kaimingNormal(gain: Initializer.Gain.relu, mode: .fanIn)))
        #expect(sample(.truncatedNormal(), [1000]).allSatisfy { abs($0) <= 2 })

        var stream = RandomStream(seed: 12)
        let conv = Conv2d(inChannels: 4, outChannels: 2, kernelSize: 3, using: &stream)
        let bound: Float = 1 / 6  // 1/√(4·3·3)
        #expect(conv.weight.value.scalars.allSatisfy { abs($0) <= bound })
        #expect(conv.bias!.value.scalars.allSatisfy { abs($0) <= bound })
    }
}
