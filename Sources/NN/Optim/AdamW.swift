import Foundation
import Tensor

/// Adam with decoupled weight decay (Loshchilov & Hutter), following PyTorch's `torch.optim.AdamW`
/// step for step:
///
///     p ← p·(1 − lr·λ)
///     m ← m + (1 − β₁)(g − m)            v ← β₂·v + (1 − β₂)·g²
///     p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
///
/// with t the parameter's own update count. State per parameter: `exp_avg`, `exp_avg_sq`, `step`.
public final class AdamW: Optimizer {
    /// The learning rate of the next step.
    public var learningRate: Float
    /// β₁ and β₂, the decay rates of the first and second moment estimates.
    public let betas: (Float, Float)
    /// The term added to the denominator for stability.
    public let epsilon: Float
    /// The decoupled weight-decay coefficient λ.
    public let weightDecay: Float
    private var slots: OptimizerSlots

    /// An AdamW optimiser over `parameters` (paths name its checkpoint state); PyTorch's defaults.
    public init(_ parameters: [(path: String, variable: Variable)], learningRate: Float = 1e-3,
                betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8, weightDecay: Float = 1e-2) {
        self.learningRate = learningRate
        self.betas = betas
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        slots = OptimizerSlots(parameters: parameters, kinds: ["exp_avg", "exp_avg_sq"])
    }

    /// An AdamW optimiser over every parameter of `module`.
    public convenience init(module: Module, learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999),
                            epsilon: Float = 1e-8, weightDecay: Float = 1e-2) {
        self.init(module.namedParameters(), learningRate: learningRate, betas: betas,
                  epsilon: epsilon, weightDecay: weightDecay)
    }

    /// Applies one AdamW update to every trainable parameter that has a gradient.
    public func step() {
        let (beta1, beta2) = betas
        for (index, parameter) in slots.parameters.enumerated() {
            let variable = parameter.variable
            guard variable.requiresGrad, variable.grad != nil else { continue }
            let count = variable.shape.reduce(1, *)
            var m = slots.buffers["exp_avg"]![index] ?? [Float](repeating: 0, count: count)
            var v = slots.buffers["exp_avg_sq"]![index] ?? [Float](repeating: 0, count: count)
            slots.steps[index] += 1
            let t = Double(slots.steps[index])
            let decay = Float(1 - Double(learningRate) * Double(weightDecay))
            let stepSize = Float(Double(learningRate) / (1 - pow(Double(beta1), t)))
            let correction2 = Float(sqrt(1 - pow(Double(beta2), t)))
            let (oneMinusBeta1, oneMinusBeta2, epsilon) = (1 - beta1, 1 - beta2, self.epsilon)
            variable.updateInPlace { g, p in
                for i in 0..<count {
                    p[i] *= decay
                    m[i] += oneMinusBeta1 * (g[i] - m[i])
                    v[i] = beta2 * v[i] + oneMinusBeta2 * (g[i] * g[i])
                    p[i] -= stepSize * (m[i] / (v[i].squareRoot() / correction2 + epsilon))
                }
            }
            slots.buffers["exp_avg"]![index] = m
            slots.buffers["exp_avg_sq"]![index] = v
        }
    }

    /// Clears every parameter's gradient.
    public func zeroGrad() {
        for parameter in slots.parameters { parameter.variable.zeroGrad() }
    }

    /// `step.<path>`, `exp_avg.<path>` and `exp_avg_sq.<path>` for every parameter updated so far.
    public func state() -> [String: StoredTensor] { slots.state() }

    /// Restores a state saved by `state()`.
    public func load(state: [String: StoredTensor], source: String = "<memory>") throws {
        try slots.load(state: state, source: source)
    }
}
