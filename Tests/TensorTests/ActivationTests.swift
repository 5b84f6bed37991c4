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
}
