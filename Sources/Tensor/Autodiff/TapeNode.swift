/// One recorded op on the autodiff tape: its name, the nodes of its inputs, and the function that
/// turns the gradient of its output into gradients of its inputs. A leaf node stands for one use
/// of a `Variable` and has no backward function.
final class TapeNode {
    let op: String
    let shape: [Int]
    let parents: [TapeNode?]
    let backward: ((Tensor) -> [Tensor?])?
    let variable: Variable?
    /// The gradient accumulated so far while `backward()` runs; cleared once it has been used.
    var grad: Tensor?

    init(op: String, shape: [Int], parents: [TapeNode?], backward: @escaping (Tensor) -> [Tensor?]) {
        self.op = op; self.shape = shape; self.parents = parents; self.backward = backward; variable = nil
    }

    init(leaf variable: Variable, shape: [Int]) {
        op = "variable"; self.shape = shape; parents = []; backward = nil; self.variable = variable
    }
}

/// Whether ops record themselves on the tape. Task-local, so it is safe under Swift concurrency:
/// turning recording off in one task never affects another.
enum GradMode {
    @TaskLocal static var isEnabled = true
}

extension Tensor {
    /// Runs `body` without recording ops on the tape (evaluation, EMA updates, targets).
    public static func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
        try GradMode.$isEnabled.withValue(false, operation: body)
    }

    /// True when ops currently record themselves for `backward()`.
    public static var isRecordingGradients: Bool { GradMode.isEnabled }

    /// Finishes an op: checks the output in anomaly mode and, when recording and some input is on
    /// the tape, attaches a node whose `backward` maps the output gradient to one gradient per
    /// input (nil where an input needs none).
    static func record(_ op: String, _ output: Tensor, inputs: [Tensor],
                       backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        if let monitor = Anomaly.monitor, !output.isFinite {
            monitor.report(.anomaly(op: op, phase: .forward, shape: output.shape))
        }
        guard GradMode.isEnabled, inputs.contains(where: { $0.node != nil }) else { return output }
        var result = output
        result.node = TapeNode(op: op, shape: output.shape, parents: inputs.map(\.node), backward: backward)
        return result
    }

    /// Back-propagates from this tensor: accumulates d(self)/d(variable) into the `grad` of every
    /// `Variable` on its tape that requires gradients. `self` must hold one value unless a
    /// `seed` gradient of its shape is given. Does nothing for a tensor that is not on the tape.
    /// The tape can be walked again (gradients then accumulate once more).
    public func backward(seed: Tensor? = nil) {
        guard let root = node else { return }
        if let seed {
            require(seed.shape == shape, "backward: seed shape \(seed.shape) differs from tensor shape \(shape)")
        } else {
            require(count == 1, "backward: tensor of shape \(shape) is not a scalar; pass a seed gradient")
        }
        let order = Tensor.topologicalOrder(from: root)
        let monitor = Anomaly.monitor
        Tensor.withoutGradients {
            root.grad = seed?.detached() ?? Tensor(repeating: 1, shape: shape)
            for node in order.reversed() {
                guard let grad = node.grad else { continue }
                node.grad = nil
                if let variable = node.variable {
                    variable.accumulate(grad)
                    continue
                }
                guard let backward = node.backward else { continue }
                let inputGrads = backward(grad)
                for (parent, inputGrad) in zip(node.parents, inputGrads) {
                    guard let parent, let inputGrad else { continue }
                    require(inputGrad.shape == parent.shape,
                                 "backward of \(node.op): gradient shape \(inputGrad.shape) for an input of shape \(parent.shape)")
                    if let monitor, !inputGrad.isFinite {
                        monitor.report(.anomaly(op: node.op, phase: .backward, shape: inputGrad.shape))
                    }
                    parent.grad = parent.grad.map { $0 + inputGrad } ?? inputGrad
                }
            }
        }
    }

    /// Every node reachable from `root`, parents before children (iterative depth-first search,
    /// so deep graphs cannot overflow the stack).
    static func topologicalOrder(from root: TapeNode) -> [TapeNode] {
        var order: [TapeNode] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(TapeNode, Int)] = [(root, 0)]
        visited.insert(ObjectIdentifier(root))
        while let (node, next) = stack.popLast() {
            if next < node.parents.count {
                stack.append((node, next + 1))
                if let parent = node.parents[next], visited.insert(ObjectIdentifier(parent)).inserted {
                    stack.append((parent, 0))
                }
            } else {
                order.append(node)
            }
        }
        return order
    }
}
