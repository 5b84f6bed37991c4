// Bilinear resize of NCHW planes, with PyTorch's `F.interpolate(mode="bilinear")` sampling:
// half-pixel centres (`alignCorners: false`, the default) or corner-aligned grids.

/// For one axis: the two source indices and the weight of the second, for each output index.
struct LinearTaps {
    let low: [Int], high: [Int], weight: [Float]

    init(input: Int, output: Int, alignCorners: Bool) {
        var low = [Int](), high = [Int](), weight = [Float]()
        for o in 0..<output {
            var src: Float
            if alignCorners {
                src = output > 1 ? Float(o) * Float(input - 1) / Float(output - 1) : 0
            } else {
                src = (Float(o) + 0.5) * Float(input) / Float(output) - 0.5
                if src < 0 { src = 0 }
            }
            let i0 = Swift.min(Int(src), input - 1)
            low.append(i0)
            high.append(Swift.min(i0 + 1, input - 1))
            weight.append(src - Float(i0))
        }
        self.low = low; self.high = high; self.weight = weight
    }
}

extension Tensor {
    /// Bilinear resize of `[N, C, H, W]` to `[N, C, height, width]`.
    public func resizedBilinear(height: Int, width: Int, alignCorners: Bool = false) -> Tensor {
        require(rank == 4 && height > 0 && width > 0, "resizedBilinear: input \(shape) to \(height)×\(width)")
        let (h, w) = (shape[2], shape[3])
        let rows = LinearTaps(input: h, output: height, alignCorners: alignCorners)
        let cols = LinearTaps(input: w, output: width, alignCorners: alignCorners)
        let planes = shape[0] * shape[1]
        let y = Tensor(uninitializedShape: [shape[0], shape[1], height, width])
        let px = storage.pointer, py = y.storage.pointer
        let grain = Swift.max(1, (1 << 14) / Swift.max(height * width, 1))
        Parallel.forEachRange(planes, grain: grain) { start, end in
            for p in start..<end {
                let src = px + p * h * w, dst = py + p * height * width
                for oy in 0..<height {
                    let r0 = src + rows.low[oy] * w, r1 = src + rows.high[oy] * w, ly = rows.weight[oy]
                    for ox in 0..<width {
                        let c0 = cols.low[ox], c1 = cols.high[ox], lx = cols.weight[ox]
                        let top = r0[c0] + (r0[c1] - r0[c0]) * lx
                        let bottom = r1[c0] + (r1[c1] - r1[c0]) * lx
                        dst[oy * width + ox] = top + (bottom - top) * ly
                    }
                }
            }
        }
        let inputShape = shape
        return Tensor.record("resizedBilinear", y, inputs: [self]) { g in
            let gx = Tensor.zeros(inputShape)
            let pg = g.storage.pointer, pd = gx.storage.pointer
            Parallel.forEachRange(planes, grain: grain) { start, end in
                for p in start..<end {
                    let src = pg + p * height * width, dst = pd + p * h * w
                    for oy in 0..<height {
                        let r0 = dst + rows.low[oy] * w, r1 = dst + rows.high[oy] * w, ly = rows.weight[oy]
                        for ox in 0..<width {
                            let c0 = cols.low[ox], c1 = cols.high[ox], lx = cols.weight[ox]
                            let v = src[oy * width + ox]
                            r0[c0] += v * (1 - ly) * (1 - lx); r0[c1] += v * (1 - ly) * lx
                            r1[c0] += v * ly * (1 - lx); r1[c1] += v * ly * lx
                        }
                    }
                }
            }
            return [gx]
        }
    }
}
