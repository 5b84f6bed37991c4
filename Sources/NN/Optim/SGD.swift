import Tensor

/// Stochastic gradient descent with optional momentum, Nesterov momentum and (coupled, L2) weight
/// decay, following PyTorch's `torch.optim.SGD`:
///
///     g ← g + λ·p
///     b ← g on the first step, else μ·b + (1 − dampening)·g
///     g ← g + μ·b (Nesterov) or b (plain momentum)
///     p ← p − lr·g
///
/// State per parameter (when μ ≠ 0): `momentum_buffer`, `step`.
public final class SGD: Optimizer {
    /// The learning rate of the next step.
    public var learningRate: Double
    /// The momentum factor μ (0 disables momentum).
    public let momentum: Double
    /// The dampening of the momentum update.
    public let dampening: Double
    /// Whether to use Nesterov momentum.
    public let nesterov: Bool
    /// The L2 weight-decay coefficient λ, added to the gradient.
    public let weightDecay: Double
    private var slots: OptimizerSlots

    /// An SGD optimiser over `parameters` (paths name its checkpoint state).
    /// Nesterov momentum needs a positive momentum and zero dampening, as in PyTorch.
    public init(_ parameters: [(path: String, variable: Variable)], learningRate: Double, momentum: Double = 0,
                dampening: Double = 0, nesterov: Bool = false, weightDecay: Double = 0) {
        precondition(!nesterov || (momentum > 0 && dampening == 0),
                     "SGD: Nesterov momentum requires momentum > 0 and dampening 0")
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        slots = OptimizerSlots(parameters: parameters, kinds: momentum == 0 ? [] : ["momentum_buffer"])
    }

    /// An SGD optimiser over every parameter of `module`.
    public convenience init(module: Module, learningRate: Double, momentum: Double = 0, dampening: Double = 0,
                            nesterov: Bool = false, weightDecay: Double = 0) {
        self.init(module.namedParameters(), learningRate: learningRate, momentum: momentum,
                  dampening: dampening, nesterov: nesterov, weightDecay: weightDecay)
    }

    /// Applies one SGD update to every trainable parameter that has a gradient.
    public func step() {
        // Constants rounded once to Float, as PyTorch does with its Python-float hyperparameters.
        let (lr, mu, decay, nesterov) = (Float(learningRate), Float(momentum), Float(weightDecay), nesterov)
        let keep = Float(1 - dampening)
        for (index, parameter) in slots.parameters.enumerated() {
            let variable = parameter.variable
            guard variable.requiresGrad, variable.grad != nil else { continue }
            let count = variable.shape.reduce(1, *)
            let first = slots.steps[index] == 0
            slots.steps[index] += 1
            var buffer = mu == 0 ? [] : slots.take("momentum_buffer", index, count: count)
            buffer.withUnsafeMutableBufferPointer { buffer in
                variable.updateInPlace { g, p in
                    forEachChunk(count) { range in
                        for i in range {
                            var d = decay == 0 ? g[i] : g[i] + decay * p[i]
                            if mu != 0 {
                                buffer[i] = first ? d : buffer[i] * mu + keep * d
                                d = nesterov ? d + mu * buffer[i] : buffer[i]
                            }
                            p[i] += -lr * d
                        }
                    }
                }
            }
            if mu != 0 { slots.put("momentum_buffer", index, buffer) }
        }
    }

    /// Clears every parameter's gradient.
    public func zeroGrad() {
        for parameter in slots.parameters { parameter.variable.zeroGrad() }
    }

    /// `step.<path>` and, with momentum, `momentum_buffer.<path>` for every parameter updated so far.
    public func state() -> [String: StoredTensor] { slots.state() }

    /// Restores a state saved by `state()`.
    public func load(state: [String: StoredTensor], source: String = "<memory>") throws {
        try slots.load(state: state, source: source)
    }
}
