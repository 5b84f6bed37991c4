import CKernels
import Foundation

/// Single-precision matrix multiply on raw row-major buffers: the one entry point every matmul,
/// linear layer and convolution of the engine goes through.
///
/// The product is cut into blocks of C, one or two per thread; each block runs the packed C
/// micro-kernels (CKernels) on one thread. Every element of C is summed in an order fixed by K
/// and finished by the same fused multiply-add wherever the block edges fall, so the result is
/// bit-identical for any thread count.
public enum GEMM {
    /// `C[M×N] = alpha·op(A)·op(B) + beta·C`. `op(A)` is M×K (A is stored K×M when `transA`),
    /// `op(B)` is K×N (B is stored N×K when `transB`). Leading dimensions are row strides.
    /// `beta == 0` never reads C.
    ///
    /// With a `segment` shorter than K, K is summed in segments of that many steps (the last may be
    /// shorter), each added onto C in turn: the same bits as one product per segment, the first
    /// with `beta` and the rest with `beta = 1`, in one pass over C instead of one per segment.
    public static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, segment: Int? = nil
    ) {
        guard m > 0, n > 0 else { return }
        if FlopCount.isOn { FlopCount.add(m: m, n: n, k: k) }
        let isa = activeISA, segment = segment ?? k
        let blocks = BlockGrid(m: m, n: n, k: k, threads: Parallel.threadCount)
        if blocks.count == 1 {
            lk_sgemm_segmented_isa(isa, transA, transB, m, n, k, segment, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        Parallel.forEachChunk(blocks.count) { index in
            let (rows, cols) = blocks.ranges(index)
            let aBlock = transA ? a + rows.lowerBound : a + rows.lowerBound * lda
            let bBlock = transB ? b + cols.lowerBound * ldb : b + cols.lowerBound
            lk_sgemm_segmented_isa(isa, transA, transB, rows.count, cols.count, k, segment, alpha, aBlock, lda,
                                   bBlock, ldb, beta, c + rows.lowerBound * ldc + cols.lowerBound, ldc)
        }
    }

    /// Batched `sgemm`: `count` independent products whose operands start `strideA`, `strideB`
    /// and `strideC` floats apart. Batches run in parallel when each product is small.
    public static func sgemmBatched(
        count: Int, transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, strideA: Int, b: UnsafePointer<Float>, ldb: Int, strideB: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, strideC: Int
    ) {
        guard count > 0 else { return }
        Parallel.forEachChunk(count) { i in
            sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                  a: a + i * strideA, lda: lda, b: b + i * strideB, ldb: ldb,
                  beta: beta, c: c + i * strideC, ldc: ldc)
        }
    }

    /// Packs `op(A)` (M×K; A is stored K×M when `transA`) once, for many products with the same
    /// left operand: a layer's weights against every image of a batch.
    public static func pack(transA: Bool, m: Int, k: Int, a: UnsafePointer<Float>, lda: Int) -> PackedMatrix {
        PackedMatrix(transA: transA, m: m, k: k, a: a, lda: lda, isa: activeISA)
    }

    /// `C[M×N] = alpha·A·op(B) + beta·C` with A packed by `pack`: the same bits as `sgemm` on
    /// the unpacked A. Spread over threads by blocks of columns.
    public static func sgemm(
        packed a: PackedMatrix, transB: Bool, n: Int, alpha: Float = 1, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let (m, k) = (a.rows, a.depth)
        guard m > 0, n > 0 else { return }
        if FlopCount.isOn { FlopCount.add(m: m, n: n, k: k) }
        let blocks = BlockGrid(m: 1, n: n, k: m * max(k, 1), threads: Parallel.threadCount)
        Parallel.forEachChunk(blocks.count) { index in
            let cols = blocks.ranges(index).cols
            let bBlock = transB ? b + cols.lowerBound * ldb : b + cols.lowerBound
            lk_sgemm_packed_a(a.isa, m, cols.count, k, alpha, a.storage, transB, bBlock, ldb, beta,
                              c + cols.lowerBound, ldc)
        }
    }

    /// Runs `body` and returns the floating-point operations (2·M·N·K per product) of every GEMM it
    /// started, on any thread: the convolutions, linear layers and attention products of a training
    /// step (not the elementwise work around them). For benchmarks; calls must not overlap.
    public static func countingFlops(_ body: () throws -> Void) rethrows -> Double {
        FlopCount.start()
        defer { FlopCount.isOn = false }
        try body()
        return FlopCount.total
    }

    /// The instruction set the kernel dispatcher chose on this CPU, recorded in run metadata
    /// ("avx512", "avx2" or "portable"; `LLDIF_ISA` caps it).
    public static var instructionSet: String { String(cString: lk_isa()) }

    /// The instruction sets this CPU can run, most portable first.
    public static var supportedInstructionSets: [String] {
        allISAs.filter { lk_isa_supported($0) }.map { String(cString: lk_isa_name($0)) }
    }

    /// Runs `body` with every GEMM started from this thread (and the chunks it spreads to other
    /// threads) using the named instruction set. Returns nil, without running `body`, when the
    /// name is unknown or this CPU does not support it. Meant for tests and benchmarks.
    public static func withInstructionSet<R>(_ name: String, _ body: () throws -> R) rethrows -> R? {
        guard let isa = allISAs.first(where: {
            String(cString: lk_isa_name($0)) == name
        }), lk_isa_supported(isa) else { return nil }
        return try Parallel.withInheritedSetting(UInt8(isa), body)
    }

    private static let allISAs = [LK_ISA_PORTABLE, LK_ISA_AVX2, LK_ISA_AVX512].map { Int32($0) }

    /// The instruction set for GEMMs started on this thread.
    static var activeISA: Int32 {
        let forced = Int32(Parallel.inheritedSetting)
        return forced != 0 ? forced : lk_default_isa()
    }
}

/// The left operand of many products, packed once into the micro-kernel's panel layout for one
/// instruction set (see `GEMM.pack`).
public final class PackedMatrix: @unchecked Sendable {
    /// M: rows of `op(A)`.
    public let rows: Int
    /// K: columns of `op(A)`.
    public let depth: Int
    let isa: Int32
    let storage: UnsafeMutablePointer<Float>

    init(transA: Bool, m: Int, k: Int, a: UnsafePointer<Float>, lda: Int, isa: Int32) {
        rows = m; depth = k; self.isa = isa
        storage = .allocate(capacity: lk_packed_a_count(isa, m, k))
        lk_pack_a(isa, transA, m, k, a, lda, storage)
    }

    deinit { storage.deallocate() }
}

/// How one product is cut into blocks of C: edges at multiples of 64 rows or columns, two blocks
/// per thread (for balance) when the product is large enough, and one block on one thread, so that
/// every operand is packed once. The cut never changes a bit of the result (`GEMM`).
struct BlockGrid {
    let m: Int, n: Int
    let rowBlock: Int, colBlock: Int
    let rowBlocks: Int, colBlocks: Int

    /// Work below this many multiply-adds per block is not worth a thread hand-off.
    static let minimumBlockWork = 1 << 22
    static let maximumBlocks = 16

    init(m: Int, n: Int, k: Int, threads: Int) {
        self.m = m; self.n = n
        let work = m * n * max(k, 1)
        let wanted = threads > 1 ? 2 * threads : 1
        let target = min(Self.maximumBlocks, wanted, max(1, work / Self.minimumBlockWork))
        var rowBlock = m, colBlock = n, blocks = 1
        // Halve the longer side (in multiples of 64) until there are enough blocks.
        while blocks < target {
            if colBlock >= rowBlock, colBlock >= 128 {
                colBlock = ((colBlock / 2 + 63) / 64) * 64
            } else if rowBlock >= 128 {
                rowBlock = ((rowBlock / 2 + 63) / 64) * 64
            } else {
                break
            }
            blocks = ((m + rowBlock - 1) / rowBlock) * ((n + colBlock - 1) / colBlock)
        }
        self.rowBlock = rowBlock; self.colBlock = colBlock
        rowBlocks = (m + rowBlock - 1) / rowBlock
        colBlocks = (n + colBlock - 1) / colBlock
    }

    var count: Int { rowBlocks * colBlocks }

    /// The rows and columns of C that block `index` covers.
    func ranges(_ index: Int) -> (rows: Range<Int>, cols: Range<Int>) {
        let r = index / colBlocks, c = index % colBlocks
        return (r * rowBlock ..< min(m, (r + 1) * rowBlock), c * colBlock ..< min(n, (c + 1) * colBlock))
    }
}

/// The running count of `GEMM.countingFlops`: switched on and off outside parallel loops, added
/// to under a lock by the products it sees.
private enum FlopCount {
    nonisolated(unsafe) static var isOn = false
    nonisolated(unsafe) private static var flops = 0.0
    private static let lock = NSLock()

    static func start() { flops = 0; isOn = true }

    static func add(m: Int, n: Int, k: Int) {
        lock.lock(); defer { lock.unlock() }
        flops += 2 * Double(m) * Double(n) * Double(k)
    }

    static var total: Double { lock.lock(); defer { lock.unlock() }; return flops }
}
