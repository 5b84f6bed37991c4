import Tensor

/// Gradient clipping by global norm, as `torch.nn.utils.clip_grad_norm_`: when the L2 norm of all
/// gradients together exceeds `maxNorm`, every gradient is scaled by `maxNorm / (norm + 1e-6)`.
/// Variables without a gradient are ignored. Returns the norm before clipping.
///
/// The sum of squares is accumulated in Double in a fixed order, so the result does not depend
/// on threading.
@discardableResult
public func clipGradientNorm(_ variables: [Variable], maxNorm: Float) -> Float {
    var sumOfSquares = 0.0
    for variable in variables {
        guard let gradient = variable.grad else { continue }
        gradient.withUnsafeBufferPointer { g in
            for value in g { sumOfSquares += Double(value) * Double(value) }
        }
    }
    let norm = Float(sumOfSquares.squareRoot())
    let coefficient = maxNorm / (norm + 1e-6)
    guard coefficient < 1 else { return norm }
    for variable in variables where variable.grad != nil {
        variable.grad!.withUnsafeMutableBufferPointer { g in
            for i in g.indices { g[i] *= coefficient }
        }
    }
    return norm
}
