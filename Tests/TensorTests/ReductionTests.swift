import Testing
import Tensor

@Suite struct ReductionTests {
    @Test func reductionsMatchHandComputedValues() {
        let x = Tensor(shape: [2, 3], values: [1, 5, 3, 4, 2, 6])
        #expect(x.sum().item == 21)
        #expect(x.sum(axis: 0).scalars == [5, 7, 9])
        #expect(x.sum(axis: 1, keepDims: true).shape == [2, 1])
        #expect(x.sum(axis: -1).scalars == [9, 12])
        #expect(x.mean(axis: 1).scalars == [3, 4])
        #expect(x.max(axis: 1).scalars == [5, 6])
        #expect(x.max(axis: 0).scalars == [4, 5, 6])
        #expect(x.min(axis: 1).scalars == [1, 2])
        #expect(x.max().item == 6)
        #expect(x.argmax(axis: 1) == [1, 2])
        expectClose(x.variance(axes: [1]).scalars, [8.0 / 3, 8.0 / 3])
        expectClose(x.variance(axes: [1], unbiased: true).scalars, [4, 4])
        let big = Tensor.ones([3, 100_000])
        #expect(big.sum().item == 300_000)
        #expect(Tensor.ones([200_000]).sum().item == 200_000)
    }

    @Test func multiAxisReductionsBackwardMatchFiniteDifferences() {
        // Distinct values 0.05 apart: no max/min winner flips under the finite-difference step.
        var stream = RandomStream(seed: 10)
        let x = Variable(Tensor(shape: [2, 3, 4, 2], values: stream.permutation(48).map { Float($0) * 0.05 - 1.2 }))
        expectGradients([x]) { x.value.sum(axes: [0, 2]) }
        expectGradients([x]) { x.value.mean(axes: [1, 3], keepDims: true) }
        expectGradients([x]) { x.value.variance(axes: [0, 2, 3], unbiased: true) }
        expectGradients([x]) { x.value.max(axes: [1, 3]) }
        expectGradients([x]) { x.value.max(axis: 2, keepDims: true) }
        expectGradients([x]) { x.value.min(axis: 0) }
        expectGradients([x]) { x.value.sum(toShape: [3, 1, 1]) }
    }
}
