import CKernels
import Foundation

/// Single-precision matrix multiply on raw row-major buffers: the one entry point every matmul,
/// linear layer and convolution of the engine goes through.
///
/// The product is cut into blocks of C, one per thread (`BlockGrid`); each block runs the packed C
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
        let blocks = BlockGrid(m: m, n: n, k: k, threads: Parallel.threadCount, isa: isa)
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
        let blocks = BlockGrid(m: 1, n: n, k: m * max(k, 1), threads: Parallel.threadCount, isa: a.isa)
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

/// How one product is cut into blocks of C, one per thread: rows and columns are split in whole
/// register tiles into shares that differ by at most one tile, so that the threads finish together
/// and only a last block has edge tiles. Of the grids with one block per thread, the one that packs
/// the fewest operand values is taken (a cut of the rows makes every block pack all of op(B), a cut
/// of the columns all of op(A)); on a tie the rows are cut, whose tiles are the finer grain. A
/// product too small to be worth a thread hand-off per block gets fewer blocks, and one thread one
/// block, so that every operand is packed once. The cut never changes a bit of the result (`GEMM`).
struct BlockGrid {
    let m: Int, n: Int
    /// The grain of the cut: the register tile's rows (MR) and columns (NR).
    let rowGrain: Int, colGrain: Int
    let rowParts: Int, colParts: Int

    /// Work below this many multiply-adds per block is not worth a thread hand-off.
    static let minimumBlockWork = 1 << 22

    init(m: Int, n: Int, k: Int, threads: Int, isa: Int32) {
        self.m = m; self.n = n
        let work = m * n * max(k, 1)
        var blocks = max(1, min(threads, work / Self.minimumBlockWork))
        var shape = (rows: 1, cols: 1, rowGrain: 1, colGrain: 1)
        search: while blocks > 1 {
            var cheapest = Int.max
            for rows in 1...blocks where blocks % rows == 0 {
                let cols = blocks / rows
                let (mr, nr) = Self.tile(isa: isa, width: (n + cols - 1) / cols)
                guard rows <= (m + mr - 1) / mr, cols <= (n + nr - 1) / nr else { continue }
                let packed = m * cols + n * rows
                if packed <= cheapest { cheapest = packed; shape = (rows, cols, mr, nr) }
            }
            if cheapest < Int.max { break search }
            blocks -= 1
        }
        rowParts = shape.rows; colParts = shape.cols
        rowGrain = shape.rowGrain; colGrain = shape.colGrain
    }

    /// The register tile of a product `width` columns wide.
    private static func tile(isa: Int32, width: Int) -> (rows: Int, cols: Int) {
        var rows = 0, cols = 0
        lk_gemm_tile(isa, width, &rows, &cols)
        return (rows, cols)
    }

    var count: Int { rowParts * colParts }

    /// The rows and columns of C that block `index` covers.
    func ranges(_ index: Int) -> (rows: Range<Int>, cols: Range<Int>) {
        let r = index / colParts, c = index % colParts
        return (Self.share(r, of: rowParts, length: m, grain: rowGrain),
                Self.share(c, of: colParts, length: n, grain: colGrain))
    }

    /// Share `part` of `parts` of `0..<length`, cut at multiples of `grain`: the shares' numbers of
    /// grains differ by at most one.
    private static func share(_ part: Int, of parts: Int, length: Int, grain: Int) -> Range<Int> {
        let grains = (length + grain - 1) / grain
        func edge(_ i: Int) -> Int { min(length, i * grains / parts * grain) }
        return edge(part) ..< edge(part + 1)
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
