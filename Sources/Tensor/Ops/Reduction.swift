// Reductions: sum, mean, max, min, variance over chosen axes (optionally keeping them as size 1),
// sum back to a broadcast source shape, argmax. Sums accumulate in a fixed order that depends on
// the shape alone, so results are bit-identical whatever the thread count.

enum ReductionKernels {
    /// Sums `x` seen as `[outer, size, inner]` over the middle axis into `[outer, inner]`.
    static func sum(_ x: UnsafePointer<Float>, outer: Int, size: Int, inner: Int, into y: UnsafeMutablePointer<Float>) {
        if inner == 1 {
            if outer == 1 && size > 1 << 16 {
                // One long sum: fixed blocks summed in parallel, the partials combined in order.
                let block = 1 << 15, blocks = (size + block - 1) / block
                var partials = [Double](repeating: 0, count: blocks)
                partials.withUnsafeMutableBufferPointer { part in
                    let part = part.baseAddress!
                    Parallel.forEachChunk(blocks) { b in
                        part[b] = RowSum.sum(x + b * block, Swift.min(size, (b + 1) * block) - b * block)
                    }
                }
                y[0] = Float(partials.reduce(0, +))
                return
            }
            Parallel.forEachRange(outer, grain: max(1, (1 << 15) / max(size, 1))) { start, end in
                for o in start..<end { y[o] = Float(RowSum.sum(x + o * size, size)) }
            }
            return
        }
        let tile = 4096, tiles = (inner + tile - 1) / tile
        Parallel.forEachRange(outer * tiles, grain: max(1, (1 << 15) / max(size * min(inner, tile), 1))) { start, end in
            for task in start..<end {
                let o = task / tiles, t = task % tiles
                let j0 = t * tile, j1 = min(inner, j0 + tile)
                let out = y + o * inner
                for j in j0..<j1 { out[j] = 0 }
                for r in 0..<size {
                    let row = x + (o * size + r) * inner
                    for j in j0..<j1 { out[j] += row[j] }
                }
            }
        }
    }
}

extension Tensor {
    /// Sums over `axes` (negative axes count from the end); reduced axes are kept as size 1 when
    /// `keepDims`, else removed.
    public func sum(axes: [Int], keepDims: Bool = false) -> Tensor {
        let reduce = Set(axes.map { Shapes.normalize($0, rank: rank, op: "sum") })
        let keptShape = shape.indices.map { reduce.contains($0) ? 1 : shape[$0] }
        let finalShape = keepDims ? keptShape : shape.indices.filter { !reduce.contains($0) }.map { shape[$0] }
        // Merge neighbouring axes that are all reduced or all kept, then reduce the runs.
        var runs: [(size: Int, reduced: Bool)] = []
        for d in shape.indices {
            let r = reduce.contains(d)
            if let last = runs.last, last.reduced == r { runs[runs.count - 1].size *= shape[d] } else { runs.append((shape[d], r)) }
        }
        var current = storage
        var sizes = runs.map(\.size)
        for k in stride(from: runs.count - 1, through: 0, by: -1) where runs[k].reduced {
            let outer = sizes[..<k].reduce(1, *), inner = sizes[(k + 1)...].reduce(1, *)
            let next = TensorStorage(count: outer * inner)
            if sizes[k] == 0 {
                next.pointer.update(repeating: 0, count: outer * inner)
            } else {
                ReductionKernels.sum(current.pointer, outer: outer, size: sizes[k], inner: inner, into: next.pointer)
            }
            current = next
            sizes[k] = 1
        }
        let y = Tensor(shape: finalShape, storage: current === storage ? storage.copy() : current)
        let inputShape = shape
        return Tensor.record("sum", y, inputs: [self]) { g in [g.reshaped(keptShape).expanded(to: inputShape)] }
    }

    /// Sums over one axis.
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor { sum(axes: [axis], keepDims: keepDims) }

    /// Sums every value into a scalar.
    public func sum() -> Tensor { sum(axes: Array(shape.indices)) }

    /// Sums a broadcast result back to `target` (a shape that broadcasts to this one): the
    /// gradient of broadcasting.
    public func sum(toShape target: [Int]) -> Tensor {
        if target == shape { return self }
        require(Shapes.broadcast(target, shape) == shape,
                     "sum(toShape:): shape \(target) does not broadcast to \(shape)")
        let lead = rank - target.count
        let axes = shape.indices.filter { $0 < lead || (target[$0 - lead] == 1 && shape[$0] != 1) }
        return sum(axes: axes, keepDims: true).reshaped(target)
    }

    /// Mean over `axes`.
    public func mean(axes: [Int], keepDims: Bool = false) -> Tensor {
        let n = axes.map { shape[Shapes.normalize($0, rank: rank, op: "mean")] }.reduce(1, *)
        return sum(axes: axes, keepDims: keepDims) * (1 / Float(n))
    }

    /// Mean over one axis.
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor { mean(axes: [axis], keepDims: keepDims) }

    /// Mean of every value (a scalar).
    public func mean() -> Tensor { sum() * (1 / Float(count)) }

    /// Variance over `axes`: mean squared deviation, divided by n−1 instead of n when `unbiased`.
    public func variance(axes: [Int], unbiased: Bool = false, keepDims: Bool = false) -> Tensor {
        let n = axes.map { shape[Shapes.normalize($0, rank: rank, op: "variance")] }.reduce(1, *)
        let deviation = self - mean(axes: axes, keepDims: true)
        let v = deviation.squared().sum(axes: axes, keepDims: keepDims)
        return v * (1 / Float(unbiased ? Swift.max(n - 1, 1) : n))
    }

    /// Maximum over `axes`; the gradient goes to the first maximal element.
    public func max(axes: [Int], keepDims: Bool = false) -> Tensor {
        let reduce = axes.map { Shapes.normalize($0, rank: rank, op: "max") }.sorted()
        let kept = shape.indices.filter { !reduce.contains($0) }
        let keptShape = shape.indices.map { reduce.contains($0) ? 1 : shape[$0] }
        let finalShape = keepDims ? keptShape : kept.map { shape[$0] }
        if reduce.count == 1 {
            return maxAlong(axis: reduce[0]).reshaped(finalShape)
        }
        let moved = permuted(kept + reduce)
        let flat = moved.reshaped(kept.map { shape[$0] } + [reduce.map { shape[$0] }.reduce(1, *)])
        return flat.maxAlong(axis: kept.count).reshaped(finalShape)
    }

    /// Maximum over one axis.
    public func max(axis: Int, keepDims: Bool = false) -> Tensor { max(axes: [axis], keepDims: keepDims) }

    /// Maximum of every value (a scalar).
    public func max() -> Tensor { reshaped([count]).max(axis: 0) }

    /// Minimum over `axes`; the gradient goes to the first minimal element.
    public func min(axes: [Int], keepDims: Bool = false) -> Tensor { -((-self).max(axes: axes, keepDims: keepDims)) }

    /// Minimum over one axis.
    public func min(axis: Int, keepDims: Bool = false) -> Tensor { min(axes: [axis], keepDims: keepDims) }

    /// Minimum of every value (a scalar).
    public func min() -> Tensor { -((-self).max()) }

    /// Indices of the maximum along `axis`, for every position of the other axes (row-major).
    public func argmax(axis: Int) -> [Int] {
        let a = Shapes.normalize(axis, rank: rank, op: "argmax")
        let (outer, size, inner) = Shapes.split(shape, at: a)
        require(size > 0, "argmax: empty axis \(axis) in shape \(shape)")
        let x = storage.pointer
        var result = [Int](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for j in 0..<inner {
                var best = 0, bestValue = x[o * size * inner + j]
                for r in 1..<size where x[(o * size + r) * inner + j] > bestValue {
                    best = r; bestValue = x[(o * size + r) * inner + j]
                }
                result[o * inner + j] = best
            }
        }
        return result
    }

    /// The indices that sort a 1-D tensor (stable: equal values keep their order), ascending
    /// unless `descending`; for rankings and top-k selections (not differentiable: feed the
    /// indices to `indexSelect`, which is).
    public func argsort(descending: Bool = false) -> [Int] {
        require(rank == 1, "argsort: tensor of shape \(shape) is not 1-D")
        let values = scalars
        return values.indices.sorted { i, j in
            let (a, b) = (values[i], values[j])
            if a == b { return i < j }
            return descending ? a > b : a < b
        }
    }

    /// Max over `axis` with keepDims: forward records the winner of each slot, backward routes
    /// the gradient there.
    func maxAlong(axis a: Int) -> Tensor {
        let (outer, size, inner) = Shapes.split(shape, at: a)
        require(size > 0, "max: empty axis \(a) in shape \(shape)")
        var outShape = shape; outShape[a] = 1
        let y = Tensor(uninitializedShape: outShape)
        var winners = [Int32](repeating: 0, count: outer * inner)
        let x = storage.pointer, py = y.storage.pointer
        winners.withUnsafeMutableBufferPointer { w in
            let w = w.baseAddress!
            Parallel.forEachRange(outer, grain: Swift.max(1, (1 << 15) / Swift.max(size * inner, 1))) { start, end in
                for o in start..<end {
                    for j in 0..<inner { py[o * inner + j] = x[o * size * inner + j]; w[o * inner + j] = 0 }
                    for r in 1..<size {
                        let row = x + (o * size + r) * inner
                        for j in 0..<inner where row[j] > py[o * inner + j] {
                            py[o * inner + j] = row[j]; w[o * inner + j] = Int32(r)
                        }
                    }
                }
            }
        }
        let inputShape = shape
        return Tensor.record("max", y, inputs: [self]) { g in
            let gx = Tensor.zeros(inputShape)
            let pg = g.storage.pointer, pd = gx.storage.pointer
            for o in 0..<outer {
                for j in 0..<inner { pd[(o * size + Int(winners[o * inner + j])) * inner + j] = pg[o * inner + j] }
            }
            return [gx]
        }
    }
}
