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
        var rstd = [Float](repeating: 0, count: outer * inner)
        let px = storage.pointer, ph = xhat.storage.pointer, py = y.storage.pointer
        let pw = weight?.storage.pointer, pb = bias?.storage.pointer
        rstd.withUnsafeMutableBufferPointer { buffer in
            let pr = buffer.baseAddress!
            forEachRange(outer * inner, grain: Swift.max(1, (1 << 14) / Swift.max(size, 1))) { start, end in
                for t in start..<end {
                    let base = (t / inner) * size * inner + t % inner
                    var mean: Float = 0
                    for i in 0..<size { mean += px[base + i * inner] }
                    mean /= Float(size)
                    var v: Float = 0
                    for i in 0..<size { let d = px[base + i * inner] - mean; v += d * d }
                    let r = 1 / (v / Float(size) + epsilon).squareRoot()
                    pr[t] = r
                    for i in 0..<size {
                        let h = (px[base + i * inner] - mean) * r
                        ph[base + i * inner] = h
                        py[base + i * inner] = h * (pw?[i] ?? 1) + (pb?[i] ?? 0)
                    }
                }
            }
        }
        var inputs = [self]
        if let weight { inputs.append(weight) }
        if let bias { inputs.append(bias) }
        let x = self
        let otherAxes = shape.indices.filter { $0 != a }
        return Tensor.record("layerNorm", y, inputs: inputs) { g in
            var grads: [Tensor?] = []
            if x.node != nil {
                let gx = Tensor(uninitializedShape: x.shape)
                let pg = g.storage.pointer, pd = gx.storage.pointer
                let ph = xhat.storage.pointer, pw = weight?.storage.pointer
                rstd.withUnsafeBufferPointer { buffer in
                    let pr = buffer.baseAddress!
                    forEachRange(outer * inner, grain: Swift.max(1, (1 << 14) / Swift.max(size, 1))) { start, end in
                        for t in start..<end {
                            let base = (t / inner) * size * inner + t % inner
                            var meanG: Float = 0, meanGH: Float = 0
                            for i in 0..<size {
                                let gh = pg[base + i * inner] * (pw?[i] ?? 1)
                                meanG += gh; meanGH += gh * ph[base + i * inner]
                            }
                            meanG /= Float(size); meanGH /= Float(size)
                            for i in 0..<size {
                                let gh = pg[base + i * inner] * (pw?[i] ?? 1)
                                pd[base + i * inner] = pr[t] * (gh - meanG - ph[base + i * inner] * meanGH)
                            }
                        }
                    }
                }
                grads.append(gx)
            } else {
                grads.append(nil)
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
    public func batchNorm(weight: Tensor? = nil, bias: Tensor? = nil,
                          running: (mean: Tensor, variance: Tensor)? = nil,
                          epsilon: Float = 1e-5) -> (output: Tensor, statistics: BatchNormStatistics?) {
        require(rank >= 2, "batchNorm: input \(shape) must be [N, C, …]")
        let (batch, channels, inner) = Shapes.split(shape, at: 1)
        for (name, t) in [("weight", weight), ("bias", bias), ("running mean", running?.mean), ("running variance", running?.variance)] {
            if let t { require(t.shape == [channels], "batchNorm: \(name) \(t.shape) for input \(shape)") }
        }
        let m = batch * inner
        require(running != nil || m > 0, "batchNorm: empty batch \(shape)")
        let training = running == nil
        let mean = Tensor(uninitializedShape: [channels]), variance = Tensor(uninitializedShape: [channels])
        let xhat = Tensor(uninitializedShape: shape), y = Tensor(uninitializedShape: shape)
        let px = storage.pointer, ph = xhat.storage.pointer, py = y.storage.pointer
        let pm = mean.storage.pointer, pv = variance.storage.pointer
        let pw = weight?.storage.pointer, pb = bias?.storage.pointer
        let rm = running?.mean.storage.pointer, rv = running?.variance.storage.pointer
        Parallel.forEachChunk(channels) { c in
            var mu: Float, sigma2: Float
            if let rm, let rv {
                mu = rm[c]; sigma2 = rv[c]
            } else {
                var s: Double = 0
                for n in 0..<batch { let row = px + (n * channels + c) * inner; for j in 0..<inner { s += Double(row[j]) } }
                mu = Float(s / Double(m))
                var v: Double = 0
                for n in 0..<batch {
                    let row = px + (n * channels + c) * inner
                    for j in 0..<inner { let d = Double(row[j] - mu); v += d * d }
                }
                sigma2 = Float(v / Double(m))
            }
            pm[c] = mu; pv[c] = sigma2
            let r = 1 / (sigma2 + epsilon).squareRoot(), gamma = pw?[c] ?? 1, beta = pb?[c] ?? 0
            for n in 0..<batch {
                let off = (n * channels + c) * inner
                for j in 0..<inner {
                    let h = (px[off + j] - mu) * r
                    ph[off + j] = h
                    py[off + j] = h * gamma + beta
                }
            }
        }
        var inputs = [self]
        if let weight { inputs.append(weight) }
        if let bias { inputs.append(bias) }
        let x = self
        let output = Tensor.record("batchNorm", y, inputs: inputs) { g in
            // Per channel: Σ dy (the bias gradient) and Σ dy·x̂ (the weight gradient), row sums in
            // Float gathered in Double; then dx from them.
            let sumG = Tensor(uninitializedShape: [channels]), sumGH = Tensor(uninitializedShape: [channels])
            let gx = x.node == nil ? nil : Tensor(uninitializedShape: x.shape)
            let pg = g.storage.pointer, ph = xhat.storage.pointer, pv = variance.storage.pointer
            let pw = weight?.storage.pointer, psg = sumG.storage.pointer, psgh = sumGH.storage.pointer
            let pd = gx?.storage.pointer
            Parallel.forEachChunk(channels) { c in
                var totalG: Double = 0, totalGH: Double = 0
                for n in 0..<batch {
                    let off = (n * channels + c) * inner
                    var rowG: Float = 0, rowGH: Float = 0
                    for j in 0..<inner { rowG += pg[off + j]; rowGH += pg[off + j] * ph[off + j] }
                    totalG += Double(rowG); totalGH += Double(rowGH)
                }
                psg[c] = Float(totalG); psgh[c] = Float(totalGH)
                guard let pd else { return }
                let scale = (pw?[c] ?? 1) / (pv[c] + epsilon).squareRoot()
                let meanG = training ? Float(totalG / Double(m)) : 0, meanGH = training ? Float(totalGH / Double(m)) : 0
                for n in 0..<batch {
                    let off = (n * channels + c) * inner
                    for j in 0..<inner { pd[off + j] = scale * (pg[off + j] - meanG - ph[off + j] * meanGH) }
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
