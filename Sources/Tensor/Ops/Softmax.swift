import Foundation

// Softmax and log-softmax over one axis, computed stably (the maximum is subtracted before
// exponentiating, so large logits do not overflow).

extension Tensor {
    /// `exp(xᵢ) / Σⱼ exp(xⱼ)` along `axis`.
    public func softmax(axis: Int = -1) -> Tensor {
        let a = Shapes.normalize(axis, rank: rank, op: "softmax")
        let (outer, size, inner) = Shapes.split(shape, at: a)
        let y = Tensor(uninitializedShape: shape)
        Tensor.softmaxLoop(storage.pointer, y.storage.pointer, outer: outer, size: size, inner: inner, log: false)
        return Tensor.record("softmax", y, inputs: [self]) { g in
            // dx = y ⊙ (g − Σ g⊙y)
            let gx = Tensor(uninitializedShape: g.shape)
            let pg = g.storage.pointer, py = y.storage.pointer, pd = gx.storage.pointer
            Parallel.forEachRange(outer * inner, grain: Swift.max(1, (1 << 14) / Swift.max(size, 1))) { start, end in
                for t in start..<end {
                    let base = (t / inner) * size * inner + t % inner
                    var dot: Float = 0
                    for i in 0..<size { dot += pg[base + i * inner] * py[base + i * inner] }
                    for i in 0..<size { pd[base + i * inner] = py[base + i * inner] * (pg[base + i * inner] - dot) }
                }
            }
            return [gx]
        }
    }

    /// `xᵢ − log Σⱼ exp(xⱼ)` along `axis`.
    public func logSoftmax(axis: Int = -1) -> Tensor {
        let a = Shapes.normalize(axis, rank: rank, op: "logSoftmax")
        let (outer, size, inner) = Shapes.split(shape, at: a)
        let y = Tensor(uninitializedShape: shape)
        Tensor.softmaxLoop(storage.pointer, y.storage.pointer, outer: outer, size: size, inner: inner, log: true)
        return Tensor.record("logSoftmax", y, inputs: [self]) { g in
            // dx = g − softmax(x) · Σ g
            let gx = Tensor(uninitializedShape: g.shape)
            let pg = g.storage.pointer, py = y.storage.pointer, pd = gx.storage.pointer
            Parallel.forEachRange(outer * inner, grain: Swift.max(1, (1 << 14) / Swift.max(size, 1))) { start, end in
                for t in start..<end {
                    let base = (t / inner) * size * inner + t % inner
                    var total: Float = 0
                    for i in 0..<size { total += pg[base + i * inner] }
                    for i in 0..<size {
                        pd[base + i * inner] = pg[base + i * inner] - FastMath.exp(py[base + i * inner]) * total
                    }
                }
            }
            return [gx]
        }
    }

    /// `log Σ exp(x)` along `axis`, computed stably (the maximum is factored out).
    public func logSumExp(axis: Int, keepDims: Bool = false) -> Tensor {
        let m = max(axis: axis, keepDims: true).detached()
        let result = (self - m).exp().sum(axis: axis, keepDims: true).log() + m
        return keepDims ? result : result.squeezed(axis)
    }

    static func softmaxLoop(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                            outer: Int, size: Int, inner: Int, log: Bool) {
        if inner == 1 {
            // Contiguous rows: separate max, exp, sum and scale passes, so each one vectorises.
            Parallel.forEachRange(outer, grain: Swift.max(1, (1 << 14) / Swift.max(size, 1))) { start, end in
                for o in start..<end {
                    let row = x + o * size, out = y + o * size
                    let m = RowSum.max(row, size)
                    for i in 0..<size { out[i] = FastMath.exp(row[i] - m) }
                    let total = Float(RowSum.sum(out, size))
                    if log {
                        let shift = m + Foundation.log(total)
                        for i in 0..<size { out[i] = row[i] - shift }
                    } else {
                        let inv = 1 / total
                        for i in 0..<size { out[i] *= inv }
                    }
                }
            }
            return
        }
        Parallel.forEachRange(outer * inner, grain: Swift.max(1, (1 << 14) / Swift.max(size, 1))) { start, end in
            for t in start..<end {
                let base = (t / inner) * size * inner + t % inner
                var m = -Float.infinity
                for i in 0..<size { m = Swift.max(m, x[base + i * inner]) }
                var total: Float = 0
                for i in 0..<size {
                    let e = FastMath.exp(x[base + i * inner] - m)
                    total += e
                    if !log { y[base + i * inner] = e }
                }
                if log {
                    let shift = m + Foundation.log(total)
                    for i in 0..<size { y[base + i * inner] = x[base + i * inner] - shift }
                } else {
                    let inv = 1 / total
                    for i in 0..<size { y[base + i * inner] *= inv }
                }
            }
        }
    }
}
