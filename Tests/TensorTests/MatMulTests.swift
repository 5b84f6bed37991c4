import Testing
import Tensor

@Suite struct MatMulTests {
    @Test func matmulMatchesHandComputedProducts() {
        let a = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], values: [7, 8, 9, 10, 11, 12])
        #expect(a.matmul(b).scalars == [58, 64, 139, 154])
        // A batch of two, the second matrix negated; the right operand broadcast over the batch.
        let batched = Tensor.concat([a.unsqueezed(0), (-a).unsqueezed(0)], axis: 0)
        #expect(batched.matmul(b).scalars == [58, 64, 139, 154, -58, -64, -139, -154])
        #expect(batched.matmul(b.unsqueezed(0)).scalars == [58, 64, 139, 154, -58, -64, -139, -154])
        // linear: x·Wᵀ + b
        let w = Tensor(shape: [2, 3], values: [1, 0, -1, 0.5, 0.5, 0.5])
        #expect(a.linear(weight: w, bias: Tensor([1, -1])).scalars == [-1, 2, -1, 6.5])
    }

    @Test func matmulBackwardMatchesFiniteDifferences() {
        let a = randomVariable([3, 4], seed: 30)
        let b = randomVariable([4, 5], seed: 31)
        expectGradients([a, b]) { a.value.matmul(b.value) }
        let batchA = randomVariable([2, 3, 4], seed: 32)
        let batchB = randomVariable([2, 4, 2], seed: 33)
        expectGradients([batchA, batchB]) { batchA.value.matmul(batchB.value) }
        expectGradients([batchA, b]) { batchA.value.matmul(b.value) }
        // Broadcast batch dimensions: [2, 1, 3, 4] · [3, 4, 2] → [2, 3, 3, 2].
        let left = randomVariable([2, 1, 3, 4], seed: 34)
        let right = randomVariable([3, 4, 2], seed: 35)
        expectGradients([left, right]) { left.value.matmul(right.value) }
        expectGradients([a, batchA]) { a.value.matmul(batchA.value.transposed(1, 2)) }
    }

    @Test func transposedOperandsMatchExplicitTransposes() {
        let a = randomTensor([2, 4, 3], seed: 39), b = randomTensor([2, 5, 4], seed: 40)
        let reference = a.transposed(1, 2).matmul(b.transposed(1, 2))
        expectClose(a.matmul(b, transposeSelf: true, transposeOther: true).scalars, reference.scalars)
        let q = randomVariable([2, 3, 6], seed: 41), k = randomVariable([2, 4, 6], seed: 42)
        let r = randomVariable([2, 3, 5], seed: 43), t = randomVariable([2, 5, 3], seed: 44)
        let shared = randomVariable([6, 5], seed: 45)
        expectGradients([q, k]) { q.value.matmul(k.value, transposeOther: true) }
        expectGradients([q, r]) { q.value.matmul(r.value, transposeSelf: true) }
        expectGradients([q, t]) { q.value.matmul(t.value, transposeSelf: true, transposeOther: true) }
        expectGradients([q, shared]) { q.value.matmul(shared.value.mT, transposeOther: true) }
        expectGradients([q, shared]) { shared.value.matmul(q.value, transposeSelf: true, transposeOther: true) }
    }

    @Test func linearBackwardMatchesFiniteDifferences() {
        let x = randomVariable([2, 3, 4], seed: 36)
        let w = randomVariable([5, 4], seed: 37)
        let bias = randomVariable([5], seed: 38)
        expectGradients([x, w, bias]) { x.value.linear(weight: w.value, bias: bias.value) }
        expectGradients([x, w]) { x.value.linear(weight: w.value) }
    }
}
