import CKernels
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
/// The arithmetic copies PyTorch 2.x on the CPU (constants rounded from Double once, fused
/// multiply-adds where its vectorised lerp and addcmul kernels fuse), and a test checks three
/// steps against PyTorch bit for bit.
public final class AdamW: Optimizer {
    /// The learning rate of the next step.
    public var learningRate: Double
    /// β₁ and β₂, the decay rates of the first and second moment estimates.
    public let betas: (Double, Double)
    /// The term added to the denominator for stability.
    public let epsilon: Double
    /// The decoupled weight-decay coefficient λ.
    public let weightDecay: Double
    private var slots: OptimizerSlots

    /// An AdamW optimiser over `parameters` (paths name its checkpoint state); PyTorch's defaults.
    public init(_ parameters: [(path: String, variable: Variable)], learningRate: Double = 1e-3,
                betas: (Double, Double) = (0.9, 0.999), epsilon: Double = 1e-8, weightDecay: Double = 1e-2) {
        self.learningRate = learningRate
        self.betas = betas
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        slots = OptimizerSlots(parameters: parameters, kinds: ["exp_avg", "exp_avg_sq"])
    }

    /// An AdamW optimiser over every parameter of `module`.
    public convenience init(module: Module, learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                            epsilon: Double = 1e-8, weightDecay: Double = 1e-2) {
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
            var m = slots.take("exp_avg", index, count: count)
            var v = slots.take("exp_avg_sq", index, count: count)
            slots.steps[index] += 1
            // Constants in Double, rounded once to Float, as PyTorch does with its Python-float
            // hyperparameters; products in the order of PyTorch's lerp (fused), addcmul (fused) and
            // addcdiv kernels.
            let t = Double(slots.steps[index])
            let decay = Float(1 - learningRate * weightDecay)
            let stepSize = Float(learningRate / (1 - pow(beta1, t)))
            let correction2 = Float((1 - pow(beta2, t)).squareRoot())
            let (weight1, decay2, weight2) = (Float(1 - beta1), Float(beta2), Float(1 - beta2))
            let epsilon = Float(self.epsilon)
            // Per element, in C (`lk_adamw_update`, whose clones use the FMA instruction):
            //   p *= decay
            //   m = m.addingProduct(weight1, g − m)
            //   v = (v·decay2).addingProduct(weight2·g, g)
            //   p += −stepSize·m / (√v / correction2 + epsilon)
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    variable.updateInPlace { g, p in
                        guard let pm = m.baseAddress, let pv = v.baseAddress, let pg = g.baseAddress,
                              let pp = p.baseAddress else { return }
                        forEachChunk(count) { range in
                            let i = range.lowerBound
                            lk_adamw_update(pp + i, pg + i, pm + i, pv + i, range.count, decay, weight1, decay2, weight2,
                                            stepSize, correction2, epsilon)
                        }
                    }
                }
            }
            slots.put("exp_avg", index, m)
            slots.put("exp_avg_sq", index, v)
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
