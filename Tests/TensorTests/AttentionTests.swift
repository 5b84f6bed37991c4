import Testing
import Tensor

/// `Tensor.attentionScores` and `Tensor.attentionMix` against the head split they replace
/// (`reshaped` + `permuted` copies around `matmul`): the same bits in value and gradient.
struct AttentionTests {
    /// Heads split by copying, as attention did before the fused products.
    func split(_ t: Tensor, heads: Int) -> Tensor {
        t.reshaped([t.shape[0], t.shape[1], heads, t.shape[2] / heads]).permuted([0, 2, 1, 3])
    }

    /// Attention products of random queries, keys and values of these sizes, with a random upstream
    /// gradient on the mixed values: the output and the gradients of q, k and v, as bit patterns.
    func attend(batch: Int, length: Int, sources: Int, width: Int, heads: Int, fused: Bool) -> [[UInt32]] {
        let q = randomVariable([batch, length, width], seed: 11), k = randomVariable([batch, sources, width], seed: 12)
        let v = randomVariable([batch, sources, width], seed: 13)
        let scores = fused ? Tensor.attentionScores(queries: q.value, keys: k.value, heads: heads)
            : split(q.value, heads: heads).matmul(split(k.value, heads: heads), transposeOther: true)
        let weights = (scores * 0.5).softmax(axis: -1)
        let mixed = fused ? Tensor.attentionMix(weights: weights, values: v.value, heads: heads)
            : weights.matmul(split(v.value, heads: heads)).permuted([0, 2, 1, 3]).reshaped([batch, length, width])
        (mixed * randomTensor([batch, length, width], seed: 14)).sum().backward()
        return [scores, mixed, q.grad ?? Tensor.zeros([1]), k.grad ?? Tensor.zeros([1]), v.grad ?? Tensor.zeros([1])]
            .map { $0.scalars.map(\.bitPattern) }
    }

    @Test(arguments: [(2, 5, 5, 12, 3), (1, 49, 49, 16, 2), (3, 70, 9, 24, 4), (2, 6, 80, 8, 1)])
    func fusedProductsGiveTheBitsOfTheSplitHeads(_ size: (batch: Int, length: Int, sources: Int, width: Int, heads: Int)) {
        let fused = attend(batch: size.batch, length: size.length, sources: size.sources, width: size.width,
                           heads: size.heads, fused: true)
        let split = attend(batch: size.batch, length: size.length, sources: size.sources, width: size.width,
                           heads: size.heads, fused: false)
        for (index, name) in ["scores", "mixed values", "gradient of q", "gradient of k", "gradient of v"].enumerated() {
            let differing = zip(fused[index], split[index]).filter { $0 != $1 }.count
            #expect(fused[index].count == split[index].count && differing == 0, "\(name): \(differing) values differ (\(size))")
            #expect(fused[index].contains { $0 != 0 }, "\(name) is all zeros (\(size))")
        }
    }

    @Test func fusedProductsMatchFiniteDifferences() {
        let q = randomVariable([2, 3, 4], seed: 21), k = randomVariable([2, 5, 4], seed: 22)
        let v = randomVariable([2, 5, 4], seed: 23), w = randomVariable([2, 2, 3, 5], seed: 24)
        expectGradients([q, k]) { Tensor.attentionScores(queries: q.value, keys: k.value, heads: 2) }
        expectGradients([w, v]) { Tensor.attentionMix(weights: w.value, values: v.value, heads: 2) }
    }

    @Test func scoresOfHandComputedHeads() {
        // One batch, two queries, one key, width 2 split into two heads of width 1.
        let q = Tensor(shape: [1, 2, 2], values: [1, 2, 3, 4]), k = Tensor(shape: [1, 1, 2], values: [10, 100])
        let scores = Tensor.attentionScores(queries: q, keys: k, heads: 2)
        #expect(scores.shape == [1, 2, 2, 1])
        #expect(scores.scalars == [10, 30, 200, 400])
        // Mixing with weight 1 on the one key gives each head its value, side by side again.
        let mixed = Tensor.attentionMix(weights: Tensor.ones([1, 2, 2, 1]), values: k, heads: 2)
        #expect(mixed.shape == [1, 2, 2] && mixed.scalars == [10, 100, 10, 100])
    }

    @Test func badShapesStopWithTheOpAndTheShapes() async {
        let heads = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.attentionScores(queries: Tensor.zeros([1, 2, 6]), keys: Tensor.zeros([1, 3, 6]), heads: 4)
        }
        #expect(heads.map { String(decoding: $0.standardErrorContent, as: UTF8.self) }?
            .contains("attentionScores: 4 heads do not divide width 6") == true)
        let width = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.attentionScores(queries: Tensor.zeros([1, 2, 4]), keys: Tensor.zeros([1, 3, 6]), heads: 2)
        }
        #expect(width.map { String(decoding: $0.standardErrorContent, as: UTF8.self) }?
            .contains("attentionScores: queries [1, 2, 4] and keys [1, 3, 6] are incompatible") == true)
        let mix = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.attentionMix(weights: Tensor.zeros([1, 2, 2, 4]), values: Tensor.zeros([1, 3, 6]), heads: 2)
        }
        #expect(mix.map { String(decoding: $0.standardErrorContent, as: UTF8.self) }?
            .contains("attentionMix: weights [1, 2, 2, 4] and values [1, 3, 6] are incompatible") == true)
    }
}
