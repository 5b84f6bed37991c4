import Foundation
import Testing
import Tensor

@Suite struct ActivationTests {
    @Test func activationsMatchHandComputedValues() {
        let x = Tensor([-2, -0.5, 0, 1.5])
        #expect(x.relu().scalars == [0, 0, 0, 1.5])
        expectClose(x.leakyRelu(slope: 0.1).scalars, [-0.2, -0.05, 0, 1.5])
        expectClose(x.sigmoid().scalars, [0.11920292, 0.37754067, 0.5, 0.81757448])
        expectClose(x.tanh().scalars, [-0.96402758, -0.46211716, 0, 0.90514825])
        // torch.nn.GELU()(x) and GELU(approximate="tanh")(x)
        expectClose(x.gelu().scalars, [-0.04550026, -0.15426877, 0, 1.39978920])
        expectClose(x.gelu(approximation: .tanh).scalars, [-0.04540231, -0.15428599, 0, 1.39957158])
    }

    @Test func activationsBackwardMatchFiniteDifferences() {
        let x = Variable(Tensor(shape: [2, 4], values: [-1.7, -0.6, -0.15, 0.2, 0.45, 0.9, 1.3, 2.2]))
        expectGradients([x]) { x.value.relu() }
        expectGradients([x]) { x.value.leakyRelu(slope: 0.1) }
        expectGradients([x]) { x.value.sigmoid() }
        expectGradients([x]) { x.value.tanh() }
        expectGradients([x]) { x.value.silu() }
        expectGradients([x]) { x.value.gelu() }
        expectGradients([x]) { x.value.gelu(approximation: .tanh) }
    }

    /// GELU and its gradient (C loops, split over threads) against x·Φ(x) and Φ(x) + x·φ(x) in
    /// double precision on 40,001 points of [−20, 20]: inside erf's 1.5e-7 and exp's 2e-7, and 0
    /// and the identity far out (where exp is clamped).
    @Test func geluMatchesTheExactFormulaEverywhere() {
        let count = 40_001
        let points = (0..<count).map { Float(-20 + 40 * Double($0) / Double(count - 1)) }
        let x = Variable(Tensor(shape: [count], values: points))
        let y = x.value.gelu()
        (y * 3).sum().backward()
        let values = y.scalars, gradients = x.grad?.scalars ?? []
        #expect(gradients.count == count)
        var worstValue = 0.0, worstGradient = 0.0
        for (i, p) in points.enumerated() where i < gradients.count {
            let v = Double(p), cdf = 0.5 * (1 + erf(v / 2.0.squareRoot())), pdf = exp(-v * v / 2) / (2 * Double.pi).squareRoot()
            worstValue = max(worstValue, abs(Double(values[i]) - v * cdf) / max(1, abs(v)))
            worstGradient = max(worstGradient, abs(Double(gradients[i]) - 3 * (cdf + v * pdf)))
        }
        #expect(worstValue < 5e-7, "largest error of GELU, relative beyond 1: \(worstValue)")
        #expect(worstGradient < 3e-6, "largest error of its gradient (times 3): \(worstGradient)")
        #expect(values[0] == 0 && values[count - 1] == 20 && gradients.first == 0 && gradients.last == 3)
    }

    /// The fused residual sum + ReLU gives the bits of `(a + b).relu()`, in value and in both
    /// gradients, for same-shape and broadcast operands, under a random upstream gradient.
    @Test func reluOfSumGivesTheBitsOfReLUAfterTheSum() {
        for bShape in [[2, 3, 4, 5], [1, 3, 1, 1]] {
            func run(fused: Bool) -> [[UInt32]] {
                let a = randomVariable([2, 3, 4, 5], seed: 91), b = randomVariable(bShape, seed: 92)
                let y = fused ? Tensor.reluOfSum(a.value, b.value) : (a.value + b.value).relu()
                (y * randomTensor([2, 3, 4, 5], seed: 93)).sum().backward()
                return [y, a.grad ?? Tensor.zeros([1]), b.grad ?? Tensor.zeros([1])].map { $0.scalars.map(\.bitPattern) }
            }
            let fused = run(fused: true), composed = run(fused: false)
            for (index, name) in ["output", "gradient of a", "gradient of b"].enumerated() {
                let differing = zip(fused[index], composed[index]).filter { $0 != $1 }.count
                #expect(fused[index].count == composed[index].count && differing == 0,
                        "\(name): \(differing) values differ (b \(bShape))")
            }
            let zeros = fused[0].filter { $0 == 0 }.count
            #expect(zeros > 0 && zeros < fused[0].count, "ReLU should clip some values and keep others")
        }
        let a = Variable(Tensor(shape: [2, 3], values: [-1.7, -0.6, 0.45, 0.2, 0.9, 2.2]))
        let b = Variable(Tensor(shape: [3], values: [0.3, -0.25, 0.5]))
        expectGradients([a, b]) { Tensor.reluOfSum(a.value, b.value) }
    }
}
