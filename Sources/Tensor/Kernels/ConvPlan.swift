import CKernels

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
    /// Images whose columns sit side by side in one product: as many whole images as the column
    /// budget holds when an image's output has fewer than `smallOutput` positions (never for
    /// pointwise or depthwise convolutions, which unfold nothing), else 1. From the shape alone.
    let imagesPerProduct: Int
    /// Groups of `imagesPerProduct` consecutive images (the last may be smaller).
    let imageGroups: Int

    static let columnBudget = 1 << 17
    /// Outputs below this many positions share products. A product as narrow as one image's
    /// 4×4 output fills half of a 32-column register tile, and sharing made the quick models'
    /// 4×4 convolutions 1.5× faster; at 64 and 256 positions it gained nothing or lost up to 5 %
    /// (bench/engine/FINDINGS.md, session 17).
    static let smallOutput = 64
    /// Weight gradients of at least this many values (1 MB) are summed block by block when images
    /// share products: a whole one per run would no longer stay in cache (see `backwardWeight`).
    static let largeWeights = 1 << 18

    init(_ g: ConvGeometry, imagesPerProduct cap: Int? = nil) {
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
        let shares = !isDepthwise && !isPointwise && outPlane > 0 && outPlane < Self.smallOutput
        let fitting = shares ? max(1, fit / outPlane) : 1
        imagesPerProduct = max(1, min(g.batch, fitting, cap ?? Int.max))
        imageGroups = (g.batch + imagesPerProduct - 1) / imagesPerProduct
    }

    /// The images of group `index` (see `imagesPerProduct`).
    func imageGroup(_ index: Int) -> Range<Int> {
        index * imagesPerProduct ..< min(g.batch, (index + 1) * imagesPerProduct)
    }

    /// Each group's weights packed once for the many per-image products (`transposed`: Wᵀ, for the
    /// input gradient); nil when there is a single product, which then keeps its own row split.
    func packedWeights(_ weight: UnsafePointer<Float>, transposed: Bool) -> [PackedMatrix]? {
        guard imageGroups * pieces > 1 else { return nil }
        return (0..<g.groups).map { group in
            let w = weight + group * coutG * rows
            return transposed ? GEMM.pack(transA: true, m: rows, k: coutG, a: w, lda: rows)
                : GEMM.pack(transA: false, m: coutG, k: rows, a: w, lda: rows)
        }
    }

    func pieceRange(_ index: Int) -> Range<Int> {
        index * pieceSize ..< min(outPlane, (index + 1) * pieceSize)
    }

    /// The columns of output positions `piece` of `images` for conv group `group`, and their row
    /// stride: the image itself for a pointwise convolution, else an im2col into thread scratch,
    /// each image's columns beside the previous one's.
    func columns(_ input: UnsafePointer<Float>, _ images: Range<Int>, _ group: Int,
                 _ piece: Range<Int>) -> (UnsafePointer<Float>, Int) {
        let image = input + (images.lowerBound * g.inChannels + group * cinG) * inPlane
        if isPointwise { return (image + piece.lowerBound, inPlane) }
        let width = images.count * piece.count
        let cols = lk_scratch(0, rows * width)!
        for i in 0..<images.count {
            call(lk_im2col, image + i * g.inChannels * inPlane, cinG, piece, width, cols + i * piece.count)
        }
        return (UnsafePointer(cols), width)
    }

    /// The output gradient of positions `piece` of `images` for conv group `group`, as a
    /// coutG-row matrix, and its row stride: in place for one image, else gathered into thread
    /// scratch, each image's positions beside the previous one's.
    func outputGradient(_ gradOutput: UnsafePointer<Float>, _ images: Range<Int>, _ group: Int,
                        _ piece: Range<Int>) -> (UnsafePointer<Float>, Int) {
        let first = gradOutput + (images.lowerBound * g.outChannels + group * coutG) * outPlane + piece.lowerBound
        if images.count == 1 { return (first, outPlane) }
        let width = images.count * piece.count
        let gathered = lk_scratch(1, coutG * width)!
        for i in 0..<images.count {
            for co in 0..<coutG {
                (gathered + co * width + i * piece.count)
                    .update(from: first + i * g.outChannels * outPlane + co * outPlane, count: piece.count)
            }
        }
        return (UnsafePointer(gathered), width)
    }

    typealias Unfold = (UnsafePointer<Float>?, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int,
                        Int, Int, Int, UnsafeMutablePointer<Float>?) -> Void
    typealias Fold = (UnsafeMutablePointer<Float>?, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int,
                      Int, Int, Int, UnsafeMutablePointer<Float>?) -> Void
    typealias PlaneKernel = (UnsafePointer<Float>?, Int, Int, UnsafePointer<Float>?, Int, Int, Int, Int, Int, Int,
                             Int, Int, Int, Int, UnsafeMutablePointer<Float>?) -> Void

    /// im2col of positions `piece` of one image into `dst`, whose rows start `ld` floats apart.
    func call(_ f: Unfold, _ src: UnsafePointer<Float>, _ channels: Int, _ piece: Range<Int>, _ ld: Int,
              _ dst: UnsafeMutablePointer<Float>) {
        f(src, channels, g.height, g.width, g.kernelHeight, g.kernelWidth, g.strideH, g.strideW, g.padH, g.padW,
          g.dilationH, g.dilationW, g.outHeight, g.outWidth, piece.lowerBound, piece.upperBound, ld, dst)
    }

    /// col2im: `cols` (rows `ld` floats apart) is scratch (its padding entries are zeroed), `dst`
    /// receives the sums.
    func call(_ f: Fold, _ cols: UnsafeMutablePointer<Float>, _ ld: Int, _ channels: Int, _ piece: Range<Int>,
              _ dst: UnsafeMutablePointer<Float>) {
        f(cols, channels, g.height, g.width, g.kernelHeight, g.kernelWidth, g.strideH, g.strideW, g.padH, g.padW,
          g.dilationH, g.dilationW, g.outHeight, g.outWidth, piece.lowerBound, piece.upperBound, ld, dst)
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
