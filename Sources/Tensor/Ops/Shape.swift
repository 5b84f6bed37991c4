// Shape ops: reshape, broadcast, permute/transpose, slice, pad, concat, split, index select,
// gather along an axis, pixel shuffle/unshuffle. All copies go through StridedCopy.

extension Tensor {
    /// The same values with a new shape of equal element count; one dimension may be -1
    /// (inferred). Shares storage with `self`.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var target = newShape
        if let unknown = target.firstIndex(of: -1) {
            let known = target.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            require(known > 0 && count % known == 0, "reshape: cannot reshape \(shape) to \(newShape)")
            target[unknown] = count / known
        }
        require(target.allSatisfy { $0 >= 0 } && Tensor.elementCount(target) == count,
                     "reshape: cannot reshape \(shape) to \(newShape)")
        if target == shape { return self }
        let inputShape = shape
        let y = Tensor(shape: target, storage: storage)
        return Tensor.record("reshape", y, inputs: [self]) { g in [g.reshaped(inputShape)] }
    }

    /// Flattens dimensions `from...` into one (`[N, C, H, W].flattened(from: 1)` is `[N, C·H·W]`).
    public func flattened(from axis: Int = 0) -> Tensor {
        let a = Shapes.normalize(axis, rank: rank, op: "flatten")
        return reshaped(Array(shape[..<a]) + [shape[a...].reduce(1, *)])
    }

    /// Inserts a size-1 dimension at `axis` (which may equal the rank).
    public func unsqueezed(_ axis: Int) -> Tensor {
        let a = axis < 0 ? axis + rank + 1 : axis
        require(a >= 0 && a <= rank, "unsqueeze: axis \(axis) out of range for shape \(shape)")
        var s = shape; s.insert(1, at: a)
        return reshaped(s)
    }

    /// Removes the size-1 dimension at `axis`.
    public func squeezed(_ axis: Int) -> Tensor {
        let a = Shapes.normalize(axis, rank: rank, op: "squeeze")
        require(shape[a] == 1, "squeeze: axis \(axis) of shape \(shape) is not 1")
        var s = shape; s.remove(at: a)
        return reshaped(s)
    }

    /// Broadcasts to `target` (NumPy rules), copying values; the gradient is summed back.
    public func expanded(to target: [Int]) -> Tensor {
        if target == shape { return self }
        require(Shapes.broadcast(shape, target) == target, "expand: shape \(shape) cannot broadcast to \(target)")
        let y = Tensor(uninitializedShape: target)
        StridedCopy.copy(shape: target, src: storage.pointer, srcStrides: Shapes.broadcastStrides(shape, to: target),
                         dst: y.storage.pointer, dstStrides: Tensor.contiguousStrides(target))
        let inputShape = shape
        return Tensor.record("expand", y, inputs: [self]) { g in [g.sum(toShape: inputShape)] }
    }

    /// Reorders the dimensions: output dimension `k` is input dimension `axes[k]`.
    public func permuted(_ axes: [Int]) -> Tensor {
        let order = axes.map { Shapes.normalize($0, rank: rank, op: "permute") }
        require(order.count == rank && Set(order).count == rank, "permute: \(axes) is not a permutation of \(rank) axes")
        if order == Array(0..<rank) { return self }
        let outShape = order.map { shape[$0] }
        let inStrides = strides
        let y = Tensor(uninitializedShape: outShape)
        StridedCopy.copy(shape: outShape, src: storage.pointer, srcStrides: order.map { inStrides[$0] },
                         dst: y.storage.pointer, dstStrides: Tensor.contiguousStrides(outShape))
        var inverse = [Int](repeating: 0, count: rank)
        for (k, a) in order.enumerated() { inverse[a] = k }
        return Tensor.record("permute", y, inputs: [self]) { g in [g.permuted(inverse)] }
    }

    /// Swaps two dimensions.
    public func transposed(_ a: Int, _ b: Int) -> Tensor {
        var order = Array(0..<rank)
        order.swapAt(Shapes.normalize(a, rank: rank, op: "transpose"), Shapes.normalize(b, rank: rank, op: "transpose"))
        return permuted(order)
    }

    /// Swaps the last two dimensions (matrix transpose).
    public var mT: Tensor { transposed(-2, -1) }

    /// The values in reverse order along each of `axes` (`flipped(axes: [3])` mirrors NCHW
    /// images left–right); its own gradient is the same flip.
    public func flipped(axes: [Int]) -> Tensor {
        let flip = Set(axes.map { Shapes.normalize($0, rank: rank, op: "flip") })
        if count == 0 || flip.isEmpty { return self }
        var srcStrides = strides
        var offset = 0
        for a in flip {
            offset += (shape[a] - 1) * srcStrides[a]
            srcStrides[a] = -srcStrides[a]
        }
        let y = Tensor(uninitializedShape: shape)
        StridedCopy.copy(shape: shape, src: storage.pointer + offset, srcStrides: srcStrides,
                         dst: y.storage.pointer, dstStrides: strides)
        return Tensor.record("flip", y, inputs: [self]) { g in [g.flipped(axes: Array(flip))] }
    }

    /// The sub-tensor `range` along `axis` (copied).
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let a = Shapes.normalize(axis, rank: rank, op: "slice")
        require(range.lowerBound >= 0 && range.upperBound <= shape[a],
                     "slice: range \(range) out of bounds for axis \(axis) of shape \(shape)")
        var outShape = shape; outShape[a] = range.count
        let inStrides = strides
        let y = Tensor(uninitializedShape: outShape)
        StridedCopy.copy(shape: outShape, src: storage.pointer + range.lowerBound * inStrides[a], srcStrides: inStrides,
                         dst: y.storage.pointer, dstStrides: Tensor.contiguousStrides(outShape))
        // Backward adds the gradient into this region of the input's gradient (see TapeNode).
        return Tensor.recordSlice(y, of: self, axis: a, start: range.lowerBound)
    }

    /// Zero padding along one axis: `before` zeros in front, `after` behind.
    public func padded(axis: Int, before: Int, after: Int) -> Tensor {
        let a = Shapes.normalize(axis, rank: rank, op: "pad")
        require(before >= 0 && after >= 0, "pad: negative padding \(before), \(after)")
        if before == 0 && after == 0 { return self }
        var outShape = shape; outShape[a] += before + after
        let y = Tensor.zeros(outShape)
        let outStrides = Tensor.contiguousStrides(outShape)
        StridedCopy.copy(shape: shape, src: storage.pointer, srcStrides: strides,
                         dst: y.storage.pointer + before * outStrides[a], dstStrides: outStrides)
        let size = shape[a]
        return Tensor.record("pad", y, inputs: [self]) { g in [g.slice(axis: a, before..<(before + size))] }
    }

    /// Joins tensors along `axis`; all other dimensions must agree.
    public static func concat(_ tensors: [Tensor], axis: Int) -> Tensor {
        require(!tensors.isEmpty, "concat: no tensors")
        let first = tensors[0]
        let a = Shapes.normalize(axis, rank: first.rank, op: "concat")
        for t in tensors {
            var s1 = t.shape, s0 = first.shape
            require(s1.count == s0.count, "concat: shapes \(s0) and \(s1) differ in rank")
            s1[a] = 0; s0[a] = 0
            require(s1 == s0, "concat: shapes \(first.shape) and \(t.shape) differ off axis \(axis)")
        }
        var outShape = first.shape
        outShape[a] = tensors.map { $0.shape[a] }.reduce(0, +)
        let y = Tensor(uninitializedShape: outShape)
        let outStrides = Tensor.contiguousStrides(outShape)
        var offset = 0
        var sizes: [Int] = []
        for t in tensors {
            StridedCopy.copy(shape: t.shape, src: t.storage.pointer, srcStrides: t.strides,
                             dst: y.storage.pointer + offset * outStrides[a], dstStrides: outStrides)
            offset += t.shape[a]
            sizes.append(t.shape[a])
        }
        return record("concat", y, inputs: tensors) { g in
            var start = 0
            return zip(tensors, sizes).map { t, n in
                defer { start += n }
                return t.node == nil ? nil : g.slice(axis: a, start..<(start + n))
            }
        }
    }

    /// Stacks same-shape tensors along a new axis `axis`.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        require(!tensors.isEmpty, "stack: no tensors")
        for t in tensors { require(t.shape == tensors[0].shape, "stack: shapes \(tensors[0].shape) and \(t.shape) differ") }
        return concat(tensors.map { $0.unsqueezed(axis) }, axis: axis)
    }

    /// Cuts along `axis` into pieces of the given sizes (which must add up to the axis size).
    public func split(sizes: [Int], axis: Int) -> [Tensor] {
        let a = Shapes.normalize(axis, rank: rank, op: "split")
        require(sizes.reduce(0, +) == shape[a], "split: sizes \(sizes) do not add up to axis \(axis) of shape \(shape)")
        var start = 0
        return sizes.map { n in
            defer { start += n }
            return slice(axis: a, start..<(start + n))
        }
    }

    /// Cuts along `axis` into `parts` equal pieces.
    public func chunked(_ parts: Int, axis: Int) -> [Tensor] {
        let a = Shapes.normalize(axis, rank: rank, op: "chunk")
        require(parts > 0 && shape[a] % parts == 0, "chunk: axis \(axis) of shape \(shape) is not divisible by \(parts)")
        return split(sizes: Array(repeating: shape[a] / parts, count: parts), axis: a)
    }

    /// Picks entries `indices` along `axis` (repeats allowed), like `torch.index_select`;
    /// embedding lookup is `table.indexSelect(axis: 0, indices: ids)`.
    public func indexSelect(axis: Int, indices: [Int]) -> Tensor {
        let a = Shapes.normalize(axis, rank: rank, op: "indexSelect")
        let (outer, size, inner) = Shapes.split(shape, at: a)
        for i in indices { require(i >= 0 && i < size, "indexSelect: index \(i) out of range 0..<\(size) for shape \(shape)") }
        var outShape = shape; outShape[a] = indices.count
        let y = Tensor(uninitializedShape: outShape)
        let x = storage.pointer, py = y.storage.pointer
        let n = indices.count
        for o in 0..<outer {
            for (k, i) in indices.enumerated() {
                (py + (o * n + k) * inner).update(from: x + (o * size + i) * inner, count: inner)
            }
        }
        let inputShape = shape
        return Tensor.record("indexSelect", y, inputs: [self]) { g in
            let gx = Tensor.zeros(inputShape)
            let pg = g.storage.pointer, pd = gx.storage.pointer
            for o in 0..<outer {
                for (k, i) in indices.enumerated() {
                    let src = pg + (o * n + k) * inner, dst = pd + (o * size + i) * inner
                    for j in 0..<inner { dst[j] += src[j] }
                }
            }
            return [gx]
        }
    }

    /// `y[…, k, …] = x[…, indices[…, k, …], …]` along `axis`, like `torch.gather`/
    /// `take_along_axis`: `indices` (row-major, `indexShape`) has this tensor's shape except
    /// along `axis`.
    public func gather(axis: Int, indices: [Int], indexShape: [Int]) -> Tensor {
        let a = Shapes.normalize(axis, rank: rank, op: "gather")
        var check = indexShape, own = shape
        require(check.count == rank, "gather: index shape \(indexShape) and tensor shape \(shape) differ in rank")
        check[a] = 0; own[a] = 0
        require(check == own, "gather: index shape \(indexShape) and tensor shape \(shape) differ off axis \(axis)")
        require(indices.count == Tensor.elementCount(indexShape), "gather: \(indices.count) indices for index shape \(indexShape)")
        let (outer, size, inner) = Shapes.split(shape, at: a)
        let n = indexShape[a]
        for i in indices { require(i >= 0 && i < size, "gather: index \(i) out of range 0..<\(size) for shape \(shape)") }
        let y = Tensor(uninitializedShape: indexShape)
        let x = storage.pointer, py = y.storage.pointer
        for o in 0..<outer {
            for k in 0..<n {
                for j in 0..<inner {
                    let at = (o * n + k) * inner + j
                    py[at] = x[(o * size + indices[at]) * inner + j]
                }
            }
        }
        let inputShape = shape
        return Tensor.record("gather", y, inputs: [self]) { g in
            let gx = Tensor.zeros(inputShape)
            let pg = g.storage.pointer, pd = gx.storage.pointer
            for o in 0..<outer {
                for k in 0..<n {
                    for j in 0..<inner {
                        let at = (o * n + k) * inner + j
                        pd[(o * size + indices[at]) * inner + j] += pg[at]
                    }
                }
            }
            return [gx]
        }
    }

    /// Pixel shuffle: `[N, C·r², H, W] → [N, C, H·r, W·r]` (channel `c·r² + i·r + j` goes to
    /// sub-pixel `(i, j)`), as `torch.nn.PixelShuffle`.
    public func pixelShuffle(_ r: Int) -> Tensor {
        require(rank == 4 && shape[1] % (r * r) == 0, "pixelShuffle: shape \(shape) needs [N, C·\(r * r), H, W]")
        let (n, c, h, w) = (shape[0], shape[1] / (r * r), shape[2], shape[3])
        return reshaped([n, c, r, r, h, w]).permuted([0, 1, 4, 2, 5, 3]).reshaped([n, c, h * r, w * r])
    }

    /// Pixel unshuffle, the inverse of `pixelShuffle`: `[N, C, H·r, W·r] → [N, C·r², H, W]`.
    public func pixelUnshuffle(_ r: Int) -> Tensor {
        require(rank == 4 && shape[2] % r == 0 && shape[3] % r == 0,
                     "pixelUnshuffle: shape \(shape) needs [N, C, H·\(r), W·\(r)]")
        let (n, c, h, w) = (shape[0], shape[1], shape[2] / r, shape[3] / r)
        return reshaped([n, c, h, r, w, r]).permuted([0, 1, 3, 5, 2, 4]).reshaped([n, c * r * r, h, w])
    }
}
