import Testing
import Tensor

@Suite struct ElementwiseTests {
    @Test func broadcastingArithmeticMatchesHandComputedValues() {
        let a = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let row = Tensor([10, 20, 30])
        let column = Tensor(shape: [2, 1], values: [100, 200])
        #expect((a + row).scalars == [11, 22, 33, 14, 25, 36])
        #expect((a * column).scalars == [100, 200, 300, 800, 1000, 1200])
        #expect((a - column).scalars == [-99, -98, -97, -196, -195, -194])
        #expect((row / a).scalars == [10, 10, 10, 2.5, 4, 5])
        #expect((2 - a).scalars == [1, 0, -1, -2, -3, -4])
        #expect((12 / a).scalars == [12, 6, 4, 3, 2.4, 2])
        #expect(Tensor.maximum(a, Tensor(3.5)).scalars == [3.5, 3.5, 3.5, 4, 5, 6])
        #expect(Tensor.minimum(a, row * 0.1).scalars == [1, 2, 3, 1, 2, 3])
        #expect(a.clamped(min: 2, max: 5).scalars == [2, 2, 3, 4, 5, 5])
        // Empty tensors broadcast and reduce like any other.
        let empty = Tensor.zeros([0, 3]) + Tensor.zeros([2, 1, 3])
        #expect(empty.shape == [2, 0, 3] && empty.count == 0)
        #expect(empty.sum(axis: 1).scalars == [0, 0, 0, 0, 0, 0])
    }

    @Test func binaryOpsBackwardMatchFiniteDifferences() {
        let a = randomVariable([2, 3, 4], seed: 1)
        let b = randomVariable([3, 1], seed: 2, low: 0.5, high: 1.5)
        let c = randomVariable([4], seed: 3)
        expectGradients([a, b, c]) { a.value + b.value * c.value }
        expectGradients([a, b, c]) { (a.value - c.value) / b.value }
        expectGradients([a, b]) { 3 * a.value - b.value / 2 + 1 }
        expectGradients([b]) { 2 / b.value - (-b.value) }
        // Operands separated by more than the step so the winner never flips.
        let lowVar = Variable(Tensor(shape: [2, 2], values: [0.1, 0.9, -0.5, 0.3]))
        let highVar = Variable(Tensor(shape: [1, 2], values: [0.5, 0.0]))
        expectGradients([lowVar, highVar]) { Tensor.maximum(lowVar.value, highVar.value) }
        expectGradients([lowVar, highVar]) { Tensor.minimum(lowVar.value, highVar.value) }
    }

    @Test func mathFunctionsBackwardMatchFiniteDifferences() {
        let x = randomVariable([3, 5], seed: 4)
        let positive = randomVariable([3, 5], seed: 5, low: 0.5, high: 2)
        expectGradients([x]) { x.value.exp() }
        expectGradients([positive]) { positive.value.log() }
        expectGradients([positive]) { positive.value.sqrt() }
        expectGradients([positive]) { positive.value.pow(1.7) }
        expectGradients([x]) { x.value.squared() }
        let awayFromKinks = Variable(Tensor(shape: [4], values: [-0.7, -0.2, 0.3, 0.9]))
        expectGradients([awayFromKinks]) { awayFromKinks.value.abs() }
        expectGradients([awayFromKinks]) { awayFromKinks.value.clamped(min: -0.5, max: 0.5) }
    }
}
