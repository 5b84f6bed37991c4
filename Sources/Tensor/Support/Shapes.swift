/// Shape arithmetic shared by the ops: broadcasting, axis normalisation, [outer, axis, inner]
/// views.
enum Shapes {
    /// The NumPy broadcast of two shapes (aligned on the right; a 1 stretches), or nil.
    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else { return nil }
        }
        return out
    }

    /// Strides of `shape` read as if broadcast to `target` (0 along stretched or missing dims).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = Tensor.contiguousStrides(shape)
        let lead = target.count - shape.count
        return (0..<target.count).map { i in
            i < lead || shape[i - lead] == 1 ? 0 : own[i - lead]
        }
    }

    /// `axis` made non-negative (negative counts from the end), checked against `rank`.
    static func normalize(_ axis: Int, rank: Int, op: String) -> Int {
        let a = axis < 0 ? axis + rank : axis
        require(a >= 0 && a < rank, "\(op): axis \(axis) out of range for rank \(rank)")
        return a
    }

    /// The tensor seen as `[outer, shape[axis], inner]`.
    static func split(_ shape: [Int], at axis: Int) -> (outer: Int, size: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// Merges neighbouring dimensions that every operand walks contiguously (stride of the outer
    /// dim equals stride·size of the inner one, for each stride list), dropping size-1 dims.
    static func collapse(_ shape: [Int], _ strides: [[Int]]) -> (shape: [Int], strides: [[Int]]) {
        var outShape: [Int] = []
        var outStrides: [[Int]] = Array(repeating: [], count: strides.count)
        for d in 0..<shape.count where shape[d] != 1 {
            if let last = outShape.last,
               strides.indices.allSatisfy({ outStrides[$0].last! == strides[$0][d] * shape[d] }) {
                outShape[outShape.count - 1] = last * shape[d]
                for k in strides.indices { outStrides[k][outStrides[k].count - 1] = strides[k][d] }
            } else {
                outShape.append(shape[d])
                for k in strides.indices { outStrides[k].append(strides[k][d]) }
            }
        }
        if outShape.isEmpty {
            outShape = [1]
            for k in strides.indices { outStrides[k] = [0] }
        }
        return (outShape, outStrides)
    }
}
