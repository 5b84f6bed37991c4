/// A function of one value, applied element by element. Kernels are small structs (holding their
/// parameters) so that the generic loops below are specialised and inlined per kernel: no
/// per-element closure call in hot loops.
protocol UnaryKernel {
    func apply(_ x: Float) -> Float
}

/// A function of two values, applied element by element with broadcasting.
protocol BinaryKernel {
    func apply(_ a: Float, _ b: Float) -> Float
}

/// A function of three same-shape values (typically gradient, input, output of an op).
protocol TernaryKernel {
    func apply(_ a: Float, _ b: Float, _ c: Float) -> Float
}

enum Elementwise {
    /// `kernel(x)` for every value of `x`.
    static func map<K: UnaryKernel>(_ x: Tensor, _ kernel: K) -> Tensor {
        let out = Tensor(uninitializedShape: x.shape)
        let s = x.storage.pointer, d = out.storage.pointer
        Parallel.forEachRange(x.count) { start, end in
            for i in start..<end { d[i] = kernel.apply(s[i]) }
        }
        return out
    }

    /// `body(x, count, y)` on pieces of `x`'s values, spread over threads like `map`: a C loop that
    /// maps each value on its own (GELU).
    static func map(_ x: Tensor, pieces body: (UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>) -> Void) -> Tensor {
        let out = Tensor(uninitializedShape: x.shape)
        let s = x.storage.pointer, d = out.storage.pointer
        Parallel.forEachRange(x.count) { start, end in body(s + start, end - start, d + start) }
        return out
    }

    /// `body(a, b, count, out)` on pieces of two same-shape tensors (GELU's gradient from the output
    /// gradient and the input).
    static func map(_ a: Tensor, _ b: Tensor,
                    pieces body: (UnsafePointer<Float>, UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>) -> Void) -> Tensor {
        require(a.shape == b.shape, "elementwise: shapes \(a.shape), \(b.shape) differ")
        let out = Tensor(uninitializedShape: a.shape)
        let pa = a.storage.pointer, pb = b.storage.pointer, d = out.storage.pointer
        Parallel.forEachRange(a.count) { start, end in body(pa + start, pb + start, end - start, d + start) }
        return out
    }

    /// `kernel(a, b, c)` for three tensors of the same shape.
    static func map<K: TernaryKernel>(_ a: Tensor, _ b: Tensor, _ c: Tensor, _ kernel: K) -> Tensor {
        require(a.shape == b.shape && b.shape == c.shape, "elementwise: shapes \(a.shape), \(b.shape), \(c.shape) differ")
        let out = Tensor(uninitializedShape: a.shape)
        let pa = a.storage.pointer, pb = b.storage.pointer, pc = c.storage.pointer, d = out.storage.pointer
        Parallel.forEachRange(a.count) { start, end in
            for i in start..<end { d[i] = kernel.apply(pa[i], pb[i], pc[i]) }
        }
        return out
    }

    /// `kernel(a, b)` with NumPy broadcasting; `op` names the caller in shape errors.
    static func zip<K: BinaryKernel>(_ a: Tensor, _ b: Tensor, _ kernel: K, op: String) -> Tensor {
        guard let shape = Shapes.broadcast(a.shape, b.shape) else {
            fatalError("\(op): shapes \(a.shape) and \(b.shape) cannot be broadcast together")
        }
        let out = Tensor(uninitializedShape: shape)
        let pa = a.storage.pointer, pb = b.storage.pointer, d = out.storage.pointer
        if out.count == 0 { return out }
        if a.shape == b.shape {
            Parallel.forEachRange(out.count) { start, end in
                for i in start..<end { d[i] = kernel.apply(pa[i], pb[i]) }
            }
            return out
        }
        if b.count == 1 {
            let v = pb[0]
            Parallel.forEachRange(out.count) { start, end in
                for i in start..<end { d[i] = kernel.apply(pa[i], v) }
            }
            return out
        }
        if a.count == 1 {
            let v = pa[0]
            Parallel.forEachRange(out.count) { start, end in
                for i in start..<end { d[i] = kernel.apply(v, pb[i]) }
            }
            return out
        }
        let (dims, strides) = Shapes.collapse(shape, [Shapes.broadcastStrides(a.shape, to: shape),
                                                      Shapes.broadcastStrides(b.shape, to: shape)])
        let sa = strides[0], sb = strides[1]
        let rank = dims.count, inner = dims[rank - 1]
        let ia = sa[rank - 1], ib = sb[rank - 1]
        let rows = out.count / inner
        Parallel.forEachRange(rows, grain: max(1, (1 << 15) / inner)) { start, end in
            for row in start..<end {
                var rem = row, oa = 0, ob = 0
                var k = rank - 2
                while k >= 0 {
                    let i = rem % dims[k]; rem /= dims[k]
                    oa += i * sa[k]; ob += i * sb[k]
                    k -= 1
                }
                let xa = pa + oa, xb = pb + ob, y = d + row * inner
                if ia == 1 && ib == 1 {
                    for j in 0..<inner { y[j] = kernel.apply(xa[j], xb[j]) }
                } else if ib == 0 {
                    let v = xb[0]
                    for j in 0..<inner { y[j] = kernel.apply(xa[j * ia], v) }
                } else if ia == 0 {
                    let v = xa[0]
                    for j in 0..<inner { y[j] = kernel.apply(v, xb[j * ib]) }
                } else {
                    for j in 0..<inner { y[j] = kernel.apply(xa[j * ia], xb[j * ib]) }
                }
            }
        }
        return out
    }
}
