/// Copies between two strided views of the same logical shape:
/// `dst[Σ iₖ·dstStrides[k]] = src[Σ iₖ·srcStrides[k]]` for every multi-index `i` of `shape`.
/// Permute, broadcast (stride 0 on the source), slice, pad and concat are all this one loop.
/// With `accumulate`, values are added to the destination instead (a slice's gradient).
enum StridedCopy {
    static func copy(shape: [Int], src: UnsafePointer<Float>, srcStrides: [Int],
                     dst: UnsafeMutablePointer<Float>, dstStrides: [Int], accumulate: Bool = false) {
        let total = shape.reduce(1, *)
        if total == 0 { return }
        let (dims, strides) = Shapes.collapse(shape, [srcStrides, dstStrides])
        let ss = strides[0], ds = strides[1]
        let rank = dims.count
        let inner = dims[rank - 1], si = ss[rank - 1], di = ds[rank - 1]
        if !accumulate, si != 1 && di == 1, let p = ss.firstIndex(of: 1), p < rank - 1, dims[p] >= 8 && inner >= 8,
           !ds.contains(0) {
            transposeTiles(dims: dims, ss: ss, ds: ds, p: p, src: src, dst: dst)
            return
        }
        let rows = total / inner
        // Long rows are cut into pieces so that even a single row is spread over the threads.
        let piece = Swift.min(inner, 1 << 15), pieces = (inner + piece - 1) / piece
        // Rows write disjoint destination ranges unless the destination has a zero stride.
        let disjoint = !ds.contains(0) || rows == 1
        let taskBody: (Int, Int) -> Void = { start, end in
            // The current row's multi-index over the outer dimensions, its two offsets and the piece
            // of the row: worked out once for the first task, then stepped task by task like an
            // odometer (rows of a few values, as in window partitions, spent most of their time in
            // the divisions).
            var part = start % pieces, so = 0, dof = 0
            var index = [Int](repeating: 0, count: rank)
            var rem = start / pieces, d = rank - 2
            while d >= 0 {
                let i = rem % dims[d]; rem /= dims[d]
                index[d] = i; so += i * ss[d]; dof += i * ds[d]
                d -= 1
            }
            for _ in start..<end {
                defer {
                    // The next task: the row's next piece, or the next row's first.
                    part += 1
                    if part == pieces {
                        part = 0
                        var d = rank - 2
                        while d >= 0 {
                            index[d] += 1; so += ss[d]; dof += ds[d]
                            if index[d] < dims[d] { break }
                            so -= dims[d] * ss[d]; dof -= dims[d] * ds[d]; index[d] = 0
                            d -= 1
                        }
                    }
                }
                let j0 = part * piece, j1 = Swift.min(inner, j0 + piece)
                let s = src + so + j0 * si, t = dst + dof + j0 * di, n = j1 - j0
                if accumulate {
                    for j in 0..<n { t[j * di] += s[j * si] }
                } else if si == 1 && di == 1 {
                    t.update(from: s, count: n)
                } else if si == 0 {
                    let v = s[0]
                    for j in 0..<n { t[j * di] = v }
                } else {
                    for j in 0..<n { t[j * di] = s[j * si] }
                }
            }
        }
        if disjoint {
            Parallel.forEachRange(rows * pieces, grain: Swift.max(1, (1 << 15) / piece), taskBody)
        } else {
            taskBody(0, rows * pieces)
        }
    }

    /// A permutation whose output rows read the source across its rows: copied in 32×32 tiles
    /// of (source-contiguous dim `p`, last dim), so reads and writes both stay in cache.
    private static func transposeTiles(dims: [Int], ss: [Int], ds: [Int], p: Int,
                                       src: UnsafePointer<Float>, dst: UnsafeMutablePointer<Float>) {
        let rank = dims.count, last = rank - 1
        let (np, nl) = (dims[p], dims[last])
        let sl = ss[last], dp = ds[p]
        let others = (0..<rank).filter { $0 != p && $0 != last }
        let planes = others.map { dims[$0] }.reduce(1, *)
        let tile = 32, tilesP = (np + tile - 1) / tile, tilesL = (nl + tile - 1) / tile
        Parallel.forEachRange(planes * tilesP * tilesL, grain: 16) { start, end in
            for task in start..<end {
                var plane = task / (tilesP * tilesL)
                let t = task % (tilesP * tilesL)
                let i0 = (t / tilesL) * tile, j0 = (t % tilesL) * tile
                var so = 0, dof = 0
                for d in others.reversed() {
                    let i = plane % dims[d]; plane /= dims[d]
                    so += i * ss[d]; dof += i * ds[d]
                }
                let i1 = Swift.min(np, i0 + tile), j1 = Swift.min(nl, j0 + tile)
                for i in i0..<i1 {
                    let s = src + so + i, d = dst + dof + i * dp
                    for j in j0..<j1 { d[j] = s[j * sl] }
                }
            }
        }
    }
}
