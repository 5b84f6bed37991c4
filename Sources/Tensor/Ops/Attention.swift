// Multi-head attention's two products, read and written in the token layout `[B, L, H·w]`.
//
// Splitting heads the usual way, `reshaped([B, L, H, w]).permuted([0, 2, 1, 3])`, copies every
// query, key and value, and the mixed values back, forward and backward: eight copies per attention
// that were 4–6 % of an LLDif stage-2 step (bench/engine/FINDINGS.md, session 21). Head h of token
// row l is the contiguous run at l·D + h·w, so each (batch, head) matrix is a strided view with
// leading dimension D, which GEMM reads and writes as it is. The products, and the order of every
// sum, are those of `matmul` on the permuted copies: the same bits.

extension Tensor {
    /// `q_h · k_hᵀ` for every head: `q [B, L, D]` and `k [B, S, D]`, split into `heads` heads of
    /// width `D / heads`, give `[B, heads, L, S]`. The same bits as
    /// `split(q).matmul(split(k), transposeOther: true)` with
    /// `split(t) = t.reshaped([B, _, heads, D / heads]).permuted([0, 2, 1, 3])`.
    public static func attentionScores(queries q: Tensor, keys k: Tensor, heads: Int) -> Tensor {
        let layout = HeadLayout(q, k, heads: heads, op: "attentionScores")
        let (length, sources, width) = (layout.length, layout.sources, layout.headWidth)
        let y = Tensor(uninitializedShape: [layout.batch, heads, length, sources])
        let pq = q.storage.pointer, pk = k.storage.pointer, py = y.storage.pointer
        layout.forEachHead(flops: length * sources * width) { i, rowsOffset, sourcesOffset in
            GEMM.sgemm(transA: false, transB: true, m: length, n: sources, k: width, a: pq + rowsOffset, lda: layout.dimension,
                       b: pk + sourcesOffset, ldb: layout.dimension, c: py + i * length * sources, ldc: sources)
        }
        return Tensor.record("attentionScores", y, inputs: [q, k]) { g in
            let pg = g.storage.pointer, flops = length * sources * width
            return [layout.gradient(of: q, flops: flops) { gq, i, rowsOffset, sourcesOffset in
                        GEMM.sgemm(transA: false, transB: false, m: length, n: width, k: sources, a: pg + i * length * sources,
                                   lda: sources, b: pk + sourcesOffset, ldb: layout.dimension, c: gq + rowsOffset, ldc: layout.dimension)
                    },
                    layout.gradient(of: k, flops: flops) { gk, i, rowsOffset, sourcesOffset in
                        GEMM.sgemm(transA: true, transB: false, m: sources, n: width, k: length, a: pg + i * length * sources,
                                   lda: sources, b: pq + rowsOffset, ldb: layout.dimension, c: gk + sourcesOffset, ldc: layout.dimension)
                    }]
        }
    }

    /// `weights_h · v_h` for every head, with the heads side by side again: `weights [B, heads, L, S]`
    /// and `v [B, S, D]` give `[B, L, D]`. The same bits as
    /// `weights.matmul(split(v)).permuted([0, 2, 1, 3]).reshaped([B, L, D])`.
    public static func attentionMix(weights w: Tensor, values v: Tensor, heads: Int) -> Tensor {
        require(w.rank == 4 && w.shape[1] == heads, "attentionMix: weights \(w.shape) are not [B, \(heads), L, S]")
        let length = w.shape[2]
        let layout = HeadLayout(rows: w.shape[0], length: length, sourcesOf: v, heads: heads, op: "attentionMix")
        require(w.shape[0] == layout.batch && w.shape[3] == layout.sources,
                "attentionMix: weights \(w.shape) and values \(v.shape) are incompatible")
        let (sources, width, dimension) = (layout.sources, layout.headWidth, layout.dimension)
        let y = Tensor(uninitializedShape: [layout.batch, length, dimension])
        let pw = w.storage.pointer, pv = v.storage.pointer, py = y.storage.pointer
        layout.forEachHead(flops: length * sources * width) { i, rowsOffset, sourcesOffset in
            GEMM.sgemm(transA: false, transB: false, m: length, n: width, k: sources, a: pw + i * length * sources, lda: sources,
                       b: pv + sourcesOffset, ldb: dimension, c: py + rowsOffset, ldc: dimension)
        }
        return Tensor.record("attentionMix", y, inputs: [w, v]) { g in
            let pg = g.storage.pointer, flops = length * sources * width
            return [layout.gradient(of: w, flops: flops) { gw, i, rowsOffset, sourcesOffset in
                        GEMM.sgemm(transA: false, transB: true, m: length, n: sources, k: width, a: pg + rowsOffset, lda: dimension,
                                   b: pv + sourcesOffset, ldb: dimension, c: gw + i * length * sources, ldc: sources)
                    },
                    layout.gradient(of: v, flops: flops) { gv, i, rowsOffset, sourcesOffset in
                        GEMM.sgemm(transA: true, transB: false, m: sources, n: width, k: length, a: pw + i * length * sources,
                                   lda: sources, b: pg + rowsOffset, ldb: dimension, c: gv + sourcesOffset, ldc: dimension)
                    }]
        }
    }
}

/// Where each (batch, head) matrix of the token layout `[B, L, H·w]` starts: its rows (queries,
/// or mixed values) at `b·L·D + h·w` and its source rows (keys, values) at `b·S·D + h·w`, both with
/// leading dimension D.
private struct HeadLayout {
    let batch: Int, length: Int, sources: Int, dimension: Int, heads: Int, headWidth: Int

    /// The layout of queries `q [B, L, D]` against keys `k [B, S, D]`.
    init(_ q: Tensor, _ k: Tensor, heads: Int, op: String) {
        require(q.rank == 3, "\(op): queries \(q.shape) are not [B, L, D]")
        self.init(rows: q.shape[0], length: q.shape[1], sourcesOf: k, heads: heads, op: op)
        require(q.shape[2] == dimension, "\(op): queries \(q.shape) and keys \(k.shape) are incompatible")
    }

    /// The layout of `rows` batches of `length` rows against the source tokens `s [B, S, D]`.
    init(rows: Int, length: Int, sourcesOf s: Tensor, heads: Int, op: String) {
        require(s.rank == 3 && s.shape[0] == rows, "\(op): \(s.shape) is not [\(rows), S, D]")
        require(heads > 0 && s.shape[2] % heads == 0, "\(op): \(heads) heads do not divide width \(s.shape[2])")
        (batch, self.length, sources, dimension) = (rows, length, s.shape[1], s.shape[2])
        self.heads = heads
        headWidth = dimension / heads
    }

    /// The gradient of `input`, or nil when it needs none: a new tensor of its shape that
    /// `product(gradient, i, rowsOffset, sourcesOffset)` fills, one (batch, head) matrix at a time.
    func gradient(of input: Tensor, flops: Int,
                  _ product: (UnsafeMutablePointer<Float>, Int, Int, Int) -> Void) -> Tensor? {
        guard input.node != nil else { return nil }
        let gradient = Tensor(uninitializedShape: input.shape), pointer = gradient.storage.pointer
        forEachHead(flops: flops) { i, rowsOffset, sourcesOffset in product(pointer, i, rowsOffset, sourcesOffset) }
        return gradient
    }

    /// Runs `body(i, rowsOffset, sourcesOffset)` for every (batch, head) matrix `i = b·heads + h`,
    /// as `matmul` runs its batch (`Tensor.forEachMatrix`).
    func forEachHead(flops: Int, _ body: (Int, Int, Int) -> Void) {
        Tensor.forEachMatrix(batch * heads, flops: flops) { i in
            let (b, h) = (i / heads, i % heads)
            body(i, b * length * dimension + h * headWidth, b * sources * dimension + h * headWidth)
        }
    }
}
