import CKernels
// Layer norm and batch norm, each a fused op with a hand-derived backward:
//   x̂ = (x − μ)/√(σ² + ε),  y = γ·x̂ + β,
//   dx = (1/√(σ²+ε)) · (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))  with ĝ = γ·dy, means over the normalised set.
// Layer norm normalises over one axis (the last, or the channels of NCHW with `axis: 1`) per
// position; batch norm normalises each channel (axis 1) over the batch and spatial positions.

/// Per-channel statistics of a batch-norm forward pass in training mode, for updating running
/// estimates: `mean` and biased `variance` (both `[C]`), and `count` values per channel.
public struct BatchNormStatistics: Sendable {
    /// Mean of each channel over the batch and spatial positions.
    public let mean: Tensor
    /// Biased variance (divided by `count`) of each channel.
    public let variance: Tensor
    /// Number of values per channel.
    public let count: Int

    /// The variance divided by `count − 1` (what PyTorch puts in `running_var`).
    public var unbiasedVariance: Tensor {
        Tensor.withoutGradients { variance * (Float(count) / Float(Swift.max(count - 1, 1))) }
    }
}

extension Tensor {
    /// `x / max(‖x‖₂, ε)` along `axis`, as `F.normalize` (the norm is clamped before the square
    /// root, so an all-zero slice has a finite gradient).
    public func l2Normalized(axis: Int, epsilon: Float = 1e-12) -> Tensor {
        self / squared().sum(axis: axis, keepDims: true).clamped(min: epsilon * epsilon).sqrt()
    }

    /// Layer normalisation over `axis` (default the last): every position is normalised across
    /// that axis, then scaled by `weight` and shifted by `bias` (both `[shape[axis]]`, optional).
    /// `axis: 1` on NCHW normalises over channels at each pixel.
    public func layerNorm(axis: Int = -1, weight: Tensor? = nil, bias: Tensor? = nil, epsilon: Float = 1e-5) -> Tensor {
        let a = Shapes.normalize(axis, rank: rank, op: "layerNorm")
        let (outer, size, inner) = Shapes.split(shape, at: a)
        if let weight { require(weight.shape == [size], "layerNorm: weight \(weight.shape) for input \(shape) on axis \(axis)") }
        if let bias { require(bias.shape == [size], "layerNorm: bias \(bias.shape) for input \(shape) on axis \(axis)") }
        let xhat = Tensor(uninitializedShape: shape), y = Tensor(uninitializedShape: shape)
        let rstd = Tensor(uninitializedShape: [outer * inner])
        let layout = NormLayout(outer: outer, size: size, inner: inner)
        layout.forward(x: storage.pointer, xhat: xhat.storage.pointer, y: y.storage.pointer, rstd: rstd.storage.pointer,
                       weight: weight?.storage.pointer, bias: bias?.storage.pointer, epsilon: epsilon)
        var inputs = [self]
        if let weight { inputs.append(weight) }
        if let bias { inputs.append(bias) }
        let x = self
        let otherAxes = shape.indices.filter { $0 != a }
        return Tensor.record("layerNorm", y, inputs: inputs) { g in
            var grads: [Tensor?] = [nil]
            if x.node != nil {
                let gx = Tensor(uninitializedShape: x.shape)
                layout.backward(g: g.storage.pointer, xhat: xhat.storage.pointer, rstd: rstd.storage.pointer,
                                weight: weight?.storage.pointer, gx: gx.storage.pointer)
                grads[0] = gx
            }
            if let weight { grads.append(weight.node == nil ? nil : (g * xhat).sum(axes: otherAxes)) }
            if let bias { grads.append(bias.node == nil ? nil : g.sum(axes: otherAxes)) }
            return grads
        }
    }

    /// Batch normalisation over axis 1 of `[N, C, …]` (`[N, C]` or NCHW). In training mode
    /// (`running` nil) each channel uses its batch mean and biased variance, which are returned
    /// for updating running estimates; given `running` statistics (evaluation), those are used
    /// and the returned statistics are nil. `weight` and `bias` are `[C]`, optional.
    ///
    /// With `relu`, the output is `max(norm, 0)`, as `.relu()` after the norm would give, bit for
    /// bit, in value and gradient; fused, it skips one pass over the tensor each way and does not
    /// keep the norm's output alive for the backward pass (bench/engine/FINDINGS.md, session 20).
    public func batchNorm(weight: Tensor? = nil, bias: Tensor? = nil,
                          running: (mean: Tensor, variance: Tensor)? = nil,
                          epsilon: Float = 1e-5, relu: Bool = false) -> (output: Tensor, statistics: BatchNormStatistics?) {
        require(rank >= 2, "batchNorm: input \(shape) must be [N, C, …]")
        let (batch, channels, inner) = Shapes.split(shape, at: 1)
        for (name, t) in [("weight", weight), ("bias", bias), ("running mean", running?.mean), ("running variance", running?.variance)] {
            if let t { require(t.shape == [channels], "batchNorm: \(name) \(t.shape) for input \(shape)") }
        }
        let m = batch * inner
        require(running != nil || m > 0, "batchNorm: empty batch \(shape)")
        let training = running == nil
        // `mean` and `variance` hold the statistics used: the batch's, or the running ones.
        let mean = Tensor(uninitializedShape: [channels]), variance = Tensor(uninitializedShape: [channels])
        let y = Tensor(uninitializedShape: shape)
        let px = storage.pointer, py = y.storage.pointer
        let pm = mean.storage.pointer, pv = variance.storage.pointer
        let pw = weight?.storage.pointer, pb = bias?.storage.pointer
        let rm = running?.mean.storage.pointer, rv = running?.variance.storage.pointer
        Parallel.forEachChunk(channels) { c in
            var mu: Float, sigma2: Float
            if let rm, let rv {
                mu = rm[c]; sigma2 = rv[c]
            } else {
                var s: Double = 0
                for n in 0..<batch { s += RowSum.sum(px + (n * channels + c) * inner, inner) }
                mu = Float(s / Double(m))
                var v: Double = 0
                for n in 0..<batch { v += RowSum.squaredDeviation(px + (n * channels + c) * inner, inner, mean: mu) }
                sigma2 = Float(v / Double(m))
            }
            pm[c] = mu; pv[c] = sigma2
            let r = 1 / (sigma2 + epsilon).squareRoot(), gamma = pw?[c] ?? 1, beta = pb?[c] ?? 0
            let scale = r * gamma, shift = beta - mu * r * gamma
            for n in 0..<batch {
                let off = (n * channels + c) * inner
                if relu {
                    for j in 0..<inner { let v = px[off + j] * scale + shift; py[off + j] = v > 0 ? v : 0 }
                } else {
                    for j in 0..<inner { py[off + j] = px[off + j] * scale + shift }
                }
            }
        }
        var inputs = [self]
        if let weight { inputs.append(weight) }
        if let bias { inputs.append(bias) }
        let x = self
        // The output is kept for the backward pass only when ReLU's mask is read from it.
        let maskSource = relu ? y : nil
        let output = Tensor.record(relu ? "batchNormReLU" : "batchNorm", y, inputs: inputs) { g in
            // Per channel: Σ dy (the bias gradient) and Σ dy·x̂ = r·(Σ dy·x − μ·Σ dy) (the weight
            // gradient), then dx = γr·(dy − mean(dy) − x̂·mean(dy·x̂)) (training) or γr·dy. With
            // `relu`, dy is the gradient masked where the output is 0 (ReLU's gradient), written per
            // channel into a buffer of its own, so every sum reads the values `.relu()`'s would.
            let sumG = Tensor(uninitializedShape: [channels]), sumGH = Tensor(uninitializedShape: [channels])
            let gx = x.node == nil ? nil : Tensor(uninitializedShape: x.shape)
            let pg = g.storage.pointer, px = x.storage.pointer, py = maskSource?.storage.pointer
            let pm = mean.storage.pointer, pv = variance.storage.pointer
            let pw = weight?.storage.pointer, psg = sumG.storage.pointer, psgh = sumGH.storage.pointer
            let pd = gx?.storage.pointer
            Parallel.forEachChunk(channels) { c in
                let mu = pm[c], r = 1 / (pv[c] + epsilon).squareRoot()
                let masked = py == nil ? nil : BufferPool.allocate(count: batch * inner).assumingMemoryBound(to: Float.self)
                defer { if let masked { BufferPool.release(masked, count: batch * inner) } }
                if let masked, let py {
                    for n in 0..<batch {
                        let off = (n * channels + c) * inner, m = masked + n * inner
                        // Both loads first, so the choice compiles to a vector select, not a branch.
                        for j in 0..<inner { let dy = pg[off + j], y = py[off + j]; m[j] = y > 0 ? dy : 0 }
                    }
                }
                // Image n's gradient row starts at dyBase + n·dyStride; its x and dx rows at
                // (n·channels + c)·inner.
                let dyBase = UnsafePointer(masked ?? pg + c * inner), dyStride = masked == nil ? channels * inner : inner
                var totalG: Double = 0, totalGX: Double = 0
                for n in 0..<batch {
                    let dy = dyBase + n * dyStride, off = (n * channels + c) * inner
                    totalG += RowSum.sum(dy, inner)
                    totalGX += RowSum.dot(dy, px + off, inner)
                }
                let totalGH = Double(r) * (totalGX - Double(mu) * totalG)
                psg[c] = Float(totalG); psgh[c] = Float(totalGH)
                guard let pd else { return }
                let gr = (pw?[c] ?? 1) * r
                if training {
                    let meanG = Float(totalG / Double(m)), meanGH = Float(totalGH / Double(m))
                    // dx = gr·(dy − meanG − (x − μ)·r·meanGH) = gr·dy − gr·r·meanGH·x + const
                    let k = gr * r * meanGH, c0 = gr * (-meanG + mu * r * meanGH)
                    for n in 0..<batch {
                        let dy = dyBase + n * dyStride, off = (n * channels + c) * inner
                        for j in 0..<inner { pd[off + j] = gr * dy[j] - k * px[off + j] + c0 }
                    }
                } else {
                    for n in 0..<batch {
                        let dy = dyBase + n * dyStride, off = (n * channels + c) * inner
                        for j in 0..<inner { pd[off + j] = gr * dy[j] }
                    }
                }
            }
            var grads: [Tensor?] = [gx]
            if let weight { grads.append(weight.node == nil ? nil : sumGH) }
            if let bias { grads.append(bias.node == nil ? nil : sumG) }
            return grads
        }
        return (output, training ? BatchNormStatistics(mean: mean, variance: variance, count: m) : nil)
    }
}

/// Layer norm's loops over `[outer, size, inner]`, normalising over `size` at each of the
/// `outer·inner` positions. With `inner == 1` each position is a contiguous row; otherwise
/// (channels of NCHW) a tile of up to 256 neighbouring positions is processed row by row, so
/// every memory access is contiguous.
///
/// The statistics of a contiguous row are summed here (`RowSum`); every other loop is in C
/// (`layernorm.c`), where it runs 8 or 16 lanes. An absent weight or bias reads a row of ones or
/// zeros: the same multiply by 1 and add of 0 as before, so the same bits.
struct NormLayout {
    let outer: Int, size: Int, inner: Int
    static let tile = 256

    var tasks: Int { inner == 1 ? outer : outer * tiles }
    var tiles: Int { (inner + NormLayout.tile - 1) / NormLayout.tile }
    var grain: Int { Swift.max(1, (1 << 14) / Swift.max(size * (inner == 1 ? 1 : Swift.min(inner, NormLayout.tile)), 1)) }

    /// Runs `body` with `weight` and `bias`, or rows of ones and zeros in their place.
    private func withAffine<R>(_ weight: UnsafePointer<Float>?, _ bias: UnsafePointer<Float>?,
                               _ body: (UnsafePointer<Float>, UnsafePointer<Float>) -> R) -> R {
        // A row of ones, then a row of zeros.
        let constants = UnsafeMutablePointer<Float>.allocate(capacity: 2 * Swift.max(size, 1))
        defer { constants.deallocate() }
        constants.initialize(repeating: 1, count: size)
        (constants + size).initialize(repeating: 0, count: size)
        return body(weight ?? UnsafePointer(constants), bias ?? UnsafePointer(constants + size))
    }

    /// Where a task of the strided case (`inner > 1`) lies: the offset of its first element, how
    /// many columns it spans, and the offset of its statistics.
    private func tile(_ task: Int) -> (base: Int, width: Int, statistics: Int) {
        let o = task / tiles, j0 = (task % tiles) * NormLayout.tile
        return (o * size * inner + j0, Swift.min(NormLayout.tile, inner - j0), o * inner + j0)
    }

    /// Runs `body(task, a, b)` for every task, spread over the threads; `a` and `b` are scratch rows
    /// of `tile` values, one pair per chunk of tasks.
    private func forEachTask(_ body: (Int, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) {
        Parallel.forEachRange(tasks, grain: grain) { start, end in
            let a = UnsafeMutablePointer<Float>.allocate(capacity: NormLayout.tile)
            let b = UnsafeMutablePointer<Float>.allocate(capacity: NormLayout.tile)
            defer { a.deallocate(); b.deallocate() }
            for task in start..<end { body(task, a, b) }
        }
    }

    func forward(x: UnsafePointer<Float>, xhat: UnsafeMutablePointer<Float>, y: UnsafeMutablePointer<Float>,
                 rstd: UnsafeMutablePointer<Float>, weight: UnsafePointer<Float>?, bias: UnsafePointer<Float>?,
                 epsilon: Float) {
        let n = Float(size)
        withAffine(weight, bias) { gamma, beta in
            forEachTask { task, mean, sq in
                if inner == 1 {
                    let row = x + task * size
                    let mu = Float(RowSum.sum(row, size)) / n
                    let r = 1 / (Float(RowSum.squaredDeviation(row, size, mean: mu)) / n + epsilon).squareRoot()
                    rstd[task] = r
                    lk_layernorm_row_forward(row, size, mu, r, gamma, beta, xhat + task * size, y + task * size)
                    return
                }
                let (base, width, statistics) = tile(task)
                lk_layernorm_strided_forward(x + base, xhat + base, y + base, rstd + statistics, gamma, beta, size, inner,
                                             width, epsilon, mean, sq)
            }
        }
    }

    /// `gx = rstd · (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))` with `ĝ = γ·g`.
    func backward(g: UnsafePointer<Float>, xhat: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
                  weight: UnsafePointer<Float>?, gx: UnsafeMutablePointer<Float>) {
        withAffine(weight, nil) { gamma, _ in
            forEachTask { task, meanG, meanGH in
                if inner == 1 {
                    lk_layernorm_row_backward(g + task * size, xhat + task * size, rstd[task], gamma, size, gx + task * size)
                    return
                }
                let (base, width, statistics) = tile(task)
                lk_layernorm_strided_backward(g + base, xhat + base, rstd + statistics, gamma, gx + base, size, inner,
                                              width, meanG, meanGH)
            }
        }
    }
}
