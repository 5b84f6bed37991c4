import Testing
import Tensor

@Suite struct ShapeTests {
    /// A window partition's permutation: rows of six values, many more rows than one parallel chunk
    /// takes, so the row-by-row offsets are stepped across chunk edges; and rows long enough to be
    /// cut into pieces. At 1 and 2 threads, every value lands where the index arithmetic says.
    @Test func permutationOfShortRowsMatchesIndexArithmetic() {
        let dims = [8, 6, 8, 4, 8, 4], order = [0, 2, 4, 3, 5, 1]
        let x = Tensor.arange(dims.reduce(1, *)).reshaped(dims)
        var want = [Float](), index = [Int](repeating: 0, count: 6)
        func visit(_ axis: Int) {
            guard axis < 6 else {
                var offset = 0
                for d in 0..<6 { offset = offset * dims[d] + index[d] }
                want.append(Float(offset))
                return
            }
            for i in 0..<dims[order[axis]] { index[order[axis]] = i; visit(axis + 1) }
        }
        visit(0)
        let long = Tensor.arange(40_000).reshaped([1, 40_000])  // rows cut into two pieces each
        let repeated = [Float]((0..<3).flatMap { _ in (0..<40_000).map(Float.init) })
        for threads in [1, 2] {
            #expect(Parallel.withThreadCount(threads) { x.permuted(order).scalars } == want, "\(threads) threads")
            #expect(Parallel.withThreadCount(threads) { long.expanded(to: [3, 40_000]).scalars } == repeated)
        }
    }

    @Test func shapeOpsMatchHandComputedValues() {
        let x = Tensor(shape: [2, 3], values: [0, 1, 2, 3, 4, 5])
        #expect(x.transposed(0, 1).scalars == [0, 3, 1, 4, 2, 5])
        #expect(x.reshaped([3, -1]).shape == [3, 2])
        #expect(x.slice(axis: 1, 1..<3).scalars == [1, 2, 4, 5])
        #expect(Tensor.concat([x, x * 10], axis: 0).scalars == [0, 1, 2, 3, 4, 5, 0, 10, 20, 30, 40, 50])
        #expect(Tensor.concat([x, x * 10], axis: 1).scalars == [0, 1, 2, 0, 10, 20, 3, 4, 5, 30, 40, 50])
        let parts = x.split(sizes: [1, 2], axis: 1)
        #expect(parts[0].scalars == [0, 3] && parts[1].scalars == [1, 2, 4, 5])
        #expect(x.indexSelect(axis: 1, indices: [2, 0, 2]).scalars == [2, 0, 2, 5, 3, 5])
        #expect(x.gather(axis: 1, indices: [2, 0], indexShape: [2, 1]).scalars == [2, 3])
        #expect(x.padded(axis: 0, before: 1, after: 0).scalars == [0, 0, 0, 0, 1, 2, 3, 4, 5])
        #expect(x.expanded(to: [2, 2, 3]).scalars == [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5])
        #expect(x.unsqueezed(1).shape == [2, 1, 3] && x.unsqueezed(1).squeezed(1).shape == [2, 3])
        let y = Tensor.arange(24).reshaped([2, 3, 4])
        #expect(y.permuted([2, 0, 1]).shape == [4, 2, 3])
        #expect(y.permuted([2, 0, 1])[3, 1, 2] == y[1, 2, 3])
        // Large enough for the tiled transpose path: every element lands where the definition says.
        let z = Tensor.arange(2 * 37 * 45 * 3).reshaped([2, 37, 45, 3])
        let moved = z.permuted([0, 3, 1, 2]), back = moved.permuted([0, 2, 3, 1])
        #expect(back.scalars == z.scalars)
        #expect(moved[1, 2, 36, 44] == z[1, 36, 44, 2] && moved[0, 1, 5, 17] == z[0, 5, 17, 1])
        let wide = Tensor.arange(40 * 50).reshaped([40, 50])
        #expect(wide.transposed(0, 1)[49, 39] == wide[39, 49] && wide.transposed(0, 1).transposed(0, 1).scalars == wide.scalars)
    }

    @Test func pixelShuffleMatchesDefinitionAndRoundTrips() {
        // [1, 4, 1, 1] with channels 0…3 becomes the 2×2 plane [[0, 1], [2, 3]].
        #expect(Tensor.arange(4).reshaped([1, 4, 1, 1]).pixelShuffle(2).scalars == [0, 1, 2, 3])
        let x = Tensor.arange(2 * 8 * 3 * 2).reshaped([2, 8, 3, 2])
        let up = x.pixelShuffle(2)
        #expect(up.shape == [2, 2, 6, 4])
        // out[n, c, h·r + i, w·r + j] = in[n, c·r² + i·r + j, h, w]
        #expect(up[1, 1, 3, 2] == x[1, 1 * 4 + 1 * 2 + 0, 1, 1])
        #expect(up.pixelUnshuffle(2).scalars == x.scalars)
    }

    @Test func shapeOpsBackwardMatchFiniteDifferences() {
        let x = randomVariable([2, 3, 4], seed: 20)
        let z = randomVariable([2, 2, 4], seed: 21)
        expectGradients([x]) { x.value.permuted([1, 2, 0]) }
        expectGradients([x]) { x.value.transposed(0, 2).reshaped([4, 6]) }
        expectGradients([x]) { x.value.slice(axis: 1, 1..<3) * x.value.slice(axis: 1, 0..<2) }
        expectGradients([x, z]) { Tensor.concat([x.value, z.value, x.value], axis: 1) }
        expectGradients([x]) { x.value.split(sizes: [1, 3], axis: 2)[1] }
        expectGradients([x]) { x.value.indexSelect(axis: 1, indices: [2, 2, 0]) }
        expectGradients([x]) { x.value.gather(axis: 2, indices: [3, 0, 1, 1, 2, 0], indexShape: [2, 3, 1]) }
        expectGradients([x]) { x.value.padded(axis: 2, before: 2, after: 1) }
        expectGradients([z]) { z.value.reshaped([2, 2, 2, 2]).expanded(to: [3, 2, 2, 2, 2]) }
        let p = randomVariable([1, 8, 2, 3], seed: 22)
        expectGradients([p]) { p.value.pixelShuffle(2) }
        let q = randomVariable([1, 2, 4, 6], seed: 23)
        expectGradients([q]) { q.value.pixelUnshuffle(2) }
    }
}

@Suite struct CompositeOpTests {
    @Test func compositesMatchHandComputedValues() {
        let a = Tensor([1, 2]), b = Tensor([3, 4])
        #expect(Tensor.stack([a, b]).scalars == [1, 2, 3, 4])
        #expect(Tensor.stack([a, b], axis: -1).scalars == [1, 3, 2, 4])
        expectClose(Tensor(shape: [2, 2], values: [3, 4, 0, 0]).l2Normalized(axis: 1).scalars, [0.6, 0.8, 0, 0])
        expectClose(Tensor(shape: [1, 2], values: [1000, 1000]).logSumExp(axis: 1).scalars, [1000.6931], tolerance: 1e-4)
        let image = Tensor.arange(12).reshaped([1, 2, 2, 3])
        #expect(image.flipped(axes: [3]).scalars == [2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9])
        #expect(image.flipped(axes: [1, 2]).scalars == [9, 10, 11, 6, 7, 8, 3, 4, 5, 0, 1, 2])
        #expect(Tensor([0.3, 0.9, 0.1, 0.9]).argsort(descending: true) == [1, 3, 0, 2])
        #expect(Tensor([0.3, 0.9, 0.1, 0.9]).argsort() == [2, 0, 1, 3])
        let filled = Tensor(shape: [3]) { buffer in for i in 0..<3 { buffer[i] = Float(i * i) } }
        #expect(filled.scalars == [0, 1, 4])
    }

    @Test func compositesBackwardMatchFiniteDifferences() {
        let x = randomVariable([3, 4], seed: 90)
        let y = randomVariable([3, 4], seed: 91)
        expectGradients([x, y]) { Tensor.stack([x.value, y.value], axis: 1) }
        expectGradients([x]) { x.value.l2Normalized(axis: 1) }
        expectGradients([x]) { x.value.logSumExp(axis: 0) }
        expectGradients([x]) { x.value.flipped(axes: [1]) * x.value }
        let zero = Variable(Tensor.zeros([2, 3]))
        zero.zeroGrad()
        zero.value.l2Normalized(axis: 1).sum().backward()
        #expect(zero.grad?.isFinite == true)
    }
}
