import Testing
import Tensor

/// `C = alpha·op(A)·op(B) + beta·C` in double precision, with the magnitude Σ|terms| of each
/// element for the error bound.
private func referenceGEMM(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                           a: [Float], lda: Int, b: [Float], ldb: Int, beta: Float,
                           c: [Float], ldc: Int) -> (value: [Double], magnitude: [Double]) {
    var value = c.map(Double.init), magnitude = [Double](repeating: 0, count: c.count)
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0, size = 0.0
            for p in 0..<k {
                let x = Double(transA ? a[p * lda + i] : a[i * lda + p])
                let y = Double(transB ? b[j * ldb + p] : b[p * ldb + j])
                sum += x * y; size += abs(x * y)
            }
            let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
            value[i * ldc + j] = Double(alpha) * sum + old
            magnitude[i * ldc + j] = abs(Double(alpha)) * size + abs(old)
        }
    }
    return (value, magnitude)
}

/// Random operands for op(A)·op(B) in every storage layout: `body` gets each combination of
/// transposed A and B with A, its row stride, B, its row stride and a starting C.
private func forEachOperandLayout(_ random: inout TestRandom, m: Int, n: Int, k: Int,
                                  _ body: (Bool, Bool, [Float], Int, [Float], Int, [Float]) -> Void) {
    for transA in [false, true] {
        for transB in [false, true] {
            let a = random.array(m * k), b = random.array(k * n), c0 = random.array(m * n)
            body(transA, transB, a, transA ? m : k, b, transB ? k : n, c0)
        }
    }
}

/// The GEMM kernels against a double-precision reference and against each other's bits.
@Suite struct KernelTests {
    @Test func gemmMatchesHandComputedProduct() {
        // [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]]
        let a: [Float] = [1, 2, 3, 4, 5, 6], b: [Float] = [7, 8, 9, 10, 11, 12]
        var c = [Float](repeating: 0, count: 4)
        GEMM.sgemm(transA: false, transB: false, m: 2, n: 2, k: 3, a: a, lda: 3, b: b, ldb: 2, c: &c, ldc: 2)
        #expect(c == [58, 64, 139, 154])
        // Aᵀ stored as 3×2, Bᵀ stored as 2×3, alpha 2, beta 1 on top of the previous result.
        let at: [Float] = [1, 4, 2, 5, 3, 6], bt: [Float] = [7, 9, 11, 8, 10, 12]
        GEMM.sgemm(transA: true, transB: true, m: 2, n: 2, k: 3, alpha: 2, a: at, lda: 2, b: bt, ldb: 3,
                   beta: 1, c: &c, ldc: 2)
        #expect(c == [174, 192, 417, 462])
    }

    @Test func thisCPURunsTheInstructionSetTheDispatcherChose() {
        let supported = GEMM.supportedInstructionSets
        #expect(supported.first == "portable")
        #expect(supported.contains(GEMM.instructionSet))
        #expect(GEMM.withInstructionSet("no-such-isa") { 1 } == nil)
    }

    /// Shapes around every tile edge (4/6/8 rows, 16/32 columns), K around the 256 block, padded
    /// leading dimensions, all four transposition cases, and alpha/beta combinations.
    @Test(arguments: GEMM.supportedInstructionSets)
    func gemmMatchesDoublePrecisionReference(isa: String) {
        let shapes: [(Int, Int, Int)] = [
            (1, 1, 1), (3, 5, 7), (8, 32, 16), (9, 33, 17), (17, 47, 300), (6, 16, 257), (13, 100, 5),
            (64, 64, 64), (70, 130, 513), (129, 65, 31), (2, 300, 40), (200, 3, 64),
        ]
        let scalars: [(Float, Float)] = [(1, 0), (0.5, 1), (-2, 0.25)]
        var random = TestRandom(state: 42)
        var worst = 0.0
        for (m, n, k) in shapes {
            for transA in [false, true] {
                for transB in [false, true] {
                    for (alpha, beta) in scalars {
                        let lda = (transA ? m : k) + 3, ldb = (transB ? k : n) + 1, ldc = n + 2
                        let a = random.array((transA ? k : m) * lda), b = random.array((transB ? n : k) * ldb)
                        var c = random.array(m * ldc)
                        let want = referenceGEMM(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                                                 a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
                        let ran: Void? = GEMM.withInstructionSet(isa) {
                            GEMM.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                                       a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &c, ldc: ldc)
                        }
                        #expect(ran != nil)
                        // Padding columns of C (j >= n) must be left untouched: compare all of C.
                        worst = max(worst, worstRelativeError(c, want.value, want.magnitude))
                    }
                }
            }
        }
        #expect(worst < 1e-5, "worst relative error \(worst) on \(isa)")
    }

    @Test(arguments: GEMM.supportedInstructionSets)
    func gemmWithZeroBetaIgnoresGarbageInC(isa: String) {
        var random = TestRandom(state: 7)
        let (m, n, k) = (19, 37, 23)
        let a = random.array(m * k), b = random.array(k * n)
        var c = [Float](repeating: .nan, count: m * n)
        _ = GEMM.withInstructionSet(isa) {
            GEMM.sgemm(transA: false, transB: false, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &c, ldc: n)
        }
        #expect(c.allSatisfy { $0.isFinite })
        // K = 0: C = beta·C.
        var d: [Float] = [1, 2, 3, 4]
        GEMM.sgemm(transA: false, transB: false, m: 2, n: 2, k: 0, a: a, lda: 1, b: b, ldb: 2, beta: 3, c: &d, ldc: 2)
        #expect(d == [3, 6, 9, 12])
    }

    /// The blocks of C follow the thread count (one per thread, cut in whole tiles; a block narrower
    /// than 256 columns runs AVX-512's 8×32 tile where the whole product runs 8×48), and no cut
    /// changes a bit: not even one that makes tiles edge tiles (rows cut at 250 split a 6-row AVX2
    /// tile and an 8-row AVX-512 one, columns cut at an odd number a 16-, 32- and 48-column one),
    /// with alpha and beta that are not 0 or 1.
    @Test(arguments: GEMM.supportedInstructionSets)
    func gemmGivesTheSameBitsForAnyThreadCountAndAnyCut(isa: String) {
        var random = TestRandom(state: 3)
        for (m, n, k) in [(300, 500, 600), (500, 300, 200), (500, 700, 40)] {
            let a = random.array(k * m), b = random.array(n * k), c0 = random.array(m * n)
            func run(_ threads: Int) -> [Float] {
                var c = c0
                Parallel.withThreadCount(threads) {
                    _ = GEMM.withInstructionSet(isa) {
                        GEMM.sgemm(transA: true, transB: true, m: m, n: n, k: k, alpha: 0.7, a: a, lda: m, b: b,
                                   ldb: k, beta: 0.3, c: &c, ldc: n)
                    }
                }
                return c
            }
            // The same product as four blocks of C cut off any tile edge, on one thread.
            func cut(rows rowCut: Int, cols colCut: Int) -> [Float] {
                var c = c0
                c.withUnsafeMutableBufferPointer { c in
                    a.withUnsafeBufferPointer { a in
                        b.withUnsafeBufferPointer { b in
                            guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
                            for rows in [0..<rowCut, rowCut..<m] {
                                for cols in [0..<colCut, colCut..<n] {
                                    _ = GEMM.withInstructionSet(isa) {
                                        GEMM.sgemm(transA: true, transB: true, m: rows.count, n: cols.count, k: k,
                                                   alpha: 0.7, a: a + rows.lowerBound, lda: m,
                                                   b: b + cols.lowerBound * k, ldb: k, beta: 0.3,
                                                   c: c + rows.lowerBound * n + cols.lowerBound, ldc: n)
                                    }
                                }
                            }
                        }
                    }
                }
                return c
            }
            let one = run(1).map(\.bitPattern)
            #expect(one == run(2).map(\.bitPattern), "m \(m) n \(n) k \(k) on \(isa), 2 threads")
            #expect(one == run(3).map(\.bitPattern), "m \(m) n \(n) k \(k) on \(isa), 3 threads")
            let colCut = n / 2 + 13
            #expect(one == Parallel.withThreadCount(1) { cut(rows: 250, cols: colCut) }.map(\.bitPattern),
                    "m \(m) n \(n) k \(k) on \(isa), cut at row 250 and column \(colCut)")
        }
    }

    /// Packing is data movement only: op(A)·op(B) gives the same bits whether each operand is stored
    /// transposed or not, on every instruction set (the vector transposing packs against the plain
    /// copies), around the panel edges (8 rows, 16/32 columns; edge panels of 8, 26 and 27 columns,
    /// whose whole groups of eight take the vector pack) and with K tails off a multiple of 8.
    @Test(arguments: GEMM.supportedInstructionSets)
    func transposedOperandsGiveTheSameBitsAsStraightOnes(isa: String) {
        var random = TestRandom(state: 23)
        for (m, n, k) in [(8, 48, 37), (6, 33, 300), (13, 64, 8), (16, 32, 517), (9, 100, 3), (10, 72, 45),
                          (13, 27, 70), (7, 90, 200)] {
            let a = random.array(m * k), b = random.array(k * n), c0 = random.array(m * n)
            var at = [Float](repeating: 0, count: k * m), bt = [Float](repeating: 0, count: n * k)
            for i in 0..<m { for p in 0..<k { at[p * m + i] = a[i * k + p] } }
            for p in 0..<k { for j in 0..<n { bt[j * k + p] = b[p * n + j] } }
            var straight = c0, transposed = c0
            _ = GEMM.withInstructionSet(isa) {
                GEMM.sgemm(transA: false, transB: false, m: m, n: n, k: k, alpha: 1.5, a: a, lda: k, b: b, ldb: n,
                           beta: 0.5, c: &straight, ldc: n)
                GEMM.sgemm(transA: true, transB: true, m: m, n: n, k: k, alpha: 1.5, a: at, lda: m, b: bt, ldb: k,
                           beta: 0.5, c: &transposed, ldc: n)
            }
            #expect(straight.map(\.bitPattern) == transposed.map(\.bitPattern), "m \(m) n \(n) k \(k) on \(isa)")
        }
    }

    @Test(arguments: GEMM.supportedInstructionSets)
    func packedLeftOperandGivesTheSameBitsAsUnpacked(isa: String) {
        var random = TestRandom(state: 17)
        let (m, n, k) = (37, 150, 300)  // edge panels, several column blocks, two K blocks
        forEachOperandLayout(&random, m: m, n: n, k: k) { transA, transB, a, lda, b, ldb, c0 in
            var plain = c0, packed = c0
            _ = GEMM.withInstructionSet(isa) {
                GEMM.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1.5, a: a, lda: lda,
                           b: b, ldb: ldb, beta: 0.5, c: &plain, ldc: n)
                let left = a.withUnsafeBufferPointer { GEMM.pack(transA: transA, m: m, k: k, a: $0.baseAddress!, lda: lda) }
                GEMM.sgemm(packed: left, transB: transB, n: n, alpha: 1.5, b: b, ldb: ldb, beta: 0.5, c: &packed, ldc: n)
            }
            #expect(plain.map(\.bitPattern) == packed.map(\.bitPattern), "transA \(transA) transB \(transB)")
        }
    }

    @Test func batchedGEMMMatchesSeparateProducts() {
        var random = TestRandom(state: 11)
        let (count, m, n, k) = (5, 7, 9, 11)
        let a = random.array(count * m * k), b = random.array(count * k * n)
        var batched = [Float](repeating: 0, count: count * m * n), single = batched
        GEMM.sgemmBatched(count: count, transA: false, transB: false, m: m, n: n, k: k, a: a, lda: k, strideA: m * k,
                          b: b, ldb: n, strideB: k * n, c: &batched, ldc: n, strideC: m * n)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                single.withUnsafeMutableBufferPointer { c in
                    for i in 0..<count {
                        GEMM.sgemm(transA: false, transB: false, m: m, n: n, k: k,
                                   a: a.baseAddress! + i * m * k, lda: k, b: b.baseAddress! + i * k * n, ldb: n,
                                   c: c.baseAddress! + i * m * n, ldc: n)
                    }
                }
            }
        }
        #expect(batched == single)
    }

    /// A product at most 64 rows tall reads B in place (no packing): it gives the bits of the same
    /// rows in a taller product, whose B is packed, on every instruction set, over three K blocks,
    /// with one panel of A or several (and an edge panel of A), and with edge panels of B.
    @Test(arguments: GEMM.supportedInstructionSets)
    func shortProductReadingBInPlaceGivesTheBitsOfATallOne(isa: String) {
        var random = TestRandom(state: 31)
        let (tall, n, k) = (70, 300, 600)
        let a = random.array(tall * k), b = random.array(k * n), c0 = random.array(tall * n)
        var packed = c0
        _ = GEMM.withInstructionSet(isa) {
            GEMM.sgemm(transA: false, transB: false, m: tall, n: n, k: k, alpha: 1.5, a: a, lda: k, b: b, ldb: n,
                       beta: 0.5, c: &packed, ldc: n)
        }
        for short in [4, 37, 64] {
            var inPlace = Array(c0[0..<(short * n)])
            _ = GEMM.withInstructionSet(isa) {
                GEMM.sgemm(transA: false, transB: false, m: short, n: n, k: k, alpha: 1.5, a: a, lda: k, b: b,
                           ldb: n, beta: 0.5, c: &inPlace, ldc: n)
            }
            #expect(inPlace.map(\.bitPattern) == packed[0..<(short * n)].map(\.bitPattern), "\(short) rows on \(isa)")
        }
    }

    /// A segmented product gives the bits of one product per segment, the first with beta and the
    /// others adding onto C: segments shorter than a K block and longer, a short last segment,
    /// edge tiles, both operand layouts.
    @Test(arguments: GEMM.supportedInstructionSets)
    func segmentedProductGivesTheBitsOfOneProductPerSegment(isa: String) {
        var random = TestRandom(state: 29)
        for (m, n, k, segment) in [(9, 40, 48, 4), (16, 64, 600, 16), (37, 150, 1000, 300), (8, 32, 70, 25),
                                   (70, 33, 513, 256)] {
            forEachOperandLayout(&random, m: m, n: n, k: k) { transA, transB, a, lda, b, ldb, c0 in
                var once = c0, each = c0
                _ = GEMM.withInstructionSet(isa) {
                    GEMM.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1.5, a: a, lda: lda,
                               b: b, ldb: ldb, beta: 0.5, c: &once, ldc: n, segment: segment)
                    a.withUnsafeBufferPointer { a in
                        b.withUnsafeBufferPointer { b in
                            for start in stride(from: 0, to: k, by: segment) {
                                let aPart = a.baseAddress! + (transA ? start * lda : start)
                                let bPart = b.baseAddress! + (transB ? start : start * ldb)
                                GEMM.sgemm(transA: transA, transB: transB, m: m, n: n, k: min(segment, k - start),
                                           alpha: 1.5, a: aPart, lda: lda, b: bPart, ldb: ldb,
                                           beta: start == 0 ? 0.5 : 1, c: &each, ldc: n)
                            }
                        }
                    }
                }
                #expect(once.map(\.bitPattern) == each.map(\.bitPattern),
                        "m \(m) n \(n) k \(k) segment \(segment) transA \(transA) transB \(transB) on \(isa)")
            }
        }
    }
}
