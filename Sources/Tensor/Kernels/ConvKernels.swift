import CKernels

/// Convolution kernels on raw NCHW buffers: forward, gradient of the input, gradient of the
/// weights, for every geometry (stride, padding, dilation, groups).
///
/// Three paths: depthwise convolutions (one filter per channel) run direct loops per channel
/// plane; 1×1 stride-1 unpadded convolutions are a plain GEMM on the image; everything else
/// unfolds windows into columns (im2col, in cache-sized pieces of output positions) and runs a
/// GEMM per piece. Images with small outputs share one GEMM, their columns side by side, so that
/// a product is wide enough for the register tiles; every element is still summed exactly as
/// with one product per image. Work is split over images and pieces whose edges depend on the
/// shape alone, and gradients summed over the batch are reduced in a fixed order: the bits do not
/// depend on the thread count.
///
/// `imagesPerProduct` caps how many images share one product (nil: as many as fit the column
/// budget; 1: one product per image). It never changes a bit of the result; tests and benchmarks
/// use it to show that.
public enum ConvKernels {
    /// `output[N, Cout, OH, OW] = conv(input, weight) + bias` (overwrites `output`).
    public static func forward(_ g: ConvGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                               bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>,
                               imagesPerProduct: Int? = nil) {
        let plan = ConvPlan(g, imagesPerProduct: imagesPerProduct)
        if plan.isDepthwise {
            Parallel.forEachChunk(g.batch * g.outChannels) { plane in
                let c = plane % g.outChannels
                plan.call(lk_depthwise_forward, input + plane * plan.inPlane, weight + c * plan.taps,
                          bias?[c] ?? 0, output + plane * plan.outPlane)
            }
            return
        }
        let packed = plan.packedWeights(weight, transposed: false)
        Parallel.forEachChunk(plan.imageGroups * plan.pieces) { chunk in
            let images = plan.imageGroup(chunk / plan.pieces), piece = plan.pieceRange(chunk % plan.pieces)
            let width = images.count * piece.count
            for group in 0..<g.groups {
                let first = output + images.lowerBound * g.outChannels * plan.outPlane + group * plan.coutG * plan.outPlane
                let (cols, ldCols) = plan.columns(input, images, group, piece)
                // One image writes its output in place; several go through scratch, then to their places.
                let (target, ldTarget) = images.count == 1
                    ? (first + piece.lowerBound, plan.outPlane) : (lk_scratch(1, plan.coutG * width)!, width)
                if let packed {
                    GEMM.sgemm(packed: packed[group], transB: false, n: width, b: cols, ldb: ldCols,
                               c: target, ldc: ldTarget)
                } else {
                    GEMM.sgemm(transA: false, transB: false, m: plan.coutG, n: width, k: plan.rows,
                               a: weight + group * plan.coutG * plan.rows, lda: plan.rows, b: cols, ldb: ldCols,
                               c: target, ldc: ldTarget)
                }
                for i in 0..<images.count where images.count > 1 {
                    for co in 0..<plan.coutG {
                        (first + i * g.outChannels * plan.outPlane + co * plan.outPlane)
                            .update(from: target + co * width + i * piece.count, count: piece.count)
                    }
                }
                if let bias {
                    for i in 0..<images.count {
                        let out = first + i * g.outChannels * plan.outPlane
                        for co in 0..<plan.coutG {
                            let value = bias[group * plan.coutG + co], row = out + co * plan.outPlane
                            for p in piece { row[p] += value }
                        }
                    }
                }
            }
        }
    }

    /// `gradInput[N, Cin, H, W]` from `gradOutput` (overwrites `gradInput`).
    public static func backwardInput(_ g: ConvGeometry, gradOutput: UnsafePointer<Float>,
                                     weight: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>,
                                     imagesPerProduct: Int? = nil) {
        let plan = ConvPlan(g, imagesPerProduct: imagesPerProduct)
        if plan.isDepthwise {
            Parallel.forEachChunk(g.batch * g.inChannels) { plane in
                let c = plane % g.inChannels, gin = gradInput + plane * plan.inPlane
                gin.update(repeating: 0, count: plan.inPlane)
                plan.call(lk_depthwise_backward_input, gradOutput + plane * plan.outPlane, weight + c * plan.taps, gin)
            }
            return
        }
        // One chunk per group of images: every piece of an image adds into the same input gradient.
        let packed = plan.packedWeights(weight, transposed: true)
        Parallel.forEachChunk(plan.imageGroups) { chunk in
            let images = plan.imageGroup(chunk)
            let gin = gradInput + images.lowerBound * g.inChannels * plan.inPlane
            if !plan.isPointwise { gin.update(repeating: 0, count: images.count * g.inChannels * plan.inPlane) }
            for p in 0..<plan.pieces {
                let piece = plan.pieceRange(p), width = images.count * piece.count
                for group in 0..<g.groups {
                    let (gout, ldGout) = plan.outputGradient(gradOutput, images, group, piece)
                    let ginGroup = gin + group * plan.cinG * plan.inPlane
                    let w = weight + group * plan.coutG * plan.rows
                    // The columns' gradient Wᵀ·gradOutput: straight into the image when pointwise.
                    let (target, ldTarget) = plan.isPointwise
                        ? (ginGroup + piece.lowerBound, plan.inPlane) : (lk_scratch(0, plan.rows * width)!, width)
                    if let packed {
                        GEMM.sgemm(packed: packed[group], transB: false, n: width, b: gout, ldb: ldGout,
                                   c: target, ldc: ldTarget)
                    } else {
                        GEMM.sgemm(transA: true, transB: false, m: plan.rows, n: width, k: plan.coutG,
                                   a: w, lda: plan.rows, b: gout, ldb: ldGout, c: target, ldc: ldTarget)
                    }
                    if plan.isPointwise { continue }
                    for i in 0..<images.count {
                        plan.call(lk_col2im, target + i * piece.count, width, plan.cinG, piece,
                                  ginGroup + i * g.inChannels * plan.inPlane)
                    }
                }
            }
        }
    }

    /// `gradWeight` (and `gradBias` when given) from `input` and `gradOutput` (overwrites both).
    public static func backwardWeight(_ g: ConvGeometry, input: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>,
                                      gradWeight: UnsafeMutablePointer<Float>, gradBias: UnsafeMutablePointer<Float>?,
                                      imagesPerProduct: Int? = nil) {
        let plan = ConvPlan(g, imagesPerProduct: imagesPerProduct)
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
        // images in order into its own partial gradient, and the partials are added in run order.
        // Images that share a product are summed in segments, one per image, in that same order.
        let weightCount = g.outChannels * plan.rows
        let runs = min(g.batch, 8)
        guard runs > 0 else { gradWeight.update(repeating: 0, count: weightCount); return }
        let runImages = (0..<runs).map { run in (run * g.batch / runs) ..< ((run + 1) * g.batch / runs) }
        if plan.imagesPerProduct > 1 && weightCount >= ConvPlan.largeWeights {
            weightGradientOfSmallOutputs(plan, input: input, gradOutput: gradOutput, gradWeight: gradWeight,
                                         runs: runImages)
            return
        }
        let partialsCount = (runs - 1) * weightCount
        let partials = BufferPool.allocate(count: partialsCount).assumingMemoryBound(to: Float.self)
        defer { BufferPool.release(partials, count: partialsCount) }
        Parallel.forEachChunk(runs) { run in
            let target = run == 0 ? gradWeight : partials + (run - 1) * weightCount
            var first = true
            for start in stride(from: runImages[run].lowerBound, to: runImages[run].upperBound,
                                by: plan.imagesPerProduct) {
                let images = start ..< min(runImages[run].upperBound, start + plan.imagesPerProduct)
                for p in 0..<plan.pieces {
                    let piece = plan.pieceRange(p)
                    for group in 0..<g.groups {
                        let (gout, ldGout) = plan.outputGradient(gradOutput, images, group, piece)
                        let (cols, ldCols) = plan.columns(input, images, group, piece)
                        GEMM.sgemm(transA: false, transB: true, m: plan.coutG, n: plan.rows,
                                   k: images.count * piece.count, a: gout, lda: ldGout, b: cols, ldb: ldCols,
                                   beta: first ? 0 : 1, c: target + group * plan.coutG * plan.rows, ldc: plan.rows,
                                   segment: piece.count)
                    }
                    first = false
                }
            }
        }
        for run in 1..<runs {
            let partial = partials + (run - 1) * weightCount
            for i in 0..<weightCount { gradWeight[i] += partial[i] }
        }
    }

    /// The weight gradient when images share products (small outputs). A gradient the size of
    /// the weights per run would be read and written once per image, so instead every image is
    /// unfolded once, blocks of the gradient's columns are spread over threads, and each block
    /// sums the runs in turn, each run one segmented product (a segment per image): the same
    /// additions in the same order as the per-run partials, on a block that stays in cache.
    private static func weightGradientOfSmallOutputs(_ plan: ConvPlan, input: UnsafePointer<Float>,
                                                     gradOutput: UnsafePointer<Float>,
                                                     gradWeight: UnsafeMutablePointer<Float>, runs: [Range<Int>]) {
        let g = plan.g, plane = plan.outPlane, total = g.batch * plane
        // Columns [group][row][image, position] and output gradient [channel][image, position].
        let columnsCount = g.groups * plan.rows * total, gradientCount = g.outChannels * total
        let cols = BufferPool.allocate(count: columnsCount).assumingMemoryBound(to: Float.self)
        let gout = BufferPool.allocate(count: gradientCount).assumingMemoryBound(to: Float.self)
        defer {
            BufferPool.release(cols, count: columnsCount)
            BufferPool.release(gout, count: gradientCount)
        }
        Parallel.forEachChunk(g.batch) { n in
            for group in 0..<g.groups {
                plan.call(lk_im2col, input + (n * g.inChannels + group * plan.cinG) * plan.inPlane, plan.cinG,
                          0..<plane, total, cols + group * plan.rows * total + n * plane)
            }
            for c in 0..<g.outChannels {
                (gout + c * total + n * plane).update(from: gradOutput + (n * g.outChannels + c) * plane, count: plane)
            }
        }
        let blockColumns = 128, blocks = (plan.rows + blockColumns - 1) / blockColumns
        Parallel.forEachChunk(g.groups * blocks) { chunk in
            let group = chunk / blocks, first = (chunk % blocks) * blockColumns
            let width = min(blockColumns, plan.rows - first)
            let target = gradWeight + group * plan.coutG * plan.rows + first
            let partial = lk_scratch(1, plan.coutG * width)!
            for (run, images) in runs.enumerated() {
                GEMM.sgemm(transA: false, transB: true, m: plan.coutG, n: width, k: images.count * plane,
                           a: gout + group * plan.coutG * total + images.lowerBound * plane, lda: total,
                           b: cols + (group * plan.rows + first) * total + images.lowerBound * plane, ldb: total,
                           c: run == 0 ? target : partial, ldc: run == 0 ? plan.rows : width, segment: plane)
                guard run > 0 else { continue }
                for co in 0..<plan.coutG {
                    let row = target + co * plan.rows, add = partial + co * width
                    for j in 0..<width { row[j] += add[j] }
                }
            }
        }
    }
}
