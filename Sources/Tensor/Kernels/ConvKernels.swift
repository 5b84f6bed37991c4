import CKernels

/// Convolution kernels on raw NCHW buffers: forward, gradient of the input, gradient of the
/// weights, for every geometry (stride, padding, dilation, groups).
///
/// Three paths: depthwise convolutions (one filter per channel) run direct loops per channel
/// plane; 1×1 stride-1 unpadded convolutions are a plain GEMM on the image; everything else
/// unfolds windows into columns (im2col, in cache-sized pieces of output positions) and runs a
/// GEMM per piece. Work is split over images and pieces whose edges depend on the shape alone,
/// and gradients summed over the batch are reduced in a fixed order: the bits do not depend on
/// the thread count.
public enum ConvKernels {
    /// `output[N, Cout, OH, OW] = conv(input, weight) + bias` (overwrites `output`).
    public static func forward(_ g: ConvGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                               bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>) {
        let plan = ConvPlan(g)
        if plan.isDepthwise {
            Parallel.forEachChunk(g.batch * g.outChannels) { plane in
                let c = plane % g.outChannels
                plan.call(lk_depthwise_forward, input + plane * plan.inPlane, weight + c * plan.taps,
                          bias?[c] ?? 0, output + plane * plan.outPlane)
            }
            return
        }
        let packed = plan.packedWeights(weight, transposed: false)
        Parallel.forEachChunk(g.batch * plan.pieces) { chunk in
            let n = chunk / plan.pieces, piece = plan.pieceRange(chunk % plan.pieces)
            for group in 0..<g.groups {
                let image = plan.inputGroup(input, n, group)
                let out = output + n * g.outChannels * plan.outPlane + group * plan.coutG * plan.outPlane
                let (cols, ldCols) = plan.columns(image, piece)
                if let packed {
                    GEMM.sgemm(packed: packed[group], transB: false, n: piece.count, b: cols, ldb: ldCols,
                               c: out + piece.lowerBound, ldc: plan.outPlane)
                } else {
                    GEMM.sgemm(transA: false, transB: false, m: plan.coutG, n: piece.count, k: plan.rows,
                               a: weight + group * plan.coutG * plan.rows, lda: plan.rows, b: cols, ldb: ldCols,
                               c: out + piece.lowerBound, ldc: plan.outPlane)
                }
                if let bias {
                    for co in 0..<plan.coutG {
                        let value = bias[group * plan.coutG + co], row = out + co * plan.outPlane
                        for p in piece { row[p] += value }
                    }
                }
            }
        }
    }

    /// `gradInput[N, Cin, H, W]` from `gradOutput` (overwrites `gradInput`).
    public static func backwardInput(_ g: ConvGeometry, gradOutput: UnsafePointer<Float>,
                                     weight: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>) {
        let plan = ConvPlan(g)
        if plan.isDepthwise {
            Parallel.forEachChunk(g.batch * g.inChannels) { plane in
                let c = plane % g.inChannels, gin = gradInput + plane * plan.inPlane
                gin.update(repeating: 0, count: plan.inPlane)
                plan.call(lk_depthwise_backward_input, gradOutput + plane * plan.outPlane, weight + c * plan.taps, gin)
            }
            return
        }
        // One chunk per image: every piece of an image adds into the same input gradient.
        let packed = plan.packedWeights(weight, transposed: true)
        Parallel.forEachChunk(g.batch) { n in
            let gin = gradInput + n * g.inChannels * plan.inPlane
            if !plan.isPointwise { gin.update(repeating: 0, count: g.inChannels * plan.inPlane) }
            for p in 0..<plan.pieces {
                let piece = plan.pieceRange(p)
                for group in 0..<g.groups {
                    let gout = gradOutput + n * g.outChannels * plan.outPlane + group * plan.coutG * plan.outPlane
                    let ginGroup = gin + group * plan.cinG * plan.inPlane
                    let w = weight + group * plan.coutG * plan.rows
                    // The columns' gradient Wᵀ·gradOutput: straight into the image when pointwise.
                    let (target, ldTarget) = plan.isPointwise
                        ? (ginGroup + piece.lowerBound, plan.inPlane) : (lk_scratch(0, plan.rows * piece.count)!, piece.count)
                    if let packed {
                        GEMM.sgemm(packed: packed[group], transB: false, n: piece.count, b: gout + piece.lowerBound,
                                   ldb: plan.outPlane, c: target, ldc: ldTarget)
                    } else {
                        GEMM.sgemm(transA: true, transB: false, m: plan.rows, n: piece.count, k: plan.coutG,
                                   a: w, lda: plan.rows, b: gout + piece.lowerBound, ldb: plan.outPlane,
                                   c: target, ldc: ldTarget)
                    }
                    if !plan.isPointwise { plan.call(lk_col2im, target, plan.cinG, piece, ginGroup) }
                }
            }
        }
    }

    /// `gradWeight` (and `gradBias` when given) from `input` and `gradOutput` (overwrites both).
    public static func backwardWeight(_ g: ConvGeometry, input: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>,
                                      gradWeight: UnsafeMutablePointer<Float>, gradBias: UnsafeMutablePointer<Float>?) {
        let plan = ConvPlan(g)
        if let gradBias {
            // Per channel, images in order: the same sum for any thread count.
            Parallel.forEachChunk(g.outChannels) { co in
                var total: Float = 0
                for n in 0..<g.batch {
                    total += lk_sum(gradOutput + (n * g.outChannels + co) * plan.outPlane, plan.outPlane)
                }
                gradBias[co] = total
            }
        }
        if plan.isDepthwise {
            Parallel.forEachChunk(g.outChannels) { c in
                let gw = gradWeight + c * plan.taps
                gw.update(repeating: 0, count: plan.taps)
                for n in 0..<g.batch {
                    let plane = n * g.outChannels + c
                    plan.call(lk_depthwise_backward_weight, input + plane * plan.inPlane,
                              gradOutput + plane * plan.outPlane, gw)
                }
            }
            return
        }
        // Images are cut into a fixed number of runs (from the batch size alone); each run sums its
        // images into its own partial gradient, and the partials are added in run order.
        let weightCount = g.outChannels * plan.rows
        let runs = min(g.batch, 8)
        if runs == 0 { gradWeight.update(repeating: 0, count: weightCount) }
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: max(0, runs - 1) * weightCount)
        defer { partials.deallocate() }
        Parallel.forEachChunk(runs) { run in
            let target = run == 0 ? gradWeight : partials + (run - 1) * weightCount
            var first = true
            for n in (run * g.batch / runs) ..< ((run + 1) * g.batch / runs) {
                let image = plan.inputGroup(input, n, 0)
                for p in 0..<plan.pieces {
                    let piece = plan.pieceRange(p)
                    for group in 0..<g.groups {
                        let gout = gradOutput + n * g.outChannels * plan.outPlane + group * plan.coutG * plan.outPlane
                        let (cols, ldCols) = plan.columns(image + group * plan.cinG * plan.inPlane, piece)
                        GEMM.sgemm(transA: false, transB: true, m: plan.coutG, n: plan.rows, k: piece.count,
                                   a: gout + piece.lowerBound, lda: plan.outPlane, b: cols, ldb: ldCols,
                                   beta: first ? 0 : 1, c: target + group * plan.coutG * plan.rows, ldc: plan.rows)
                    }
                    first = false
                }
            }
        }
        for run in 1..<max(runs, 1) {
            let partial = partials + (run - 1) * weightCount
            for i in 0..<weightCount { gradWeight[i] += partial[i] }
        }
    }
}

/// The derived sizes of one convolution and the helpers its three kernels share.
struct ConvPlan {
    let g: ConvGeometry
    let cinG: Int, coutG: Int
    /// Columns' row count: input channels per group × kernel taps (the GEMM's K for the forward).
    let rows: Int
    let taps: Int
    let inPlane: Int, outPlane: Int
    let isDepthwise: Bool, isPointwise: Bool
    /// Output positions per piece and pieces per image: a piece's columns take about 512 KB, half
    /// an L2 cache, leaving room for the GEMM's packed panels.
    let pieceSize: Int, pieces: Int

    static let columnBudget = 1 << 17

    init(_ g: ConvGeometry) {
        self.g = g
        cinG = g.inChannelsPerGroup; coutG = g.outChannelsPerGroup
        taps = g.kernelHeight * g.kernelWidth
        rows = cinG * taps
        inPlane = g.height * g.width; outPlane = g.outHeight * g.outWidth
        isDepthwise = g.groups > 1 && g.groups == g.inChannels && g.outChannels == g.inChannels
        isPointwise = taps == 1 && g.strideH == 1 && g.strideW == 1 && g.padH == 0 && g.padW == 0
        let fit = max(64, (Self.columnBudget / max(rows, 1)) / 64 * 64)
        pieceSize = max(1, min(outPlane, fit))
        pieces = (outPlane + pieceSize - 1) / pieceSize
    }

    /// Each group's weights packed once for the many per-image products (`transposed`: Wᵀ, for the
    /// input gradient); nil when there is a single product, which then keeps its own row split.
    func packedWeights(_ weight: UnsafePointer<Float>, transposed: Bool) -> [PackedMatrix]? {
        guard g.batch * pieces > 1 else { return nil }
        return (0..<g.groups).map { group in
            let w = weight + group * coutG * rows
            return transposed ? GEMM.pack(transA: true, m: rows, k: coutG, a: w, lda: rows)
                : GEMM.pack(transA: false, m: coutG, k: rows, a: w, lda: rows)
        }
    }

    func pieceRange(_ index: Int) -> Range<Int> {
        index * pieceSize ..< min(outPlane, (index + 1) * pieceSize)
    }

    /// The first input channel of `group` in image `n`.
    func inputGroup(_ input: UnsafePointer<Float>, _ n: Int, _ group: Int) -> UnsafePointer<Float> {
        input + (n * g.inChannels + group * cinG) * inPlane
    }

    /// The columns of output positions `piece` for the `cinG` channels at `image`, and their row
    /// stride: the image itself for a pointwise convolution, else an im2col into thread scratch.
    func columns(_ image: UnsafePointer<Float>, _ piece: Range<Int>) -> (UnsafePointer<Float>, Int) {
        if isPointwise { return (image + piece.lowerBound, inPlane) }
        let cols = lk_scratch(0, rows * piece.count)!
        call(lk_im2col, image, cinG, piece, cols)
        return (UnsafePointer(cols), piece.count)
    }

    typealias Unfold = (UnsafePointer<Float>?, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int,
                        Int, Int, UnsafeMutablePointer<Float>?) -> Void
    typealias Fold = (UnsafeMutablePointer<Float>?, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int,
                      Int, Int, UnsafeMutablePointer<Float>?) -> Void
    typealias PlaneKernel = (UnsafePointer<Float>?, Int, Int, UnsafePointer<Float>?, Int, Int, Int, Int, Int, Int,
                             Int, Int, Int, Int, UnsafeMutablePointer<Float>?) -> Void

    func call(_ f: Unfold, _ src: UnsafePointer<Float>, _ channels: Int, _ piece: Range<Int>,
              _ dst: UnsafeMutablePointer<Float>) {
        f(src, channels, g.height, g.width, g.kernelHeight, g.kernelWidth, g.strideH, g.strideW, g.padH, g.padW,
          g.dilationH, g.dilationW, g.outHeight, g.outWidth, piece.lowerBound, piece.upperBound, dst)
    }

    /// col2im: `cols` is scratch (its padding entries are zeroed), `dst` receives the sums.
    func call(_ f: Fold, _ cols: UnsafeMutablePointer<Float>, _ channels: Int, _ piece: Range<Int>,
              _ dst: UnsafeMutablePointer<Float>) {
        f(cols, channels, g.height, g.width, g.kernelHeight, g.kernelWidth, g.strideH, g.strideW, g.padH, g.padW,
          g.dilationH, g.dilationW, g.outHeight, g.outWidth, piece.lowerBound, piece.upperBound, dst)
    }

    func call(_ f: PlaneKernel, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>) {
        f(a, g.height, g.width, b, g.kernelHeight, g.kernelWidth, g.strideH, g.strideW, g.padH, g.padW,
          g.dilationH, g.dilationW, g.outHeight, g.outWidth, dst)
    }

    func call(_ f: (UnsafePointer<Float>?, Int, Int, UnsafePointer<Float>?, Int, Int, Int, Int, Int, Int, Int, Int,
                    Int, Int, Float, UnsafeMutablePointer<Float>?) -> Void,
              _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ bias: Float, _ dst: UnsafeMutablePointer<Float>) {
        f(a, g.height, g.width, b, g.kernelHeight, g.kernelWidth, g.strideH, g.strideW, g.padH, g.padW,
          g.dilationH, g.dilationW, g.outHeight, g.outWidth, bias, dst)
    }
}
