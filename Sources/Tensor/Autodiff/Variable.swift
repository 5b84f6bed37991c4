/// A trainable tensor with a persistent identity: modules own their parameters as `Variable`s,
/// ops read them through `value`, `backward()` accumulates into `grad`, optimisers update them in
/// place. Setting `requiresGrad` to false freezes the variable: no gradient is ever stored.
public final class Variable {
    private var stored: Tensor
    /// The accumulated gradient, the shape of `value`; nil until a backward pass reaches it.
    public var grad: Tensor?
    /// False freezes the variable: ops treat it as a constant and `grad` stays nil.
    public var requiresGrad: Bool
    /// A label for messages (modules usually give the parameter path).
    public var name: String

    /// Wraps `value` (its tape history, if any, is dropped).
    public init(_ value: Tensor, requiresGrad: Bool = true, name: String = "") {
        stored = value.detached()
        self.requiresGrad = requiresGrad
        self.name = name
    }

    /// The current value. While recording, and if the variable requires gradients, the tensor
    /// returned is on the tape, so ops on it send gradients back here. Setting replaces the value.
    public var value: Tensor {
        get {
            guard requiresGrad, GradMode.isEnabled else { return stored }
            var tracked = stored
            tracked.node = TapeNode(leaf: self, shape: stored.shape)
            return tracked
        }
        set { stored = newValue.detached() }
    }

    /// The shape of `value`.
    public var shape: [Int] { stored.shape }

    /// Clears the gradient.
    public func zeroGrad() { grad = nil }

    /// Updates the value in place (optimisers, EMA, initialisers). Copies first if a live graph
    /// still shares the old values, so recorded ops keep what they saw.
    public func withUnsafeMutableValues<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try stored.withUnsafeMutableBufferPointer(body)
    }

    func accumulate(_ gradient: Tensor) {
        guard requiresGrad else { return }
        require(gradient.shape == stored.shape,
                     "variable \(name): gradient of shape \(gradient.shape) for a value of shape \(stored.shape)")
        grad = grad.map { $0 + gradient } ?? gradient.detached()
    }
}
