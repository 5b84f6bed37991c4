import CKernels
import Foundation
import Tensor

// The width-scaled ResNet-18 training step written directly on the engine's kernels (GEMM,
// ConvKernels, Parallel): forward, backward and AdamW by hand, every buffer allocated once.
// It measures what the kernels give a training step, independent of the autodiff tape.

/// A trainable tensor with its gradient and AdamW moments.
final class Parameter {
    let value: Buffer, grad: Buffer, m: Buffer, v: Buffer

    init(_ value: Buffer) {
        self.value = value
        grad = Buffer(zeros: value.count); m = Buffer(zeros: value.count); v = Buffer(zeros: value.count)
    }
}

/// An NCHW activation (or its gradient).
final class Feature {
    let buffer: Buffer
    let batch: Int, channels: Int, height: Int, width: Int
    var plane: Int { height * width }
    var pointer: UnsafeMutablePointer<Float> { buffer.pointer }

    init(batch: Int, channels: Int, height: Int, width: Int) {
        self.batch = batch; self.channels = channels; self.height = height; self.width = width
        buffer = Buffer(zeros: batch * channels * height * width)
    }

    func sameShape() -> Feature { Feature(batch: batch, channels: channels, height: height, width: width) }
}

/// Convolution without bias (BatchNorm follows), He-uniform initialised.
final class ConvLayer {
    let geometry: ConvGeometry
    let weight: Parameter
    let output: Feature
    let gradInput: Feature?
    private unowned var input: Feature

    init(_ input: Feature, outChannels: Int, kernel: Int, stride: Int, needsInputGradient: Bool = true, seed: UInt64) {
        self.input = input
        geometry = ConvGeometry(batch: input.batch, inChannels: input.channels, height: input.height, width: input.width,
                                outChannels: outChannels, kernelHeight: kernel, kernelWidth: kernel,
                                stride: (stride, stride), padding: (kernel / 2, kernel / 2))
        let fanIn = input.channels * kernel * kernel
        weight = Parameter(Buffer(random: outChannels * fanIn, seed: seed, scale: (6 / Float(fanIn)).squareRoot()))
        output = Feature(batch: input.batch, channels: outChannels, height: geometry.outHeight, width: geometry.outWidth)
        gradInput = needsInputGradient ? input.sameShape() : nil
    }

    func forward() {
        ConvKernels.forward(geometry, input: input.pointer, weight: weight.value.pointer, bias: nil, output: output.pointer)
    }

    func backward(_ gradOutput: Feature) {
        ConvKernels.backwardWeight(geometry, input: input.pointer, gradOutput: gradOutput.pointer,
                                   gradWeight: weight.grad.pointer, gradBias: nil)
        if let gradInput {
            ConvKernels.backwardInput(geometry, gradOutput: gradOutput.pointer, weight: weight.value.pointer,
                                      gradInput: gradInput.pointer)
        }
    }
}

/// Training-mode BatchNorm over (N, H, W) per channel, optionally followed by ReLU.
final class BatchNormLayer {
    let gamma: Parameter, beta: Parameter
    let output: Feature, gradInput: Feature
    let relu: Bool
    private unowned var input: Feature
    private let mean: Buffer, inverseStd: Buffer, runningMean: Buffer, runningVariance: Buffer

    init(_ input: Feature, relu: Bool) {
        self.input = input; self.relu = relu
        let c = input.channels
        gamma = Parameter(Buffer(zeros: c))
        gamma.value.pointer.update(repeating: 1, count: c)
        beta = Parameter(Buffer(zeros: c))
        output = input.sameShape(); gradInput = input.sameShape()
        mean = Buffer(zeros: c); inverseStd = Buffer(zeros: c)
        runningMean = Buffer(zeros: c); runningVariance = Buffer(zeros: c)
        runningVariance.pointer.update(repeating: 1, count: c)
    }

    func forward() {
        let x = input, y = output.pointer, count = Float(x.batch * x.plane)
        Parallel.forEachChunk(x.channels) { c in
            var sum: Float = 0
            for n in 0..<x.batch { sum += lk_sum(x.pointer + (n * x.channels + c) * x.plane, x.plane) }
            let mu = sum / count
            var squares: Float = 0
            for n in 0..<x.batch { squares += squaredDeviations(x.pointer + (n * x.channels + c) * x.plane, x.plane, mu) }
            let variance = squares / count
            let inv = 1 / (variance + 1e-5).squareRoot()
            mean.pointer[c] = mu; inverseStd.pointer[c] = inv
            runningMean.pointer[c] = 0.9 * runningMean.pointer[c] + 0.1 * mu
            runningVariance.pointer[c] = 0.9 * runningVariance.pointer[c] + 0.1 * variance * count / max(count - 1, 1)
            let scale = gamma.value.pointer[c] * inv, shift = beta.value.pointer[c] - mu * scale
            for n in 0..<x.batch {
                let offset = (n * x.channels + c) * x.plane
                let p = x.pointer + offset, q = y + offset
                if relu { for i in 0..<x.plane { q[i] = max(0, p[i] * scale + shift) } }
                else { for i in 0..<x.plane { q[i] = p[i] * scale + shift } }
            }
        }
    }

    /// Consumes `gradOutput` (masked in place when ReLU is fused) and fills `gradInput`.
    func backward(_ gradOutput: Feature) {
        let x = input, g = gradOutput.pointer, count = Float(x.batch * x.plane)
        Parallel.forEachChunk(x.channels) { c in
            let mu = mean.pointer[c], inv = inverseStd.pointer[c]
            var sumG: Float = 0, sumGX: Float = 0
            for n in 0..<x.batch {
                let offset = (n * x.channels + c) * x.plane
                if relu { keepWherePositive(g + offset, from: g + offset, mask: output.pointer + offset, x.plane) }
                let (s, t) = gradientSums(g + offset, x.pointer + offset, x.plane, mu)
                sumG += s; sumGX += t
            }
            let gradGamma = sumGX * inv
            gamma.grad.pointer[c] = gradGamma; beta.grad.pointer[c] = sumG
            let k = gamma.value.pointer[c] * inv
            let meanG = sumG / count, slope = gradGamma * inv / count
            for n in 0..<x.batch {
                let offset = (n * x.channels + c) * x.plane
                let p = x.pointer + offset, q = g + offset, d = gradInput.pointer + offset
                for i in 0..<x.plane { d[i] = k * (q[i] - meanG - (p[i] - mu) * slope) }
            }
        }
    }
}

/// dst[i] = mask[i] > 0 ? src[i] : 0 (the gradient of a ReLU whose output is `mask`).
private func keepWherePositive(_ dst: UnsafeMutablePointer<Float>, from src: UnsafePointer<Float>,
                               mask: UnsafePointer<Float>, _ count: Int) {
    var i = 0
    while i + 16 <= count {
        let m = UnsafeRawPointer(mask + i).loadUnaligned(as: SIMD16<Float>.self)
        var v = UnsafeRawPointer(src + i).loadUnaligned(as: SIMD16<Float>.self)
        v.replace(with: 0, where: m .<= 0)
        UnsafeMutableRawPointer(dst + i).storeBytes(of: v, as: SIMD16<Float>.self)
        i += 16
    }
    while i < count { dst[i] = mask[i] > 0 ? src[i] : 0; i += 1 }
}

/// Σ (x − mean)² over one plane, in 16 interleaved partial sums (a fixed order).
private func squaredDeviations(_ x: UnsafePointer<Float>, _ count: Int, _ mean: Float) -> Float {
    var acc = SIMD16<Float>(repeating: 0), i = 0
    let m = SIMD16<Float>(repeating: mean)
    while i + 16 <= count {
        let d = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self) - m
        acc += d * d; i += 16
    }
    var total = acc.sum()
    while i < count { let d = x[i] - mean; total += d * d; i += 1 }
    return total
}

/// (Σ g, Σ g·(x − mean)) over one plane, in 16 interleaved partial sums (a fixed order).
private func gradientSums(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ count: Int,
                          _ mean: Float) -> (Float, Float) {
    var s = SIMD16<Float>(repeating: 0), t = s, i = 0
    let m = SIMD16<Float>(repeating: mean)
    while i + 16 <= count {
        let gv = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD16<Float>.self)
        let xv = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
        s += gv; t += gv * (xv - m); i += 16
    }
    var sg = s.sum(), sgx = t.sum()
    while i < count { sg += g[i]; sgx += g[i] * (x[i] - mean); i += 1 }
    return (sg, sgx)
}

/// Two conv-BN layers, a shortcut (identity, or 1×1 conv-BN when the shape changes), ReLU after the sum.
final class BasicBlock {
    let conv1: ConvLayer, bn1: BatchNormLayer, conv2: ConvLayer, bn2: BatchNormLayer
    let shortcut: (ConvLayer, BatchNormLayer)?
    let output: Feature, gradInput: Feature
    private unowned var input: Feature
    private let gradSum: Feature

    init(_ input: Feature, outChannels: Int, stride: Int, seed: UInt64) {
        self.input = input
        conv1 = ConvLayer(input, outChannels: outChannels, kernel: 3, stride: stride, seed: seed)
        bn1 = BatchNormLayer(conv1.output, relu: true)
        conv2 = ConvLayer(bn1.output, outChannels: outChannels, kernel: 3, stride: 1, seed: seed + 1)
        bn2 = BatchNormLayer(conv2.output, relu: false)
        if stride != 1 || input.channels != outChannels {
            let conv = ConvLayer(input, outChannels: outChannels, kernel: 1, stride: stride, seed: seed + 2)
            shortcut = (conv, BatchNormLayer(conv.output, relu: false))
        } else {
            shortcut = nil
        }
        output = bn2.output.sameShape(); gradSum = bn2.output.sameShape(); gradInput = input.sameShape()
    }

    var parameters: [Parameter] {
        [conv1.weight, bn1.gamma, bn1.beta, conv2.weight, bn2.gamma, bn2.beta]
            + (shortcut.map { [$0.0.weight, $0.1.gamma, $0.1.beta] } ?? [])
    }

    func forward() {
        conv1.forward(); bn1.forward(); conv2.forward(); bn2.forward()
        if let (conv, bn) = shortcut { conv.forward(); bn.forward() }
        let main = bn2.output.pointer, side = (shortcut?.1.output ?? input).pointer, out = output.pointer
        Parallel.forEachChunk(output.batch * output.channels) { plane in
            let o = plane * output.plane
            for i in o..<(o + output.plane) { out[i] = max(0, main[i] + side[i]) }
        }
    }

    func backward(_ gradOutput: Feature) {
        let g = gradSum.pointer, gIn = gradOutput.pointer, out = output.pointer
        let plane = output.plane
        Parallel.forEachChunk(output.batch * output.channels) { index in
            let o = index * plane
            keepWherePositive(g + o, from: gIn + o, mask: out + o, plane)
        }
        bn2.backward(gradSum); conv2.backward(bn2.gradInput)
        bn1.backward(conv2.gradInput!); conv1.backward(bn1.gradInput)
        let gx = gradInput.pointer, main = conv1.gradInput!.pointer
        if let (conv, bn) = shortcut {
            // bn.backward reads gradSum but does not change it (no fused ReLU).
            bn.backward(gradSum); conv.backward(bn.gradInput)
            let side = conv.gradInput!.pointer
            Parallel.forEachChunk(input.batch * input.channels) { plane in
                let o = plane * input.plane
                for i in o..<(o + input.plane) { gx[i] = main[i] + side[i] }
            }
        } else {
            Parallel.forEachChunk(input.batch * input.channels) { plane in
                let o = plane * input.plane
                for i in o..<(o + input.plane) { gx[i] = main[i] + g[i] }
            }
        }
    }
}

/// The whole step: stem, four stages of two blocks, global average pool, linear head,
/// cross-entropy, AdamW (lr 1e-3, weight decay 0.05 on every parameter, as torch.optim.AdamW in the twin).
final class ResNetStep {
    static let widths = [32, 64, 128, 256]
    let images: Feature
    let labels: [Int]
    let stem: ConvLayer, stemNorm: BatchNormLayer
    let blocks: [BasicBlock]
    let headWeight: Parameter, headBias: Parameter
    let pooled: Buffer, logits: Buffer, gradLogits: Buffer, gradPooled: Buffer
    let gradTop: Feature
    let parameters: [Parameter]
    let classes: Int
    /// The mean cross-entropy of every step run so far.
    private(set) var losses: [Float] = []
    private var stepCount = 0

    init(batch: Int, size: Int, classes: Int) {
        self.classes = classes
        images = Feature(batch: batch, channels: 3, height: size, width: size)
        let data = Buffer(random: batch * 3 * size * size, seed: 99)
        images.pointer.update(from: data.pointer, count: data.count)
        labels = (0..<batch).map { ($0 * 5 + 3) % classes }
        stem = ConvLayer(images, outChannels: Self.widths[0], kernel: 3, stride: 1, needsInputGradient: false, seed: 10)
        stemNorm = BatchNormLayer(stem.output, relu: true)
        var blocks: [BasicBlock] = [], current = stemNorm.output, seed: UInt64 = 20
        for (stage, width) in Self.widths.enumerated() {
            for index in 0..<2 {
                let block = BasicBlock(current, outChannels: width, stride: stage > 0 && index == 0 ? 2 : 1, seed: seed)
                blocks.append(block); current = block.output; seed += 10
            }
        }
        self.blocks = blocks
        let features = Self.widths.last!
        headWeight = Parameter(Buffer(random: classes * features, seed: 7, scale: 1 / Float(features).squareRoot()))
        headBias = Parameter(Buffer(zeros: classes))
        pooled = Buffer(zeros: batch * features); logits = Buffer(zeros: batch * classes)
        gradLogits = Buffer(zeros: batch * classes); gradPooled = Buffer(zeros: batch * features)
        gradTop = current.sameShape()
        parameters = [stem.weight, stemNorm.gamma, stemNorm.beta] + blocks.flatMap(\.parameters) + [headWeight, headBias]
    }

    /// Conv and linear multiply-adds ×2 of one step: forward once, backward twice (weights and
    /// inputs), except the stem, whose input gradient is not needed.
    static func flops(batch: Int, size: Int, classes: Int) -> Double {
        var total = 0.0, channels = 3, side = size
        func conv(_ cin: Int, _ cout: Int, _ k: Int, _ out: Int, backwardPasses: Double) {
            total += 2 * Double(batch * cout * out * out * cin * k * k) * (1 + backwardPasses)
        }
        conv(channels, widths[0], 3, side, backwardPasses: 1)
        channels = widths[0]
        for (stage, width) in widths.enumerated() {
            for index in 0..<2 {
                let stride = stage > 0 && index == 0 ? 2 : 1
                let out = side / stride
                conv(channels, width, 3, out, backwardPasses: 2)
                conv(width, width, 3, out, backwardPasses: 2)
                if stride != 1 || channels != width { conv(channels, width, 1, out, backwardPasses: 2) }
                channels = width; side = out
            }
        }
        total += 2 * Double(batch * channels * classes) * 3
        return total
    }

    func run() {
        stepCount += 1
        stem.forward(); stemNorm.forward()
        for block in blocks { block.forward() }
        let top = blocks.last!.output, batch = top.batch, features = top.channels
        // Global average pool, then logits = pooled · Wᵀ + b.
        for i in 0..<(batch * features) { pooled.pointer[i] = lk_sum(top.pointer + i * top.plane, top.plane) / Float(top.plane) }
        for n in 0..<batch { for k in 0..<classes { logits.pointer[n * classes + k] = headBias.value.pointer[k] } }
        GEMM.sgemm(transA: false, transB: true, m: batch, n: classes, k: features, a: pooled.pointer, lda: features,
                   b: headWeight.value.pointer, ldb: features, beta: 1, c: logits.pointer, ldc: classes)
        // Mean cross-entropy: gradient (softmax − one-hot) / batch.
        var loss: Float = 0
        for n in 0..<batch {
            let row = logits.pointer + n * classes, g = gradLogits.pointer + n * classes
            var top: Float = -.infinity
            for k in 0..<classes { top = max(top, row[k]) }
            var total: Float = 0
            for k in 0..<classes { g[k] = exp(row[k] - top); total += g[k] }
            loss += (log(total) + top - row[labels[n]]) / Float(batch)
            for k in 0..<classes { g[k] = (g[k] / total - (k == labels[n] ? 1 : 0)) / Float(batch) }
        }
        losses.append(loss)
        // Head gradients, then back through the pool.
        GEMM.sgemm(transA: true, transB: false, m: classes, n: features, k: batch, a: gradLogits.pointer, lda: classes,
                   b: pooled.pointer, ldb: features, c: headWeight.grad.pointer, ldc: features)
        for k in 0..<classes {
            var s: Float = 0
            for n in 0..<batch { s += gradLogits.pointer[n * classes + k] }
            headBias.grad.pointer[k] = s
        }
        GEMM.sgemm(transA: false, transB: false, m: batch, n: features, k: classes, a: gradLogits.pointer, lda: classes,
                   b: headWeight.value.pointer, ldb: features, c: gradPooled.pointer, ldc: features)
        for i in 0..<(batch * features) {
            let value = gradPooled.pointer[i] / Float(top.plane), plane = gradTop.pointer + i * top.plane
            for j in 0..<top.plane { plane[j] = value }
        }
        var gradient = gradTop
        for block in blocks.reversed() { block.backward(gradient); gradient = block.gradInput }
        stemNorm.backward(gradient); stem.backward(stemNorm.gradInput)
        adamW(learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.05)
    }

    private func adamW(learningRate: Float, beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float) {
        let t = Float(stepCount)
        let correction1 = 1 - pow(beta1, t), correction2 = 1 - pow(beta2, t)
        for p in parameters {
            let count = p.value.count, chunk = 16384
            let decay: Float = 1 - learningRate * weightDecay
            Parallel.forEachChunk((count + chunk - 1) / chunk) { index in
                let w = p.value.pointer, g = p.grad.pointer, m = p.m.pointer, v = p.v.pointer
                for i in (index * chunk)..<min(count, (index + 1) * chunk) {
                    w[i] *= decay
                    m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                    v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                    let mHat = m[i] / correction1, vHat = v[i] / correction2
                    w[i] -= learningRate * mHat / (vHat.squareRoot() + epsilon)
                }
            }
        }
    }
}

