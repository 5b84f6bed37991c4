import Tensor

/// Updates parameters from their gradients. Parameters are given with their paths, which name
/// the optimiser's per-parameter state in checkpoints; a parameter that is frozen
/// (`requiresGrad == false`) or has no gradient is skipped, as in PyTorch.
public protocol Optimizer: AnyObject {
    /// The learning rate of the next `step()` (set it from a schedule before each step).
    var learningRate: Double { get set }
    /// Applies one update to every parameter that has a gradient.
    func step()
    /// Clears every parameter's gradient.
    func zeroGrad()
    /// The optimiser's state (moments, step counts) by name, for checkpoints.
    func state() -> [String: StoredTensor]
    /// Restores a state from `state()`; throws a `CheckpointError` naming missing, unexpected
    /// or mis-shaped entries. `source` names the state's origin in the error.
    func load(state: [String: StoredTensor], source: String) throws
}

/// The per-parameter buffers of an optimiser: one `[Float]` per parameter and kind, created on a
/// parameter's first update, saved as `<kind>.<parameter path>`.
struct OptimizerSlots {
    let parameters: [(path: String, variable: Variable)]
    let kinds: [String]
    /// `buffers[kind][parameter index]`, nil until the parameter's first update.
    var buffers: [String: [[Float]?]]
    /// Updates applied to each parameter so far.
    var steps: [Int]

    init(parameters: [(path: String, variable: Variable)], kinds: [String]) {
        self.parameters = parameters
        self.kinds = kinds
        buffers = Dictionary(uniqueKeysWithValues: kinds.map { ($0, [[Float]?](repeating: nil, count: parameters.count)) })
        steps = [Int](repeating: 0, count: parameters.count)
    }

    /// Removes and returns the `kind` buffer of parameter `index` (zeros of `count` values if it has
    /// none yet), so the caller holds the only reference and can update it without a copy.
    mutating func take(_ kind: String, _ index: Int, count: Int) -> [Float] {
        guard let values = buffers[kind]![index] else { return [Float](repeating: 0, count: count) }
        buffers[kind]![index] = nil
        return values
    }

    /// Stores the `kind` buffer of parameter `index`.
    mutating func put(_ kind: String, _ index: Int, _ values: [Float]) {
        buffers[kind]![index] = values
    }

    /// `step.<path>` (a scalar, exact below 2^24) and `<kind>.<path>` for every updated parameter.
    func state() -> [String: StoredTensor] {
        var state: [String: StoredTensor] = [:]
        for (index, parameter) in parameters.enumerated() where steps[index] > 0 {
            state["step.\(parameter.path)"] = StoredTensor(shape: [], values: [Float(steps[index])])
            for kind in kinds {
                if let values = buffers[kind]![index] {
                    state["\(kind).\(parameter.path)"] = StoredTensor(shape: parameter.variable.shape, values: values)
                }
            }
        }
        return state
    }

    mutating func load(state: [String: StoredTensor], source: String) throws {
        var error = CheckpointError(file: source)
        var known = Set<String>()
        var newSteps = [Int](repeating: 0, count: parameters.count)
        var newBuffers = Dictionary(uniqueKeysWithValues: kinds.map { ($0, [[Float]?](repeating: nil, count: parameters.count)) })
        for (index, parameter) in parameters.enumerated() {
            let stepName = "step.\(parameter.path)"
            guard let step = state[stepName] else { continue }
            known.insert(stepName)
            guard step.values.count == 1, let count = Int(exactly: step.values[0]), count > 0 else {
                error.other.append("\(stepName) is not a positive whole number")
                continue
            }
            newSteps[index] = count
            for kind in kinds {
                let name = "\(kind).\(parameter.path)"
                guard let stored = state[name] else { error.missing.append(name); continue }
                known.insert(name)
                guard stored.shape == parameter.variable.shape else {
                    error.shapeMismatches.append(.init(name: name, expected: parameter.variable.shape, found: stored.shape))
                    continue
                }
                newBuffers[kind]![index] = stored.values
            }
        }
        error.unexpected = state.keys.filter { !known.contains($0) }.sorted()
        guard error.isEmpty else { throw error }
        steps = newSteps
        buffers = newBuffers
    }
}

extension Variable {
    /// Runs `body` with the gradient (read-only) and the value (writable) of this variable.
    func updateInPlace(_ body: (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void) {
        guard let gradient = grad else { return }
        gradient.withUnsafeBufferPointer { g in
            withUnsafeMutableValues { p in body(g, p) }
        }
    }
}

/// Runs `body` over `0..<count` in fixed chunks of 16 384 elements spread over the engine's
/// threads. For element-wise updates only: each index is touched by exactly one chunk, so the
/// result does not depend on the thread count.
func forEachChunk(_ count: Int, _ body: (Range<Int>) -> Void) {
    let size = 1 << 14
    Parallel.forEachChunk((count + size - 1) / size) { chunk in
        body((chunk * size)..<min(count, (chunk + 1) * size))
    }
}
