import Foundation
import Testing
import Tensor
import NN

/// Results computed once by PyTorch 2.13 (see Fixtures/make_torch_reference.py).
private let torchReference = try! SafeTensorsFile(contentsOf: FixtureFiles.url("torch_reference.safetensors"))

private func reference(_ name: String) -> [Float] { try! torchReference.tensor(named: name).values }

/// True when every pair agrees to `relative` of the larger magnitude (or 1e-7 absolutely).
private func close(_ a: [Float], _ b: [Float], relative: Float = 2e-6) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= max(1e-7, relative * max(abs($0), abs($1))) }
}

/// A parameter at `values` with gradient `gradient`.
private func parameter(_ values: [Float], gradient: [Float]? = nil) -> Variable {
    let variable = Variable(Tensor(shape: [values.count], values: values))
    if let gradient { variable.grad = Tensor(shape: [gradient.count], values: gradient) }
    return variable
}

/// Runs the three reference steps of make_torch_reference.py with `make`'s optimiser and returns
/// the parameter after each, and the optimiser's final state.
private func runReference(_ make: ([(path: String, variable: Variable)]) -> any Optimizer)
    -> (values: [[Float]], state: [String: StoredTensor]) {
    let variable = Variable(Tensor(shape: [2, 3], values: reference("initial")))
    let optimizer = make([("w", variable)])
    let values = (0..<3).map { k in
        variable.grad = Tensor(shape: [2, 3], values: reference("grad.\(k)"))
        optimizer.step()
        return variable.value.scalars
    }
    return (values, optimizer.state())
}

@Suite("Optimisers, schedules, clipping, EMA")
struct OptimizerTests {
    @Test("AdamW's first two steps match the update worked by hand")
    func adamWByHand() {
        let p = parameter([1.0, -2.0], gradient: [0.5, -0.25])
        let adam = AdamW([("p", p)], learningRate: 0.1, betas: (0.9, 0.99), epsilon: 1e-8, weightDecay: 0.5)
        adam.step()
        // Step 1: m = 0.1 g, v = 0.01 g², bias-corrected m̂/√v̂ = g/|g| = ±1; decay factor 1 − 0.1·0.5.
        #expect(close(p.value.scalars, [1.0 * 0.95 - 0.1, -2.0 * 0.95 + 0.1], relative: 1e-6))
        p.grad = Tensor(shape: [2], values: [0.5, 0.75])
        adam.step()
        var expected: [Float] = []
        for (i, (g1, g2)) in [(0.5, 0.5), (-0.25, 0.75)].enumerated() {
            let p1 = [0.85, -1.8][i]
            let m = 0.9 * (0.1 * g1) + 0.1 * g2, v = 0.99 * (0.01 * g1 * g1) + 0.01 * g2 * g2
            let mHat = m / (1 - 0.81), vHat = v / (1 - 0.9801)
            expected.append(Float(p1 * 0.95 - 0.1 * mHat / (vHat.squareRoot() + 1e-8)))
        }
        #expect(close(p.value.scalars, expected, relative: 1e-6))
    }

    @Test("AdamW and SGD follow PyTorch over three steps")
    func matchesPyTorch() {
        let (adam, adamState) = runReference { AdamW($0, learningRate: 0.01, betas: (0.9, 0.999), epsilon: 1e-8, weightDecay: 0.1) }
        let plain = runReference { SGD($0, learningRate: 0.1) }.values
        let momentum = runReference { SGD($0, learningRate: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01) }.values
        let nesterov = runReference { SGD($0, learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01) }.values
        // Both follow PyTorch's CPU arithmetic, so parameters and moments agree bit for bit.
        for k in 0..<3 {
            #expect(adam[k] == reference("adamw.\(k)"), "AdamW step \(k + 1)")
            #expect(plain[k] == reference("sgd_plain.\(k)"), "SGD step \(k + 1)")
            #expect(momentum[k] == reference("sgd_momentum.\(k)"), "SGD momentum step \(k + 1)")
            #expect(nesterov[k] == reference("sgd_nesterov.\(k)"), "SGD Nesterov step \(k + 1)")
        }
        #expect(adamState["exp_avg.w"]!.values == reference("adamw.exp_avg"))
        #expect(adamState["exp_avg_sq.w"]!.values == reference("adamw.exp_avg_sq"))
        #expect(adamState["step.w"]!.values == [3])
    }

    @Test("SGD with Nesterov momentum by hand")
    func nesterovByHand() {
        let p = parameter([1.0], gradient: [2.0])
        let sgd = SGD([("p", p)], learningRate: 0.5, momentum: 0.5, nesterov: true, weightDecay: 0.25)
        sgd.step()  // d = 2 + 0.25 = 2.25; b = 2.25; d = 2.25 + 0.5·2.25 = 3.375; p = 1 − 1.6875
        #expect(p.value.scalars == [-0.6875])
        p.grad = Tensor(shape: [1], values: [1.0])
        sgd.step()  // d = 1 − 0.171875 = 0.828125; b = 1.125 + 0.828125 = 1.953125; d = 0.828125 + 0.9765625
        #expect(p.value.scalars == [-0.6875 - 0.5 * (0.828125 + 0.9765625)])
    }

    @Test("frozen parameters and parameters without gradients are left alone")
    func skipsFrozen() {
        let frozen = parameter([1, 2], gradient: [1, 1])
        frozen.requiresGrad = false
        let untouched = parameter([3])
        let sgd = SGD([("a", frozen), ("b", untouched)], learningRate: 1)
        sgd.step()
        #expect(frozen.value.scalars == [1, 2] && untouched.value.scalars == [3])
        #expect(sgd.state().isEmpty)
    }

    @Test("SGD momentum state restores into a fresh optimiser, and bad states are refused by name")
    func sgdStateRoundTrip() throws {
        func run(_ sgd: SGD, _ p: Variable, gradients: [[Float]]) {
            for g in gradients {
                p.grad = Tensor(shape: [2], values: g)
                sgd.step()
            }
        }
        let p = parameter([1, -1]), q = parameter([1, -1])
        let first = SGD([("p", p)], learningRate: 0.1, momentum: 0.9, nesterov: true)
        run(first, p, gradients: [[0.5, 1], [0.25, -2]])
        let second = SGD([("p", q)], learningRate: 0.1, momentum: 0.9, nesterov: true)
        q.value = p.value
        try second.load(state: first.state(), source: "sgd.safetensors")
        run(first, p, gradients: [[1, 1], [-3, 0.5]])
        run(second, q, gradients: [[1, 1], [-3, 0.5]])
        #expect(p.value.scalars.map(\.bitPattern) == q.value.scalars.map(\.bitPattern))
        #expect(first.state() == second.state())
        #expect(first.state()["step.p"]?.values == [4])

        var state = first.state()
        state["momentum_buffer.p"] = StoredTensor(shape: [3], values: [0, 0, 0])
        state["momentum_buffer.other"] = StoredTensor(shape: [1], values: [0])
        let error = #expect(throws: CheckpointError.self) { try second.load(state: state, source: "sgd.safetensors") }
        #expect(error?.shapeMismatches == [.init(name: "momentum_buffer.p", expected: [2], found: [3])])
        #expect(error?.unexpected == ["momentum_buffer.other"])
        #expect(second.state() == first.state(), "a refused state leaves the optimiser unchanged")
    }

    @Test("schedules give the documented values")
    func schedules() {
        let cosine = CosineWithWarmup(peak: 1.0, warmupSteps: 4, totalSteps: 12, minimum: 0.1)
        #expect(cosine.learningRate(atStep: 0) == 0)
        #expect(cosine.learningRate(atStep: 2) == 0.5)
        #expect(cosine.learningRate(atStep: 4) == 1.0)
        #expect(abs(cosine.learningRate(atStep: 8) - (0.1 + 0.9 * 0.5)) < 1e-15)
        #expect(abs(cosine.learningRate(atStep: 6) - (0.1 + 0.9 * 0.5 * (1 + 0.5.squareRoot()))) < 1e-15)
        #expect(cosine.learningRate(atStep: 12) == 0.1 && cosine.learningRate(atStep: 50) == 0.1)

        let step = StepDecay(initial: 0.5, stepSize: 3, gamma: 0.5)
        let exponential = ExponentialDecay(initial: 0.5, gamma: 0.9)
        // PyTorch's rates are Python floats, stored in the fixture as Float32.
        let stepRates = (0..<10).map { Float(step.learningRate(atStep: $0)) }
        let exponentialRates = (0..<10).map { Float(exponential.learningRate(atStep: $0)) }
        #expect(stepRates == reference("schedule.step"))
        // PyTorch multiplies by gamma step after step; the closed form rounds once: within 1e-7.
        #expect(close(exponentialRates, reference("schedule.exponential"), relative: 1.2e-7))
    }

    @Test("clipping scales all gradients to the global norm, as PyTorch does")
    func clipping() {
        let a = parameter([0, 0], gradient: [3, 4]), b = parameter([0], gradient: [12]), c = parameter([5])
        let norm = clipGradientNorm([a, b, c], maxNorm: 5)
        #expect(norm == 13 && norm == reference("clip.norm")[0])
        #expect(close(a.grad!.scalars, reference("clip.a"), relative: 1e-7))
        #expect(close(b.grad!.scalars, reference("clip.b"), relative: 1e-7))
        #expect(c.grad == nil)
        #expect(clipGradientNorm([a, b], maxNorm: 100) < 5.0001)
        #expect(close(a.grad!.scalars, reference("clip.a"), relative: 1e-7))
    }
}
