import Testing
import Tensor
import _Differentiation

/// A second, independent oracle for the tape: the compiler's own reverse-mode differentiation
/// (`_Differentiation`) of the same small network written with scalar loops.
@differentiable(reverse, wrt: (weights, bias, readout))
func scalarNetwork(_ weights: [Float], _ bias: [Float], _ readout: [Float], inputs: [Float]) -> Float {
    // out = Σ_n Σ_j readout[j] · s(a_nj),  a_nj = Σ_i W[j,i]·x[n,i] + b[j],  s(a) = a / (1 + a²)
    let hidden = withoutDerivative(at: bias.count), features = withoutDerivative(at: inputs.count / 2)
    var total: Float = 0
    for n in 0..<2 {
        for j in 0..<hidden {
            var a = bias[j]
            for i in 0..<features { a = a + weights[j * features + i] * inputs[n * features + i] }
            total = total + readout[j] * (a / (1 + a * a))
        }
    }
    return total
}

@Suite struct DifferentiationOracleTests {
    @Test func tapeGradientsMatchTheCompilersReverseMode() {
        let x = randomTensor([2, 3], seed: 100)
        let w = randomVariable([4, 3], seed: 101), b = randomVariable([4], seed: 102), v = randomVariable([4], seed: 103)
        let a = x.linear(weight: w.value, bias: b.value)
        let out = (a / (1 + a.squared()) * v.value).sum()
        out.backward()
        let inputs = x.scalars
        let (value, (gw, gb, gv)) = valueWithGradient(at: w.value.scalars, b.value.scalars, v.value.scalars) { w, b, v in
            scalarNetwork(w, b, v, inputs: inputs)
        }
        expectClose([out.item], [value])
        expectClose(w.grad!.scalars, gw.base)
        expectClose(b.grad!.scalars, gb.base)
        expectClose(v.grad!.scalars, gv.base)
    }
}
