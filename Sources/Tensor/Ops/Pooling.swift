// Pooling over NCHW planes: average, max (with the winning position kept for backward) and
// adaptive average (PyTorch's bins: start ⌊i·H/O⌋, end ⌈(i+1)·H/O⌉). Planes are independent,
// so they run in parallel and every result is the same whatever the thread count.

/// The window geometry of one pooling op on one plane.
struct PoolWindow {
    let height: Int, width: Int, outHeight: Int, outWidth: Int
    let kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int)

    init(height: Int, width: Int, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), op: String) {
        self.height = height; self.width = width
        self.kernel = kernel; self.stride = stride; self.padding = padding
        require(kernel.0 > 0 && kernel.1 > 0 && stride.0 > 0 && stride.1 > 0 && padding.0 >= 0 && padding.1 >= 0,
                     "\(op): invalid kernel \(kernel), stride \(stride) or padding \(padding)")
        require(padding.0 * 2 <= kernel.0 && padding.1 * 2 <= kernel.1,
                     "\(op): padding \(padding) must be at most half the kernel \(kernel)")
        outHeight = (height + 2 * padding.0 - kernel.0) / stride.0 + 1
        outWidth = (width + 2 * padding.1 - kernel.1) / stride.1 + 1
        require(outHeight > 0 && outWidth > 0, "\(op): plane \(height)×\(width) is smaller than kernel \(kernel)")
    }
}

extension Tensor {
    /// Average pooling; zero padding counts toward each window's divisor (PyTorch's default
    /// `count_include_pad=True`). `stride` defaults to the kernel.
    public func avgPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) -> Tensor {
        require(rank == 4, "avgPool2d: input \(shape) must be [N, C, H, W]")
        let w = PoolWindow(height: shape[2], width: shape[3], kernel: kernel, stride: stride ?? kernel,
                           padding: padding, op: "avgPool2d")
        let planes = shape[0] * shape[1]
        let (h, wd, oh, ow) = (w.height, w.width, w.outHeight, w.outWidth)
        let scale = 1 / Float(kernel.0 * kernel.1)
        let y = Tensor(uninitializedShape: [shape[0], shape[1], oh, ow])
        let px = storage.pointer, py = y.storage.pointer
        Parallel.forEachRange(planes, grain: Swift.max(1, (1 << 14) / Swift.max(h * wd, 1))) { start, end in
            for p in start..<end {
                let src = px + p * h * wd, dst = py + p * oh * ow
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var s: Float = 0
                        for ky in 0..<kernel.0 {
                            let iy = oy * w.stride.0 - padding.0 + ky
                            if iy < 0 || iy >= h { continue }
                            for kx in 0..<kernel.1 {
                                let ix = ox * w.stride.1 - padding.1 + kx
                                if ix >= 0 && ix < wd { s += src[iy * wd + ix] }
                            }
                        }
                        dst[oy * ow + ox] = s * scale
                    }
                }
            }
        }
        let inputShape = shape
        return Tensor.record("avgPool2d", y, inputs: [self]) { g in
            let gx = Tensor.zeros(inputShape)
            let pg = g.storage.pointer, pd = gx.storage.pointer
            Parallel.forEachRange(planes, grain: Swift.max(1, (1 << 14) / Swift.max(h * wd, 1))) { start, end in
                for p in start..<end {
                    let src = pg + p * oh * ow, dst = pd + p * h * wd
                    for oy in 0..<oh {
                        for ox in 0..<ow {
                            let v = src[oy * ow + ox] * scale
                            for ky in 0..<kernel.0 {
                                let iy = oy * w.stride.0 - padding.0 + ky
                                if iy < 0 || iy >= h { continue }
                                for kx in 0..<kernel.1 {
                                    let ix = ox * w.stride.1 - padding.1 + kx
                                    if ix >= 0 && ix < wd { dst[iy * wd + ix] += v }
                                }
                            }
                        }
                    }
                }
            }
            return [gx]
        }
    }

    /// Max pooling (padding counts as −∞); the gradient goes to the first maximal element of each
    /// window. `stride` defaults to the kernel.
    public func maxPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) -> Tensor {
        require(rank == 4, "maxPool2d: input \(shape) must be [N, C, H, W]")
        let w = PoolWindow(height: shape[2], width: shape[3], kernel: kernel, stride: stride ?? kernel,
                           padding: padding, op: "maxPool2d")
        let planes = shape[0] * shape[1]
        let (h, wd, oh, ow) = (w.height, w.width, w.outHeight, w.outWidth)
        let y = Tensor(uninitializedShape: [shape[0], shape[1], oh, ow])
        var winners = [Int32](repeating: 0, count: y.count)
        let halving = kernel == (2, 2) && w.stride == (2, 2) && padding == (0, 0)
        let px = storage.pointer, py = y.storage.pointer
        winners.withUnsafeMutableBufferPointer { buffer in
            let win = buffer.baseAddress!
            Parallel.forEachRange(planes, grain: Swift.max(1, (1 << 14) / Swift.max(h * wd, 1))) { start, end in
                for p in start..<end {
                    let src = px + p * h * wd, dst = py + p * oh * ow, wp = win + p * oh * ow
                    if halving {
                        // The common 2×2, stride 2, unpadded case without bounds checks.
                        for oy in 0..<oh {
                            let r0 = 2 * oy * wd, r1 = r0 + wd
                            for ox in 0..<ow {
                                var at = r0 + 2 * ox, best = src[at]
                                if src[r0 + 2 * ox + 1] > best { at = r0 + 2 * ox + 1; best = src[at] }
                                if src[r1 + 2 * ox] > best { at = r1 + 2 * ox; best = src[at] }
                                if src[r1 + 2 * ox + 1] > best { at = r1 + 2 * ox + 1; best = src[at] }
                                dst[oy * ow + ox] = best
                                wp[oy * ow + ox] = Int32(at)
                            }
                        }
                        continue
                    }
                    for oy in 0..<oh {
                        for ox in 0..<ow {
                            var best = -Float.infinity, at = -1
                            for ky in 0..<kernel.0 {
                                let iy = oy * w.stride.0 - padding.0 + ky
                                if iy < 0 || iy >= h { continue }
                                for kx in 0..<kernel.1 {
                                    let ix = ox * w.stride.1 - padding.1 + kx
                                    if ix >= 0 && ix < wd && (at < 0 || src[iy * wd + ix] > best) {
                                        best = src[iy * wd + ix]; at = iy * wd + ix
                                    }
                                }
                            }
                            dst[oy * ow + ox] = best
                            wp[oy * ow + ox] = Int32(at)
                        }
                    }
                }
            }
        }
        let inputShape = shape
        return Tensor.record("maxPool2d", y, inputs: [self]) { g in
            let gx = Tensor.zeros(inputShape)
            let pg = g.storage.pointer, pd = gx.storage.pointer
            winners.withUnsafeBufferPointer { buffer in
                let win = buffer.baseAddress!
                Parallel.forEachRange(planes, grain: Swift.max(1, (1 << 14) / Swift.max(h * wd, 1))) { start, end in
                    for p in start..<end {
                        for o in 0..<(oh * ow) { pd[p * h * wd + Int(win[p * oh * ow + o])] += pg[p * oh * ow + o] }
                    }
                }
            }
            return [gx]
        }
    }

    /// Adaptive average pooling to `[N, C, outHeight, outWidth]` with PyTorch's bins.
    public func adaptiveAvgPool2d(outputSize: (Int, Int)) -> Tensor {
        require(rank == 4, "adaptiveAvgPool2d: input \(shape) must be [N, C, H, W]")
        let (h, wd) = (shape[2], shape[3]), (oh, ow) = outputSize
        require(oh > 0 && ow > 0 && h > 0 && wd > 0, "adaptiveAvgPool2d: output size \(outputSize) for input \(shape)")
        let rowBins = (0..<oh).map { ($0 * h / oh, (($0 + 1) * h + oh - 1) / oh) }
        let colBins = (0..<ow).map { ($0 * wd / ow, (($0 + 1) * wd + ow - 1) / ow) }
        let planes = shape[0] * shape[1]
        let y = Tensor(uninitializedShape: [shape[0], shape[1], oh, ow])
        let px = storage.pointer, py = y.storage.pointer
        Parallel.forEachRange(planes, grain: Swift.max(1, (1 << 14) / Swift.max(h * wd, 1))) { start, end in
            for p in start..<end {
                let src = px + p * h * wd, dst = py + p * oh * ow
                for (oy, (y0, y1)) in rowBins.enumerated() {
                    for (ox, (x0, x1)) in colBins.enumerated() {
                        var s: Float = 0
                        for iy in y0..<y1 { for ix in x0..<x1 { s += src[iy * wd + ix] } }
                        dst[oy * ow + ox] = s / Float((y1 - y0) * (x1 - x0))
                    }
                }
            }
        }
        let inputShape = shape
        return Tensor.record("adaptiveAvgPool2d", y, inputs: [self]) { g in
            let gx = Tensor.zeros(inputShape)
            let pg = g.storage.pointer, pd = gx.storage.pointer
            Parallel.forEachRange(planes, grain: Swift.max(1, (1 << 14) / Swift.max(h * wd, 1))) { start, end in
                for p in start..<end {
                    let src = pg + p * oh * ow, dst = pd + p * h * wd
                    for (oy, (y0, y1)) in rowBins.enumerated() {
                        for (ox, (x0, x1)) in colBins.enumerated() {
                            let v = src[oy * ow + ox] / Float((y1 - y0) * (x1 - x0))
                            for iy in y0..<y1 { for ix in x0..<x1 { dst[iy * wd + ix] += v } }
                        }
                    }
                }
            }
            return [gx]
        }
    }
}
