// Dropout: zeroes each value with probability p and scales the survivors by 1/(1−p)
// ("inverted" dropout, as PyTorch), the mask drawn from an explicit seeded stream.

struct ScaledMaskKernel: BinaryKernel {
    let scale: Float
    @inline(__always) func apply(_ x: Float, _ keep: Float) -> Float { x * keep * scale }
}

extension Tensor {
    /// Inverted dropout with drop probability `probability` in `[0, 1)`; draws the mask from
    /// `stream`. Call it only in training; `probability` 0 returns `self` unchanged.
    public func dropout(probability: Float, using stream: inout RandomStream) -> Tensor {
        require(probability >= 0 && probability < 1, "dropout: probability \(probability) is outside [0, 1)")
        if probability == 0 { return self }
        let keep = Tensor.bernoulli(shape, probability: 1 - probability, using: &stream)
        let scale = 1 / (1 - probability)
        let y = Elementwise.zip(self, keep, ScaledMaskKernel(scale: scale), op: "dropout")
        return Tensor.record("dropout", y, inputs: [self]) { g in
            [Elementwise.zip(g, keep, ScaledMaskKernel(scale: scale), op: "dropout")]
        }
    }
}
