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

    /// For each input index, the output indices that read it: `start[i]..<end[i]` (empty when none).
    final class Reach {
        let start: UnsafeMutablePointer<Int>, end: UnsafeMutablePointer<Int>

        init(taps: LinearTaps, input: Int, output: Int) {
            start = .allocate(capacity: input); end = .allocate(capacity: input)
            start.initialize(repeating: output, count: input); end.initialize(repeating: 0, count: input)
            for o in 0..<output {
                for i in [taps.low[o], taps.high[o]] { start[i] = Swift.min(start[i], o); end[i] = o + 1 }
            }
        }

        deinit { start.deallocate(); end.deallocate() }
    }
}

extension Tensor {
    /// Bilinear resize of `[N, C, H, W]` to `[N, C, height, width]`.
    ///
    /// Forward, per plane: each source row is interpolated along x once (a row of `width` values),
    /// then each output row blends its two interpolated source rows. Backward gathers, for each
    /// input pixel, its contributions in the order a scatter over output pixels (row-major, the
    /// four corners in turn) would add them, so the sums do not depend on how the loops are cut.
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
            let reach = LinearTaps.Reach(taps: cols, input: w, output: width)
            withExtendedLifetime((rows, cols, reach)) {
                Parallel.forEachRange(planes, grain: grain) { start, end in
                    for p in start..<end {
                        let src = pg + p * height * width, dst = pd + p * h * w
                        for oy in 0..<height {
                            let r0 = dst + rows.low[oy] * w, r1 = dst + rows.high[oy] * w, ly = rows.weight[oy]
                            let v = src + oy * width
                            guard r0 != r1 else {
                                // Both taps on one row: the corners interleave, as scattered.
                                for ox in 0..<width {
                                    let c0 = cols.low[ox], c1 = cols.high[ox], lx = cols.weight[ox]
                                    r0[c0] += v[ox] * (1 - ly) * (1 - lx); r0[c1] += v[ox] * (1 - ly) * lx
                                    r1[c0] += v[ox] * ly * (1 - lx); r1[c1] += v[ox] * ly * lx
                                }
                                continue
                            }
                            // Distinct rows: each input pixel's terms in output-column order.
                            for ix in 0..<w {
                                var top = r0[ix], bottom = r1[ix]
                                for ox in reach.start[ix]..<reach.end[ix] {
                                    let lx = cols.weight[ox]
                                    if cols.low[ox] == ix {
                                        top += v[ox] * (1 - ly) * (1 - lx); bottom += v[ox] * ly * (1 - lx)
                                    }
                                    if cols.high[ox] == ix {
                                        top += v[ox] * (1 - ly) * lx; bottom += v[ox] * ly * lx
                                    }
                                }
                                r0[ix] = top; r1[ix] = bottom
                            }
                        }
                    }
                }
            }
            return [gx]
        }
    }
}
