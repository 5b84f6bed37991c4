import Configuration
import Tensor

/// The EPD diffusion (DiffIR's stage-2 scheme): the prior Z is noised straight to step T and
/// recovered by T deterministic reverse steps, each `Z_{t−1} = x0_t · Ẑ_0 + xt_t · Z_t` with
/// `Ẑ_0 = denoiser(c, time(t), Z_t)` (the posterior mean, x0-parameterised). Training runs the same
/// reverse chain with gradients from a noised `Z_S1`; inference starts from pure noise.
public struct EPDDiffusion {
    /// The noise schedule (T steps).
    public let schedule: NoiseSchedule
    /// The x0-predicting denoiser.
    public let denoiser: Denoiser
    /// What the denoiser reads as the step.
    public let timeInput: DenoiserTimeInput

    /// A diffusion of `schedule.steps` steps driven by `denoiser`, which reads the step as `timeInput` says.
    public init(schedule: NoiseSchedule, denoiser: Denoiser, timeInput: DenoiserTimeInput = .stepFraction) {
        self.schedule = schedule
        self.denoiser = denoiser
        self.timeInput = timeInput
    }

    /// The denoiser's step input at reverse step t of T: t/T, or DiffIR's i/(10T) with i = t − 1.
    public func time(_ t: Int) -> Float {
        let steps = Float(schedule.steps)
        switch timeInput {
        case .stepFraction: return Float(t) / steps
        case .diffir: return Float(t - 1) / (10 * steps)
        }
    }

    /// Runs the T reverse steps from `start` (Z_T) under `condition` c; returns the final Ẑ_0
    /// (`start` itself when T = 0). Every step is recorded when gradients are on, so the loss
    /// reaches the denoiser through all T.
    public func reverse(from start: Tensor, condition c: Tensor) -> Tensor {
        let steps = schedule.steps
        var z = start
        for t in stride(from: steps, through: 1, by: -1) {
            let predicted = denoiser(condition: c, time: time(t), noisy: z)
            let (x0, xt) = schedule.posteriorCoefficients(t)
            z = predicted * Float(x0) + z * Float(xt)
        }
        return z
    }

    /// The training pass: `Z_T = √ᾱ_T · Z_S1 + √(1−ᾱ_T) · ε`, then all T reverse steps with gradients.
    public func trainingEstimate(target zS1: Tensor, condition c: Tensor, noise: Tensor) -> Tensor {
        let (signal, spread) = schedule.forwardCoefficients(schedule.steps)
        return reverse(from: zS1 * Float(signal) + noise * Float(spread), condition: c)
    }

    /// Inference: the reverse chain from `Z_T = noise ~ N(0, I)` (see `noise(for:dimension:seed:)`).
    public func sample(condition c: Tensor, noise: Tensor) -> Tensor {
        reverse(from: noise, condition: c)
    }

    /// The reverse chain from the input stage 2 trained on, `√ᾱ_T · Z_S1 + √(1−ᾱ_T) · noise`, instead
    /// of pure noise: a diagnostic that tells a lost prior apart from a wrong starting point.
    public func sampleFromTrainingInput(target zS1: Tensor, condition c: Tensor, noise: Tensor) -> Tensor {
        Tensor.withoutGradients { trainingEstimate(target: zS1, condition: c, noise: noise) }
    }

    /// Standard normal noise `[N, dimension]` whose row i depends only on `seed` and `sampleIDs[i]`,
    /// so a sample's prediction does not depend on the batch it is evaluated in.
    public static func noise(for sampleIDs: [Int], dimension: Int, seed: UInt64) -> Tensor {
        let root = RandomStream(seed: seed).split("epd-inference")
        var values: [Float] = []
        values.reserveCapacity(sampleIDs.count * dimension)
        for id in sampleIDs {
            var stream = root.split(UInt64(id))
            for _ in 0..<dimension { values.append(stream.normal()) }
        }
        return Tensor(shape: [sampleIDs.count, dimension], values: values)
    }

    /// `L_kl = KL(softmax(Z_S1/τ) ‖ softmax(Ẑ_0/τ))` over the D dimensions, averaged over the batch.
    public static func klLoss(target zS1: Tensor, estimate zHat: Tensor, temperature tau: Float) -> Tensor {
        Loss.klDivergence(logQ: (zHat * (1 / tau)).logSoftmax(axis: 1), p: (zS1 * (1 / tau)).softmax(axis: 1))
    }
}
