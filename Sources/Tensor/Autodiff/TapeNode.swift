/// One recorded op on the autodiff tape: its name, the nodes of its inputs, and the function that
/// turns the gradient of its output into gradients of its inputs. A leaf node stands for one use
/// of a `Variable` and has no backward function. A slice node has none either: its gradient is
/// added straight into the region of its input's gradient it came from (`slicedFrom`), so cutting
/// a tensor into k pieces costs one pass in backward, not k padded copies.
final class TapeNode {
    let op: String
    let shape: [Int]
    let parents: [TapeNode?]
    let backward: ((Tensor) -> [Tensor?])?
    let variable: Variable?
    let slicedFrom: (axis: Int, start: Int)?
    /// The gradient accumulated so far while `backward()` runs; cleared once it has been used.
    var grad: Tensor?

    init(op: String, shape: [Int], parents: [TapeNode?], backward: @escaping (Tensor) -> [Tensor?]) {
        self.op = op; self.shape = shape; self.parents = parents; self.backward = backward; variable = nil
        slicedFrom = nil
    }

    init(leaf variable: Variable, shape: [Int]) {
        op = "variable"; self.shape = shape; parents = []; backward = nil; self.variable = variable
        slicedFrom = nil
    }

    init(sliceOf parent: TapeNode, shape: [Int], axis: Int, start: Int) {
        op = "slice"; self.shape = shape; parents = [parent]; backward = nil; variable = nil
        slicedFrom = (axis, start)
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

    /// Finishes a slice of `input`: like `record`, with a slice node instead of a closure.
    static func recordSlice(_ output: Tensor, of input: Tensor, axis: Int, start: Int) -> Tensor {
        if let monitor = Anomaly.monitor, !output.isFinite {
            monitor.report(.anomaly(op: "slice", phase: .forward, shape: output.shape))
        }
        guard GradMode.isEnabled, let parent = input.node else { return output }
        var result = output
        result.node = TapeNode(sliceOf: parent, shape: output.shape, axis: axis, start: start)
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
                if let (axis, start) = node.slicedFrom, let parent = node.parents[0] {
                    if let monitor, !grad.isFinite {
                        monitor.report(.anomaly(op: node.op, phase: .backward, shape: grad.shape))
                    }
                    var total = parent.grad ?? Tensor.zeros(parent.shape)
                    parent.grad = nil
                    total.addRegion(grad, axis: axis, start: start)
                    parent.grad = total
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
                    if var total = parent.grad {
                        parent.grad = nil
                        total.addInPlace(inputGrad)
                        parent.grad = total
                    } else {
                        parent.grad = inputGrad
                    }
                }
            }
        }
    }

    /// Adds `other` (same shape) into this tensor's values; copies first if the storage is shared.
    mutating func addInPlace(_ other: Tensor) {
        withUnsafeMutableBufferPointer { d in
            let pd = d.baseAddress!, ps = other.storage.pointer
            Parallel.forEachRange(d.count) { start, end in for i in start..<end { pd[i] += ps[i] } }
        }
    }

    /// Adds `part` into the region of this tensor that starts at `start` along `axis` and has
    /// `part`'s extent there; copies first if the storage is shared.
    mutating func addRegion(_ part: Tensor, axis: Int, start: Int) {
        let outStrides = strides
        withUnsafeMutableBufferPointer { d in
            StridedCopy.copy(shape: part.shape, src: part.storage.pointer, srcStrides: part.strides,
                             dst: d.baseAddress! + start * outStrides[axis], dstStrides: outStrides, accumulate: true)
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
