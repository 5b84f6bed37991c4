/// A Barnes–Hut quadtree over 2-D points, stored in flat arrays so that the per-point walk reads
/// contiguous memory. Cells split at the midpoint of their box (the root box is the points'
/// bounding box, slightly enlarged as in scikit-learn); a leaf holds one point, or several only
/// when the depth limit is reached (near-duplicate points).
struct QuadTree {
    /// Per cell: centre of mass x, y, number of points, squared largest side of the cell's box.
    var cells: [SIMD4<Float>] = []
    /// Per cell: (first child, child count) for an inner cell; (−1 − first point slot, point
    /// count) for a leaf, the slots indexing `order`.
    var links: [SIMD2<Int32>] = []
    /// Point indices in tree order (the points of every cell are contiguous).
    var order: [Int32]
    /// Positions in tree order, x and y interleaved.
    var sorted: [Float]

    static let depthLimit = 48

    init(_ y: UnsafeBufferPointer<Float>, count n: Int) {
        order = (0..<Int32(n)).map { $0 }
        sorted = [Float](repeating: 0, count: 2 * n)
        var lo = SIMD2<Float>(.infinity, .infinity), hi = SIMD2<Float>(-.infinity, -.infinity)
        for i in 0..<n {
            let p = SIMD2(y[2 * i], y[2 * i + 1])
            lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p)
        }
        // Enlarge so every point lies strictly inside (scikit-learn's rule).
        for c in 0..<2 { hi[c] = max(hi[c] * (1 + 1e-3 * (hi[c] > 0 ? 1 : (hi[c] < 0 ? -1 : 0))), hi[c] + 1e-3) }
        cells.reserveCapacity(2 * n)
        links.reserveCapacity(2 * n)
        cells.append(.zero); links.append(.zero)
        var scratch = [Int32](repeating: 0, count: n)
        build(cell: 0, range: 0..<n, lo: lo, hi: hi, depth: 0, y: y, scratch: &scratch)
        for s in 0..<n {
            let i = Int(order[s])
            sorted[2 * s] = y[2 * i]; sorted[2 * s + 1] = y[2 * i + 1]
        }
    }

    private mutating func build(cell: Int, range: Range<Int>, lo: SIMD2<Float>, hi: SIMD2<Float>, depth: Int,
                                y: UnsafeBufferPointer<Float>, scratch: inout [Int32]) {
        let side = hi - lo
        let width2 = max(side.x * side.x, side.y * side.y)
        if range.count == 1 || depth >= Self.depthLimit {
            var sx = 0.0, sy = 0.0
            for s in range { let i = Int(order[s]); sx += Double(y[2 * i]); sy += Double(y[2 * i + 1]) }
            let m = Double(range.count)
            cells[cell] = SIMD4(Float(sx / m), Float(sy / m), Float(range.count), width2)
            links[cell] = SIMD2(Int32(-1 - range.lowerBound), Int32(range.count))
            return
        }
        let mid = (lo + hi) * 0.5
        // Counting sort of the cell's points into quadrants 0..3 (bit 0: right, bit 1: top).
        @inline(__always) func quadrant(_ i: Int) -> Int {
            (y[2 * i] >= mid.x ? 1 : 0) | (y[2 * i + 1] >= mid.y ? 2 : 0)
        }
        var counts = (0, 0, 0, 0), offsets = (range.lowerBound, 0, 0, 0)
        withUnsafeMutableBytes(of: &counts) { countBytes in
            withUnsafeMutableBytes(of: &offsets) { offsetBytes in
                let count = countBytes.bindMemory(to: Int.self), offset = offsetBytes.bindMemory(to: Int.self)
                order.withUnsafeMutableBufferPointer { order in
                    for s in range { count[quadrant(Int(order[s]))] += 1 }
                    for q in 1..<4 { offset[q] = offset[q - 1] + count[q - 1] }
                    var fill = (offset[0], offset[1], offset[2], offset[3])
                    withUnsafeMutableBytes(of: &fill) { fillBytes in
                        let fill = fillBytes.bindMemory(to: Int.self)
                        for s in range { let i = Int(order[s]); let q = quadrant(i); scratch[fill[q]] = Int32(i); fill[q] += 1 }
                    }
                    for s in range { order[s] = scratch[s] }
                }
            }
        }
        @inline(__always) func element(_ t: (Int, Int, Int, Int), _ q: Int) -> Int {
            switch q { case 0: return t.0; case 1: return t.1; case 2: return t.2; default: return t.3 }
        }
        let first = cells.count
        var children = 0
        for q in 0..<4 where element(counts, q) > 0 { children += 1 }
        for _ in 0..<children { cells.append(.zero); links.append(.zero) }
        links[cell] = SIMD2(Int32(first), Int32(children))
        var child = first
        var sx = 0.0, sy = 0.0
        for q in 0..<4 where element(counts, q) > 0 {
            let childLo = SIMD2(q & 1 == 0 ? lo.x : mid.x, q & 2 == 0 ? lo.y : mid.y)
            let childHi = SIMD2(q & 1 == 0 ? mid.x : hi.x, q & 2 == 0 ? mid.y : hi.y)
            build(cell: child, range: element(offsets, q)..<(element(offsets, q) + element(counts, q)), lo: childLo, hi: childHi,
                  depth: depth + 1, y: y, scratch: &scratch)
            let c = cells[child]
            sx += Double(c.x) * Double(c.z); sy += Double(c.y) * Double(c.z)
            child += 1
        }
        let m = Double(range.count)
        cells[cell] = SIMD4(Float(sx / m), Float(sy / m), Float(range.count), width2)
    }

    /// The Barnes–Hut repulsion on the point at tree slot `slot`: returns Σ q_ijZ (the point's
    /// share of Z) and Σ q_ijZ² (y_i − y_j), with q_ijZ = 1 / (1 + ‖y_i − y_j‖²), summarising a cell
    /// by its centre of mass when its squared width < θ² × its squared distance. The point itself
    /// is left out.
    @inline(__always)
    func repulsion(slot: Int, thetaSquared: Float, stack: UnsafeMutablePointer<Int32>) -> (z: Double, force: SIMD2<Double>) {
        let px = sorted[2 * slot], py = sorted[2 * slot + 1]
        var z: Float = 0, fx: Float = 0, fy: Float = 0
        var top = 1
        stack[0] = 0
        return cells.withUnsafeBufferPointer { cells in
            links.withUnsafeBufferPointer { links in
                sorted.withUnsafeBufferPointer { pos in
                    while top > 0 {
                        top -= 1
                        let cell = Int(stack[top])
                        let c = cells[cell], link = links[cell]
                        if link.x < 0 {
                            let first = Int(-1 - link.x)
                            for s in first..<(first + Int(link.y)) where s != slot {
                                let dx = px - pos[2 * s], dy = py - pos[2 * s + 1]
                                let q = 1 / (1 + dx * dx + dy * dy)
                                z += q; fx += q * q * dx; fy += q * q * dy
                            }
                            continue
                        }
                        let dx = px - c.x, dy = py - c.y
                        let d2 = dx * dx + dy * dy
                        if c.w < thetaSquared * d2 {
                            let q = 1 / (1 + d2)
                            let mq = c.z * q
                            z += mq; fx += mq * q * dx; fy += mq * q * dy
                        } else {
                            for k in 0..<Int(link.y) { stack[top] = link.x + Int32(k); top += 1 }
                        }
                    }
                    return (Double(z), SIMD2(Double(fx), Double(fy)))
                }
            }
        }
    }
}
