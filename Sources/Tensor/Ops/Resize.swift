// Bilinear resize of NCHW planes, with PyTorch's `F.interpolate(mode="bilinear")` sampling:
// half-pixel centres (`alignCorners: false`, the default) or corner-aligned grids.

/// For one axis: the two source indices and the weight of the second, for each output index.
final class LinearTaps {
    let low: UnsafeMutablePointer<Int>, high: UnsafeMutablePointer<Int>, weight: UnsafeMutablePointer<Float>

    init(input: Int, output: Int, alignCorners: Bool) {
        low = .allocate(capacity: output); high = .allocate(capacity: output); weight = .allocate(capacity: output)
        for o in 0..<output {
            var src: Float
            if alignCorners {
                src = output > 1 ? Float(o) * Float(input - 1) / Float(output - 1) : 0
            } else {
                src = (Float(o) + 0.5) * Float(input) / Float(output) - 0.5
                if src < 0 { src = 0 }
            }
            let i0 = Swift.min(Int(src), input - 1)
            low[o] = i0
            high[o] = Swift.min(i0 + 1, input - 1)
            weight[o] = src - Float(i0)
        }
    }

    deinit { low.deallocate(); high.deallocate(); weight.deallocate() }

    /// For o in 0..<count, in order: `top[low[o]] += t[o]; top[high[o]] += t[count + o];
    /// bottom[low[o]] += t[2·count + o]; bottom[high[o]] += t[3·count + o]` (`top` and `bottom` are
    /// distinct rows). The four pixels being summed are held in registers: each pixel gets its terms
    /// in the same order (so the same bits) as the plain scatter, without a store and reload per
    /// term. Relies on `low` being non-decreasing and `high` a function of `low`, as for every axis.
    func addTerms(_ t: UnsafePointer<Float>, count: Int, onto top: UnsafeMutablePointer<Float>,
                  _ bottom: UnsafeMutablePointer<Float>) {
        guard count > 0 else { return }
        var c0 = low[0], c1 = high[0]
        var top0 = top[c0], bottom0 = bottom[c0]
        var top1 = c1 != c0 ? top[c1] : 0, bottom1 = c1 != c0 ? bottom[c1] : 0
        for o in 0..<count {
            let next = low[o]
            if next != c0 {
                top[c0] = top0; bottom[c0] = bottom0
                if next == c1 {
                    top0 = top1; bottom0 = bottom1
                } else {
                    if c1 != c0 { top[c1] = top1; bottom[c1] = bottom1 }
                    top0 = top[next]; bottom0 = bottom[next]
                }
                c0 = next; c1 = high[o]
                if c1 != c0 { top1 = top[c1]; bottom1 = bottom[c1] }
            }
            top0 += t[o]; bottom0 += t[2 * count + o]
            if c1 == c0 {
                top0 += t[count + o]; bottom0 += t[3 * count + o]
            } else {
                top1 += t[count + o]; bottom1 += t[3 * count + o]
            }
        }
        top[c0] = top0; bottom[c0] = bottom0
        if c1 != c0 { top[c1] = top1; bottom[c1] = bottom1 }
    }
}

extension Tensor {
    /// Bilinear resize of `[N, C, H, W]` to `[N, C, height, width]`.
    ///
    /// Forward, per plane: each source row is interpolated along x once (a row of `width` values),
    /// then each output row blends its two interpolated source rows (the same arithmetic as
    /// interpolating each output pixel from its four taps). Backward scatters each output pixel's
    /// gradient onto its four taps, output pixels in row-major order, each source pixel's running sum
    /// kept in a register while the output columns that read it pass (`LinearTaps.addTerms`).
    public func resizedBilinear(height: Int, width: Int, alignCorners: Bool = false) -> Tensor {
        require(rank == 4 && height > 0 && width > 0, "resizedBilinear: input \(shape) to \(height)×\(width)")
        let (h, w) = (shape[2], shape[3])
        let rows = LinearTaps(input: h, output: height, alignCorners: alignCorners)
        let cols = LinearTaps(input: w, output: width, alignCorners: alignCorners)
        let planes = shape[0] * shape[1]
        let y = Tensor(uninitializedShape: [shape[0], shape[1], height, width])
        let px = storage.pointer, py = y.storage.pointer
        let grain = Swift.max(1, (1 << 14) / Swift.max(height * width, 1))
        withExtendedLifetime((rows, cols)) {
            Parallel.forEachRange(planes, grain: grain) { start, end in
                // The source rows interpolated along x: h rows of `width` values.
                let across = UnsafeMutablePointer<Float>.allocate(capacity: h * width)
                defer { across.deallocate() }
                for p in start..<end {
                    let src = px + p * h * w, dst = py + p * height * width
                    for iy in 0..<h {
                        let r = src + iy * w, out = across + iy * width
                        for ox in 0..<width {
                            let c0 = cols.low[ox], c1 = cols.high[ox]
                            out[ox] = r[c0] + (r[c1] - r[c0]) * cols.weight[ox]
                        }
                    }
                    for oy in 0..<height {
                        let top = across + rows.low[oy] * width, bottom = across + rows.high[oy] * width
                        let ly = rows.weight[oy], out = dst + oy * width
                        for ox in 0..<width { out[ox] = top[ox] + (bottom[ox] - top[ox]) * ly }
                    }
                }
            }
        }
        let inputShape = shape
        return Tensor.record("resizedBilinear", y, inputs: [self]) { g in
            let gx = Tensor.zeros(inputShape)
            let pg = g.storage.pointer, pd = gx.storage.pointer
            withExtendedLifetime((rows, cols)) {
                Parallel.forEachRange(planes, grain: grain) { start, end in
                    // One output row's terms for its two source rows: v·(1 − ly)·(1 − lx), v·(1 − ly)·lx,
                    // v·ly·(1 − lx), v·ly·lx, each computed as the scatter below writes it.
                    let terms = UnsafeMutablePointer<Float>.allocate(capacity: 4 * width)
                    defer { terms.deallocate() }
                    for p in start..<end {
                        let src = pg + p * height * width, dst = pd + p * h * w
                        for oy in 0..<height {
                            let r0 = dst + rows.low[oy] * w, r1 = dst + rows.high[oy] * w, ly = rows.weight[oy]
                            let v = src + oy * width
                            guard r0 != r1 else {
                                // Both taps on one source row: the four corners interleave.
                                for ox in 0..<width {
                                    let c0 = cols.low[ox], c1 = cols.high[ox], lx = cols.weight[ox]
                                    r0[c0] += v[ox] * (1 - ly) * (1 - lx); r0[c1] += v[ox] * (1 - ly) * lx
                                    r1[c0] += v[ox] * ly * (1 - lx); r1[c1] += v[ox] * ly * lx
                                }
                                continue
                            }
                            for ox in 0..<width {
                                let lx = cols.weight[ox]
                                terms[ox] = v[ox] * (1 - ly) * (1 - lx); terms[width + ox] = v[ox] * (1 - ly) * lx
                                terms[2 * width + ox] = v[ox] * ly * (1 - lx); terms[3 * width + ox] = v[ox] * ly * lx
                            }
                            cols.addTerms(terms, count: width, onto: r0, r1)
                        }
                    }
                }
            }
            return [gx]
        }
    }
}
