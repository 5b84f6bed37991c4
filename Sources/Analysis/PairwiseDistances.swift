import KitSupport

/// Squared Euclidean distances between the rows of row-major Float matrices, computed in blocks
/// as ‖a‖² + ‖b‖² − 2 a·b with a register-blocked dot-product kernel. Hand-written because the
/// module stands on no BLAS binding and must not import the Tensor engine.
struct DistanceRows: Sendable {
    /// Number of rows (points).
    let rows: Int
    /// Columns of the caller's matrix.
    let columns: Int
    /// Row stride of `values`: `columns` rounded up to a multiple of 4, zero-padded.
    let stride: Int
    /// The padded rows.
    let values: [Float]
    /// Squared norm of each row.
    let norms: [Float]

    /// Copies `x` (`rows × columns`), centred on its column means: distances do not change, but
    /// ‖a‖² + ‖b‖² − 2 a·b no longer cancels catastrophically when all points share a large offset.
    init(_ x: [Float], rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        stride = (columns + 3) / 4 * 4
        var mean = [Double](repeating: 0, count: columns)
        for i in 0..<rows { for c in 0..<columns { mean[c] += Double(x[i * columns + c]) } }
        for c in 0..<columns { mean[c] /= Double(max(rows, 1)) }
        var padded = [Float](repeating: 0, count: rows * stride)
        var norms = [Float](repeating: 0, count: rows)
        for i in 0..<rows {
            var s: Float = 0
            for c in 0..<columns {
                let v = Float(Double(x[i * columns + c]) - mean[c])
                padded[i * stride + c] = v
                s += v * v
            }
            norms[i] = s
        }
        values = padded
        self.norms = norms
    }

    /// Writes the squared distances from rows `queryRange` to every row into `out`, one row of
    /// `rows` values per query. Negative rounding residues are clamped to 0; a row's distance to
    /// itself is exactly 0.
    func squaredDistances(from queryRange: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        let n = rows, stride = stride
        values.withUnsafeBufferPointer { v in
            norms.withUnsafeBufferPointer { norm in
                let base = v.baseAddress!
                // Point rows outer, query rows inner: four point rows stay in L1 while every
                // query row of the block (kept in L2) passes over them.
                var j = 0
                while j < n {
                    let jCount = min(4, n - j)
                    var i = queryRange.lowerBound
                    while i < queryRange.upperBound {
                        let iCount = min(4, queryRange.upperBound - i)
                        var dots = SIMD16<Float>()
                        if iCount == 4 && jCount == 4 {
                            dots = dot4x4(base + i * stride, base + j * stride, stride: stride)
                        } else {
                            for a in 0..<iCount {
                                for b in 0..<jCount {
                                    dots[a * 4 + b] = dot(base + (i + a) * stride, base + (j + b) * stride, count: stride)
                                }
                            }
                        }
                        for a in 0..<iCount {
                            let row = out + (i - queryRange.lowerBound + a) * n
                            for b in 0..<jCount {
                                let d = norm[i + a] + norm[j + b] - 2 * dots[a * 4 + b]
                                row[j + b] = (i + a == j + b) ? 0 : max(0, d)
                            }
                        }
                        i += 4
                    }
                    j += 4
                }
            }
        }
    }
}

/// Dot products of 4 rows of `a` with 4 rows of `b` (each `stride` floats, a multiple of 4).
@inline(__always)
private func dot4x4(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, stride: Int) -> SIMD16<Float> {
    var c00 = SIMD4<Float>(), c01 = SIMD4<Float>(), c02 = SIMD4<Float>(), c03 = SIMD4<Float>()
    var c10 = SIMD4<Float>(), c11 = SIMD4<Float>(), c12 = SIMD4<Float>(), c13 = SIMD4<Float>()
    var c20 = SIMD4<Float>(), c21 = SIMD4<Float>(), c22 = SIMD4<Float>(), c23 = SIMD4<Float>()
    var c30 = SIMD4<Float>(), c31 = SIMD4<Float>(), c32 = SIMD4<Float>(), c33 = SIMD4<Float>()
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    let rowBytes = stride * 4
    var k = 0
    while k < rowBytes {
        let a0 = ra.loadUnaligned(fromByteOffset: k, as: SIMD4<Float>.self)
        let a1 = ra.loadUnaligned(fromByteOffset: rowBytes + k, as: SIMD4<Float>.self)
        let a2 = ra.loadUnaligned(fromByteOffset: 2 * rowBytes + k, as: SIMD4<Float>.self)
        let a3 = ra.loadUnaligned(fromByteOffset: 3 * rowBytes + k, as: SIMD4<Float>.self)
        let b0 = rb.loadUnaligned(fromByteOffset: k, as: SIMD4<Float>.self)
        let b1 = rb.loadUnaligned(fromByteOffset: rowBytes + k, as: SIMD4<Float>.self)
        let b2 = rb.loadUnaligned(fromByteOffset: 2 * rowBytes + k, as: SIMD4<Float>.self)
        let b3 = rb.loadUnaligned(fromByteOffset: 3 * rowBytes + k, as: SIMD4<Float>.self)
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3
        k += 16
    }
    return SIMD16(
        c00.sum(), c01.sum(), c02.sum(), c03.sum(),
        c10.sum(), c11.sum(), c12.sum(), c13.sum(),
        c20.sum(), c21.sum(), c22.sum(), c23.sum(),
        c30.sum(), c31.sum(), c32.sum(), c33.sum())
}

/// Dot product of two rows of `count` floats (a multiple of 4).
@inline(__always)
private func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var acc = SIMD4<Float>()
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    var k = 0
    while k < count * 4 {
        acc += ra.loadUnaligned(fromByteOffset: k, as: SIMD4<Float>.self) * rb.loadUnaligned(fromByteOffset: k, as: SIMD4<Float>.self)
        k += 16
    }
    return acc.sum()
}

/// Calls `body(i, row)` for every row `i` with `row` the squared distances from point `i` to all
/// points, in blocks of `blockRows` query rows spread over `threads` threads. `body` must write
/// only memory that belongs to row `i`.
func forEachDistanceRow(_ points: DistanceRows, threads: Int, blockRows: Int = 64,
                        _ body: (Int, UnsafeBufferPointer<Float>) -> Void) {
    let n = points.rows
    Parallel.forEachRange(n, grain: blockRows, threads: threads) { start, end in
        let range = start..<end
        let block = UnsafeMutablePointer<Float>.allocate(capacity: range.count * n)
        defer { block.deallocate() }
        points.squaredDistances(from: range, into: block)
        for i in range {
            body(i, UnsafeBufferPointer(start: block + (i - range.lowerBound) * n, count: n))
        }
    }
}

/// The `k` nearest other points of every point (ascending by squared distance, ties by lower
/// index), exact, by brute force over blocked distance rows.
struct NearestNeighbours {
    /// Neighbours per point.
    let k: Int
    /// `indices[i * k + m]`: the m-th nearest neighbour of point i.
    let indices: [Int32]
    /// Squared distances matching `indices`.
    let squaredDistances: [Float]

    init(_ points: DistanceRows, k: Int, threads: Int) {
        let n = points.rows
        self.k = k
        var indices = [Int32](repeating: 0, count: n * k)
        var distances = [Float](repeating: 0, count: n * k)
        indices.withUnsafeMutableBufferPointer { ib in
            distances.withUnsafeMutableBufferPointer { db in
                let outIndex = SharedPointer(base: ib.baseAddress!)
                let outDistance = SharedPointer(base: db.baseAddress!)
                forEachDistanceRow(points, threads: threads) { i, row in
                    selectNearest(row, excluding: i, k: k,
                                  indices: outIndex.base + i * k, distances: outDistance.base + i * k)
                }
            }
        }
        self.indices = indices
        squaredDistances = distances
    }
}

/// Writes the `k` smallest entries of `row` (skipping index `excluding`), sorted ascending by
/// (distance, index), using a bounded max-heap.
func selectNearest(_ row: UnsafeBufferPointer<Float>, excluding: Int, k: Int,
                   indices: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Float>) {
    // Max-heap on (distance, index) of the best k so far.
    var heapD = [Float](repeating: 0, count: k)
    var heapI = [Int32](repeating: 0, count: k)
    var size = 0
    @inline(__always) func greater(_ d1: Float, _ i1: Int32, _ d2: Float, _ i2: Int32) -> Bool {
        d1 > d2 || (d1 == d2 && i1 > i2)
    }
    for j in 0..<row.count where j != excluding {
        let d = row[j], idx = Int32(j)
        if size < k {
            var c = size
            size += 1
            while c > 0 {
                let p = (c - 1) / 2
                if greater(d, idx, heapD[p], heapI[p]) { heapD[c] = heapD[p]; heapI[c] = heapI[p]; c = p } else { break }
            }
            heapD[c] = d; heapI[c] = idx
        } else if greater(heapD[0], heapI[0], d, idx) {
            var c = 0
            while true {
                let l = 2 * c + 1
                if l >= k { break }
                var m = l
                if l + 1 < k && greater(heapD[l + 1], heapI[l + 1], heapD[l], heapI[l]) { m = l + 1 }
                if greater(heapD[m], heapI[m], d, idx) { heapD[c] = heapD[m]; heapI[c] = heapI[m]; c = m } else { break }
            }
            heapD[c] = d; heapI[c] = idx
        }
    }
    let order = (0..<size).sorted { a, b in greater(heapD[b], heapI[b], heapD[a], heapI[a]) }
    for (m, h) in order.enumerated() {
        indices[m] = heapI[h]
        distances[m] = heapD[h]
    }
}
