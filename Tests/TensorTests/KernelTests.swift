import Testing
import Tensor

/// A small seeded generator for test data (splitmix64), independent of the engine's own streams.
private struct TestRandom {
    var state: UInt64
    mutating func next() -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Float(z >> 40) / Float(1 << 24) * 2 - 1
    }
    mutating func array(_ count: Int) -> [Float] { (0..<count).map { _ in next() } }
}

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

/// The largest error of `got` against `want`, relative to each element's magnitude.
private func worstRelativeError(_ got: [Float], _ want: [Double], _ magnitude: [Double]) -> Double {
    zip(got.indices, got).map { i, x in abs(Double(x) - want[i]) / max(magnitude[i], 1e-20) }.max() ?? 0
}

/// Naive convolution loops in double precision: the oracle for the three fast kernels.
private struct ReferenceConv {
    let g: ConvGeometry

    private func forEachTap(_ body: (_ n: Int, _ co: Int, _ ci: Int, _ oIndex: Int, _ iIndex: Int, _ wIndex: Int) -> Void) {
        let (oh, ow, cinG, coutG) = (g.outHeight, g.outWidth, g.inChannelsPerGroup, g.outChannelsPerGroup)
        for n in 0..<g.batch {
            for co in 0..<g.outChannels {
                let group = co / coutG
                for y in 0..<oh {
                    for x in 0..<ow {
                        for ci in 0..<cinG {
                            let c = group * cinG + ci
                            for ky in 0..<g.kernelHeight {
                                let iy = y * g.strideH - g.padH + ky * g.dilationH
                                if iy < 0 || iy >= g.height { continue }
                                for kx in 0..<g.kernelWidth {
                                    let ix = x * g.strideW - g.padW + kx * g.dilationW
                                    if ix < 0 || ix >= g.width { continue }
                                    body(n, co, ci, ((n * g.outChannels + co) * oh + y) * ow + x,
                                         ((n * g.inChannels + c) * g.height + iy) * g.width + ix,
                                         ((co * cinG + ci) * g.kernelHeight + ky) * g.kernelWidth + kx)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func forward(_ input: [Float], _ weight: [Float], _ bias: [Float]) -> (value: [Double], magnitude: [Double]) {
        let plane = g.outHeight * g.outWidth
        var out = (0..<g.batch * g.outChannels * plane).map { Double(bias[($0 / plane) % g.outChannels]) }
        var size = out.map(abs)
        forEachTap { _, _, _, o, i, w in
            out[o] += Double(input[i]) * Double(weight[w]); size[o] += abs(Double(input[i]) * Double(weight[w]))
        }
        return (out, size)
    }

    func backwardInput(_ gradOutput: [Float], _ weight: [Float]) -> (value: [Double], magnitude: [Double]) {
        var gin = [Double](repeating: 0, count: g.batch * g.inChannels * g.height * g.width), size = gin
        forEachTap { _, _, _, o, i, w in
            gin[i] += Double(gradOutput[o]) * Double(weight[w]); size[i] += abs(Double(gradOutput[o]) * Double(weight[w]))
        }
        return (gin, size)
    }

    func backwardWeight(_ input: [Float], _ gradOutput: [Float]) -> (value: [Double], magnitude: [Double]) {
        var gw = [Double](repeating: 0, count: g.outChannels * g.inChannelsPerGroup * g.kernelHeight * g.kernelWidth)
        var size = gw
        forEachTap { _, _, _, o, i, w in
            gw[w] += Double(gradOutput[o]) * Double(input[i]); size[w] += abs(Double(gradOutput[o]) * Double(input[i]))
        }
        return (gw, size)
    }

    func backwardBias(_ gradOutput: [Float]) -> (value: [Double], magnitude: [Double]) {
        let plane = g.outHeight * g.outWidth
        var gb = [Double](repeating: 0, count: g.outChannels), size = gb
        for (index, x) in gradOutput.enumerated() {
            gb[(index / plane) % g.outChannels] += Double(x); size[(index / plane) % g.outChannels] += abs(Double(x))
        }
        return (gb, size)
    }
}

/// The fast kernels' outputs for one geometry and data set.
private struct ConvResults: Equatable {
    var output: [Float], gradInput: [Float], gradWeight: [Float], gradBias: [Float]

    init(_ g: ConvGeometry, input: [Float], weight: [Float], bias: [Float], gradOutput: [Float]) {
        output = [Float](repeating: .nan, count: gradOutput.count)
        gradInput = [Float](repeating: .nan, count: input.count)
        gradWeight = [Float](repeating: .nan, count: weight.count)
        gradBias = [Float](repeating: .nan, count: bias.count)
        ConvKernels.forward(g, input: input, weight: weight, bias: bias, output: &output)
        ConvKernels.backwardInput(g, gradOutput: gradOutput, weight: weight, gradInput: &gradInput)
        ConvKernels.backwardWeight(g, input: input, gradOutput: gradOutput, gradWeight: &gradWeight, gradBias: &gradBias)
    }
}

/// Random data sized for a geometry: input, weight, bias, output gradient.
private func convData(_ g: ConvGeometry, seed: UInt64) -> (input: [Float], weight: [Float], bias: [Float], gradOutput: [Float]) {
    var random = TestRandom(state: seed)
    return (random.array(g.batch * g.inChannels * g.height * g.width),
            random.array(g.outChannels * g.inChannelsPerGroup * g.kernelHeight * g.kernelWidth),
            random.array(g.outChannels),
            random.array(g.batch * g.outChannels * g.outHeight * g.outWidth))
}

/// Geometries covering every kernel path: im2col in one piece and in several, pointwise,
/// strided, padded, dilated, grouped and depthwise, square and not.
private let geometries: [ConvGeometry] = [
    ConvGeometry(batch: 2, inChannels: 3, height: 9, width: 7, outChannels: 5, kernelHeight: 3, kernelWidth: 3,
                 padding: (1, 1)),
    ConvGeometry(batch: 2, inChannels: 64, height: 24, width: 24, outChannels: 12, kernelHeight: 3, kernelWidth: 3,
                 padding: (1, 1)),
    ConvGeometry(batch: 3, inChannels: 4, height: 11, width: 10, outChannels: 6, kernelHeight: 3, kernelWidth: 3,
                 stride: (2, 2), padding: (1, 1)),
    ConvGeometry(batch: 2, inChannels: 3, height: 12, width: 13, outChannels: 4, kernelHeight: 3, kernelWidth: 2,
                 stride: (1, 2), padding: (2, 1), dilation: (2, 3)),
    ConvGeometry(batch: 2, inChannels: 6, height: 8, width: 8, outChannels: 9, kernelHeight: 3, kernelWidth: 3,
                 padding: (1, 1), groups: 3),
    ConvGeometry(batch: 3, inChannels: 8, height: 10, width: 9, outChannels: 8, kernelHeight: 3, kernelWidth: 3,
                 padding: (1, 1), groups: 8),
    ConvGeometry(batch: 2, inChannels: 3, height: 21, width: 37, outChannels: 3, kernelHeight: 3, kernelWidth: 3,
                 padding: (2, 2), dilation: (2, 2), groups: 3),
    ConvGeometry(batch: 2, inChannels: 4, height: 18, width: 35, outChannels: 4, kernelHeight: 3, kernelWidth: 3,
                 groups: 4),
    ConvGeometry(batch: 2, inChannels: 5, height: 9, width: 12, outChannels: 5, kernelHeight: 5, kernelWidth: 3,
                 stride: (2, 1), padding: (2, 2), dilation: (1, 2), groups: 5),
    ConvGeometry(batch: 2, inChannels: 10, height: 7, width: 6, outChannels: 7, kernelHeight: 1, kernelWidth: 1),
    ConvGeometry(batch: 2, inChannels: 6, height: 7, width: 9, outChannels: 4, kernelHeight: 1, kernelWidth: 1,
                 stride: (2, 2), groups: 2),
    ConvGeometry(batch: 1, inChannels: 2, height: 5, width: 5, outChannels: 3, kernelHeight: 5, kernelWidth: 5,
                 padding: (0, 0)),
]

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

    @Test(arguments: GEMM.supportedInstructionSets)
    func gemmGivesTheSameBitsForOneAndTwoThreads(isa: String) {
        var random = TestRandom(state: 3)
        let (m, n, k) = (300, 500, 600)  // large enough to be cut into many blocks
        let a = random.array(k * m), b = random.array(n * k), c0 = random.array(m * n)
        func run(_ threads: Int) -> [Float] {
            var c = c0
            Parallel.withThreadCount(threads) {
                _ = GEMM.withInstructionSet(isa) {
                    GEMM.sgemm(transA: true, transB: true, m: m, n: n, k: k, alpha: 0.7, a: a, lda: m, b: b, ldb: k,
                               beta: 0.3, c: &c, ldc: n)
                }
            }
            return c
        }
        let one = run(1), two = run(2), three = run(3)
        #expect(one.map(\.bitPattern) == two.map(\.bitPattern))
        #expect(one.map(\.bitPattern) == three.map(\.bitPattern))
    }

    /// Packing is data movement only: op(A)·op(B) gives the same bits whether each operand is stored
    /// transposed or not, on every instruction set (the vector transposing packs against the plain
    /// copies), around the panel edges (8 rows, 16/32 columns) and with K tails off a multiple of 8.
    @Test(arguments: GEMM.supportedInstructionSets)
    func transposedOperandsGiveTheSameBitsAsStraightOnes(isa: String) {
        var random = TestRandom(state: 23)
        for (m, n, k) in [(8, 48, 37), (6, 33, 300), (13, 64, 8), (16, 32, 517), (9, 100, 3)] {
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
        for transA in [false, true] {
            for transB in [false, true] {
                let a = random.array(m * k), b = random.array(k * n), c0 = random.array(m * n)
                let lda = transA ? m : k, ldb = transB ? k : n
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

    @Test func convolutionForwardMatchesHandComputedCase() {
        // 1×1×3×3 input 1…9, one 2×2 kernel of ones, padding 0: sums of each 2×2 window.
        let g = ConvGeometry(batch: 1, inChannels: 1, height: 3, width: 3, outChannels: 1,
                             kernelHeight: 2, kernelWidth: 2)
        let input: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9], weight: [Float] = [1, 1, 1, 1]
        var out = [Float](repeating: 0, count: 4)
        ConvKernels.forward(g, input: input, weight: weight, bias: nil, output: &out)
        #expect(out == [12, 16, 24, 28])
    }

    @Test(arguments: geometries.indices)
    func convolutionKernelsMatchNaiveLoops(index: Int) {
        let g = geometries[index]
        let data = convData(g, seed: UInt64(100 + index))
        let fast = ConvResults(g, input: data.input, weight: data.weight, bias: data.bias, gradOutput: data.gradOutput)
        let reference = ReferenceConv(g: g)
        let forward = reference.forward(data.input, data.weight, data.bias)
        let gradInput = reference.backwardInput(data.gradOutput, data.weight)
        let gradWeight = reference.backwardWeight(data.input, data.gradOutput)
        let gradBias = reference.backwardBias(data.gradOutput)
        #expect(worstRelativeError(fast.output, forward.value, forward.magnitude) < 1e-5, "forward \(g)")
        #expect(worstRelativeError(fast.gradInput, gradInput.value, gradInput.magnitude) < 1e-5, "input \(g)")
        #expect(worstRelativeError(fast.gradWeight, gradWeight.value, gradWeight.magnitude) < 1e-5, "weight \(g)")
        #expect(worstRelativeError(fast.gradBias, gradBias.value, gradBias.magnitude) < 1e-5, "bias \(g)")
    }

    @Test func convolutionGivesTheSameBitsForOneAndTwoThreads() {
        // Batch 10 spreads the weight gradient over 8 image runs; 1 image exercises parallel GEMMs;
        // then grouped, and depthwise.
        for (batch, groups, outChannels) in [(10, 1, 32), (1, 1, 32), (4, 16, 32), (3, 16, 16)] {
            let g = ConvGeometry(batch: batch, inChannels: 16, height: 20, width: 20, outChannels: outChannels,
                                 kernelHeight: 3, kernelWidth: 3, padding: (1, 1), groups: groups)
            let data = convData(g, seed: 5)
            let results = [1, 2].map { threads in
                Parallel.withThreadCount(threads) {
                    ConvResults(g, input: data.input, weight: data.weight, bias: data.bias, gradOutput: data.gradOutput)
                }
            }
            #expect(results[0].output.map(\.bitPattern) == results[1].output.map(\.bitPattern))
            #expect(results[0].gradInput.map(\.bitPattern) == results[1].gradInput.map(\.bitPattern))
            #expect(results[0].gradWeight.map(\.bitPattern) == results[1].gradWeight.map(\.bitPattern))
            #expect(results[0].gradBias.map(\.bitPattern) == results[1].gradBias.map(\.bitPattern))
        }
    }
}
