import Testing
import Tensor

@Suite struct KernelTests {
    @Test func gemmMatchesHandComputedProduct() {
        // [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]]
        let a: [Float] = [1, 2, 3, 4, 5, 6], b: [Float] = [7, 8, 9, 10, 11, 12]
        var c = [Float](repeating: 0, count: 4)
        GEMM.sgemm(transA: false, transB: false, m: 2, n: 2, k: 3, a: a, lda: 3, b: b, ldb: 2, c: &c, ldc: 2)
        #expect(c == [58, 64, 139, 154])
        // Aᵀ stored as 3×2, Bᵀ stored as 2×3, alpha 2, beta 1 on top of the previous result.
        let at: [Float] = [1, 4, 2, 5, 3, 6], bt: [Float] = [7, 9, 11, 8, 10, 12]
        GEMM.sgemm(transA: true, transB: true, m: 2, n: 2, k: 3, alpha: 2, a: at, lda: 2, b: bt, ldb: 3,
                   beta: 1, c: &c, ldc: 2)
        #expect(c == [174, 192, 417, 462])
    }

    @Test func convolutionForwardMatchesHandComputedCase() {
        // 1×1×3×3 input 1…9, one 2×2 kernel of ones, padding 0: sums of each 2×2 window.
        let g = ConvGeometry(batch: 1, inChannels: 1, height: 3, width: 3, outChannels: 1,
                             kernelHeight: 2, kernelWidth: 2)
        let input: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9], weight: [Float] = [1, 1, 1, 1]
        var out = [Float](repeating: 0, count: 4)
        ConvKernels.forward(g, input: input, weight: weight, bias: nil, output: &out)
        #expect(out == [12, 16, 24, 28])
    }
}
