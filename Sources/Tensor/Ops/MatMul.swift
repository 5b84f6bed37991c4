// Matrix products: matmul (batched, with broadcast batch dimensions) and the fused linear
// layer `x·Wᵀ + b`. Every product runs through GEMM.sgemm.

extension Tensor {
    /// Matrix product over the last two axes: `[…, M, K] · […, K, N] → […, M, N]`; the batch
    /// dimensions broadcast (a plain `[K, N]` right operand is shared by every batch).
    /// `transposeSelf` / `transposeOther` use the transpose of the last two axes of that operand
    /// (so `q.matmul(k, transposeOther: true)` is `q·kᵀ`) without copying it.
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        let a = self, b = other
        let (ta, tb) = (transposeSelf, transposeOther)
        require(a.rank >= 2 && b.rank >= 2, "matmul: shapes \(a.shape) and \(b.shape) must have rank ≥ 2")
        let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1]), (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = ta ? (ac, ar) : (ar, ac)
        let (kb, n) = tb ? (bc, br) : (br, bc)
        require(k == kb, "matmul: shapes \(a.shape)\(ta ? "ᵀ" : "") and \(b.shape)\(tb ? "ᵀ" : "") are incompatible")
        if b.rank == 2 && a.rank > 2 && !ta {
            // A shared right operand: one GEMM over all rows of `a`.
            return a.reshaped([-1, k]).matmul(b, transposeOther: tb).reshaped(Array(a.shape.dropLast()) + [n])
        }
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        guard let batch = Shapes.broadcast(batchA, batchB) else {
            fatalError("matmul: batch dimensions of \(a.shape) and \(b.shape) cannot be broadcast")
        }
        let batchCount = batch.reduce(1, *)
        let offsetsA = Tensor.batchOffsets(batchA, in: batch, matrixSize: m * k)
        let offsetsB = Tensor.batchOffsets(batchB, in: batch, matrixSize: k * n)
        // Leading dimensions of the operands as stored.
        let lda = ac, ldb = bc
        let y = Tensor(uninitializedShape: batch + [m, n])
        let pa = a.storage.pointer, pb = b.storage.pointer, py = y.storage.pointer
        Tensor.forEachMatrix(batchCount, flops: m * n * k) { i in
            GEMM.sgemm(transA: ta, transB: tb, m: m, n: n, k: k, a: pa + offsetsA[i], lda: lda,
                       b: pb + offsetsB[i], ldb: ldb, c: py + i * m * n, ldc: n)
        }
        return Tensor.record("matmul", y, inputs: [a, b]) { g in
            let pg = g.storage.pointer
            var gradA: Tensor?, gradB: Tensor?
            if a.node != nil {
                // op(A) gets dC·op(B)ᵀ; stored transposed, A gets op(B)·dCᵀ.
                let full = Tensor(uninitializedShape: batch + [ar, ac])
                let pf = full.storage.pointer
                Tensor.forEachMatrix(batchCount, flops: m * n * k) { i in
                    if ta {
                        GEMM.sgemm(transA: tb, transB: true, m: k, n: m, k: n, a: pb + offsetsB[i], lda: ldb,
                                   b: pg + i * m * n, ldb: n, c: pf + i * m * k, ldc: m)
                    } else {
                        GEMM.sgemm(transA: false, transB: !tb, m: m, n: k, k: n, a: pg + i * m * n, lda: n,
                                   b: pb + offsetsB[i], ldb: ldb, c: pf + i * m * k, ldc: k)
                    }
                }
                gradA = full.sum(toShape: a.shape)
            }
            if b.node != nil {
                // op(B) gets op(A)ᵀ·dC; stored transposed, B gets dCᵀ·op(A).
                let full = Tensor(uninitializedShape: batch + [br, bc])
                let pf = full.storage.pointer
                Tensor.forEachMatrix(batchCount, flops: m * n * k) { i in
                    if tb {
                        GEMM.sgemm(transA: true, transB: ta, m: n, n: k, k: m, a: pg + i * m * n, lda: n,
                                   b: pa + offsetsA[i], ldb: lda, c: pf + i * k * n, ldc: k)
                    } else {
                        GEMM.sgemm(transA: !ta, transB: false, m: k, n: n, k: m, a: pa + offsetsA[i], lda: lda,
                                   b: pg + i * m * n, ldb: n, c: pf + i * k * n, ldc: n)
                    }
                }
                gradB = full.sum(toShape: b.shape)
            }
            return [gradA, gradB]
        }
    }

    /// The linear layer `x·Wᵀ + b` over the last axis: `x [..., in]`, `weight [out, in]`
    /// (PyTorch's layout), `bias [out]`, result `[..., out]`.
    public func linear(weight: Tensor, bias: Tensor? = nil) -> Tensor {
        let x = self
        require(weight.rank == 2 && x.rank >= 1 && x.shape[x.rank - 1] == weight.shape[1],
                     "linear: input \(x.shape) and weight \(weight.shape) are incompatible")
        let (inF, outF) = (weight.shape[1], weight.shape[0])
        if let bias { require(bias.shape == [outF], "linear: bias \(bias.shape) for weight \(weight.shape)") }
        let rows = x.count / Swift.max(inF, 1)
        let y = Tensor(uninitializedShape: Array(x.shape.dropLast()) + [outF])
        let px = x.storage.pointer, pw = weight.storage.pointer, py = y.storage.pointer
        GEMM.sgemm(transA: false, transB: true, m: rows, n: outF, k: inF, a: px, lda: inF, b: pw, ldb: inF, c: py, ldc: outF)
        if let bias {
            let pb = bias.storage.pointer
            Parallel.forEachRange(rows, grain: Swift.max(1, (1 << 15) / Swift.max(outF, 1))) { start, end in
                for r in start..<end {
                    let row = py + r * outF
                    for j in 0..<outF { row[j] += pb[j] }
                }
            }
        }
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        return Tensor.record("linear", y, inputs: inputs) { g in
            let pg = g.storage.pointer
            var grads: [Tensor?] = [nil, nil]
            if x.node != nil {
                let gx = Tensor(uninitializedShape: x.shape)
                GEMM.sgemm(transA: false, transB: false, m: rows, n: inF, k: outF, a: pg, lda: outF,
                           b: pw, ldb: inF, c: gx.storage.pointer, ldc: inF)
                grads[0] = gx
            }
            if weight.node != nil {
                let gw = Tensor(uninitializedShape: weight.shape)
                GEMM.sgemm(transA: true, transB: false, m: outF, n: inF, k: rows, a: pg, lda: outF,
                           b: px, ldb: inF, c: gw.storage.pointer, ldc: inF)
                grads[1] = gw
            }
            if let bias { grads.append(bias.node == nil ? nil : g.reshaped([rows, outF]).sum(axis: 0)) }
            return grads
        }
    }

    /// Storage offsets of each matrix of a batch `shape` broadcast to `batch`.
    static func batchOffsets(_ shape: [Int], in batch: [Int], matrixSize: Int) -> [Int] {
        let strides = Shapes.broadcastStrides(shape, to: batch)
        let total = batch.reduce(1, *)
        return (0..<total).map { index in
            var rem = index, offset = 0
            for d in stride(from: batch.count - 1, through: 0, by: -1) {
                offset += (rem % batch[d]) * strides[d]
                rem /= batch[d]
            }
            return offset * matrixSize
        }
    }

    /// Runs one GEMM per batch matrix; small or many matrices go in parallel over the batch (each
    /// writes only its own output), a few large ones one after another (GEMM parallelises inside).
    static func forEachMatrix(_ count: Int, flops: Int, _ body: (Int) -> Void) {
        if count > 1 && (flops < 1 << 18 || (count >= 8 && flops < 1 << 24)) {
            Parallel.forEachChunk(count, body)
        } else {
            for i in 0..<count { body(i) }
        }
    }
}
