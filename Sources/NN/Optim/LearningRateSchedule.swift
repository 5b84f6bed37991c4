import Foundation

/// A learning rate as a function of the optimiser step (0 for the first step). Rates are Double,
/// as PyTorch's are Python floats; optimisers round what they derive from them to Float once.
public protocol LearningRateSchedule: Sendable {
    /// The learning rate to use for step `step` (counting from 0).
    func learningRate(atStep step: Int) -> Double
}

/// Linear warm-up from 0 to `peak` over `warmupSteps`, then a half cosine down to `minimum` at
/// `totalSteps` (and `minimum` after), as `transformers.get_cosine_schedule_with_warmup` with
/// a floor:
///
///     lr(s) = peak · s / warmupSteps                                  for s < warmupSteps
///     lr(s) = minimum + (peak − minimum) · ½(1 + cos(π · (s − w)/(T − w)))   for w ≤ s ≤ T
public struct CosineWithWarmup: LearningRateSchedule {
    /// The learning rate at the end of warm-up.
    public let peak: Double
    /// The number of warm-up steps w (0 for none).
    public let warmupSteps: Int
    /// The step T at which the cosine reaches `minimum`.
    public let totalSteps: Int
    /// The learning rate at and after `totalSteps`.
    public let minimum: Double

    /// A cosine schedule; requires `0 ≤ warmupSteps < totalSteps`.
    public init(peak: Double, warmupSteps: Int, totalSteps: Int, minimum: Double = 0) {
        precondition(warmupSteps >= 0 && warmupSteps < totalSteps,
                     "CosineWithWarmup: need 0 ≤ warmupSteps (\(warmupSteps)) < totalSteps (\(totalSteps))")
        self.peak = peak
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.minimum = minimum
    }

    /// The learning rate for step `step`.
    public func learningRate(atStep step: Int) -> Double {
        if step < warmupSteps { return peak * Double(step) / Double(warmupSteps) }
        let progress = min(1, Double(step - warmupSteps) / Double(totalSteps - warmupSteps))
        return minimum + (peak - minimum) * 0.5 * (1 + cos(Double.pi * progress))
    }
}

/// Multiplies the learning rate by `gamma` every `stepSize` steps, as `torch.optim.lr_scheduler.StepLR`:
/// `lr(s) = initial · gamma^⌊s / stepSize⌋`.
public struct StepDecay: LearningRateSchedule {
    /// The learning rate of the first `stepSize` steps.
    public let initial: Double
    /// The number of steps between decays.
    public let stepSize: Int
    /// The factor applied at each decay.
    public let gamma: Double

    /// A step schedule; requires `stepSize > 0`.
    public init(initial: Double, stepSize: Int, gamma: Double = 0.1) {
        precondition(stepSize > 0, "StepDecay: stepSize must be positive, got \(stepSize)")
        self.initial = initial
        self.stepSize = stepSize
        self.gamma = gamma
    }

    /// The learning rate for step `step`.
    public func learningRate(atStep step: Int) -> Double {
        initial * pow(gamma, Double(step / stepSize))
    }
}

/// Multiplies the learning rate by `gamma` every step, as `torch.optim.lr_scheduler.ExponentialLR`:
/// `lr(s) = initial · gamma^s`.
public struct ExponentialDecay: LearningRateSchedule {
    /// The learning rate of step 0.
    public let initial: Double
    /// The factor applied each step.
    public let gamma: Double

    /// An exponential schedule.
    public init(initial: Double, gamma: Double) {
        self.initial = initial
        self.gamma = gamma
    }

    /// The learning rate for step `step`.
    public func learningRate(atStep step: Int) -> Double {
        initial * pow(gamma, Double(step))
    }
}
