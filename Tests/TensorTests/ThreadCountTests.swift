import Foundation
import Testing
import Tensor

/// A small training-like workload touching every parallel code path (element-wise ops, long
/// sums, norms, softmax, matmul, convolution, pooling, random draws), reduced to one digest of
/// the bits of its loss and gradients.
func workloadDigest() -> UInt64 {
    var stream = RandomStream(seed: 77)
    let x = Tensor.normal([4, 8, 40, 40], using: &stream)
    let w = Variable(Tensor.normal([8, 8, 3, 3], std: 0.2, using: &stream))
    let gamma = Variable(Tensor.ones([8])), beta = Variable(Tensor.zeros([8]))
    let head = Variable(Tensor.normal([5, 8], std: 0.3, using: &stream))
    var dropout = stream.split("dropout")
    let features = x.conv2d(weight: w.value, padding: (1, 1))
        .batchNorm(weight: gamma.value, bias: beta.value).output.gelu()
        .layerNorm(axis: 1).dropout(probability: 0.1, using: &dropout)
        .maxPool2d(kernel: (2, 2)).adaptiveAvgPool2d(outputSize: (1, 1)).flattened(from: 1)
    let attention = features.matmul(features, transposeOther: true).softmax(axis: -1).matmul(features)
    let logits = attention.linear(weight: head.value)
    let loss = Loss.crossEntropy(logits: logits, labels: [0, 3, 1, 4]) + x.squared().mean() * 1e-3
    loss.backward()
    var digest: UInt64 = 0xCBF2_9CE4_8422_2325
    for value in [loss.item] + w.grad!.scalars + gamma.grad!.scalars + beta.grad!.scalars + head.grad!.scalars {
        digest = (digest ^ UInt64(value.bitPattern)) &* 0x0000_0100_0000_01B3
    }
    return digest
}

@Suite struct ThreadCountTests {
    @Test func resultsAreBitIdenticalWithOneThread() async {
        let digest = workloadDigest()
        #expect(digest == workloadDigest())
        // The child process reads LLDIF_THREADS afresh; this process already fixed its own count.
        setenv("LLDIF_THREADS", "1", 1)
        await #expect(processExitsWith: .success) { [digest = digest as UInt64] in
            guard Parallel.threadCount == 1 else { exit(2) }
            exit(workloadDigest() == digest ? 0 : 1)
        }
        setenv("LLDIF_THREADS", "3", 1)
        await #expect(processExitsWith: .success) { [digest = digest as UInt64] in
            guard Parallel.threadCount == 3 else { exit(2) }
            exit(workloadDigest() == digest ? 0 : 1)
        }
        unsetenv("LLDIF_THREADS")
    }
}
