import NN
import Tensor

// The width-scaled ResNet-18 built from the engine's NN layers and trained through its autodiff
// tape and AdamW: the training step every model of the kit goes through, measured end to end.

/// Two 3×3 conv-BN layers with ReLU, and an identity (or 1×1 conv-BN) shortcut.
final class EngineBasicBlock: Module {
    let conv1: Conv2d, bn1: BatchNorm2d, conv2: Conv2d, bn2: BatchNorm2d
    let shortcut: Conv2d?, shortcutNorm: BatchNorm2d?

    init(inChannels: Int, outChannels: Int, stride: Int, using stream: inout RandomStream) {
        conv1 = Conv2d(inChannels: inChannels, outChannels: outChannels, kernelSize: 3, stride: stride, padding: 1,
                       bias: false, using: &stream)
        bn1 = BatchNorm2d(channels: outChannels)
        conv2 = Conv2d(inChannels: outChannels, outChannels: outChannels, kernelSize: 3, padding: 1, bias: false,
                       using: &stream)
        bn2 = BatchNorm2d(channels: outChannels)
        if stride != 1 || inChannels != outChannels {
            shortcut = Conv2d(inChannels: inChannels, outChannels: outChannels, kernelSize: 1, stride: stride,
                              bias: false, using: &stream)
            shortcutNorm = BatchNorm2d(channels: outChannels)
        } else {
            shortcut = nil; shortcutNorm = nil
        }
        super.init()
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        let main = bn2(conv2(bn1(conv1(x)).relu()))
        let side = shortcut.map { shortcutNorm!($0(x)) } ?? x
        return (main + side).relu()
    }
}

/// 3×3 stem at stride 1 (no max-pool), stages of two blocks, global average pool, linear head.
final class EngineResNet18: Module {
    let stem: Conv2d, stemNorm: BatchNorm2d
    let blocks: [EngineBasicBlock]
    let head: Linear

    init(classes: Int, widths: [Int], using stream: inout RandomStream) {
        stem = Conv2d(inChannels: 3, outChannels: widths[0], kernelSize: 3, padding: 1, bias: false, using: &stream)
        stemNorm = BatchNorm2d(channels: widths[0])
        var blocks: [EngineBasicBlock] = [], channels = widths[0]
        for (stage, width) in widths.enumerated() {
            for index in 0..<2 {
                blocks.append(EngineBasicBlock(inChannels: channels, outChannels: width,
                                               stride: stage > 0 && index == 0 ? 2 : 1, using: &stream))
                channels = width
            }
        }
        self.blocks = blocks
        head = Linear(inputs: channels, outputs: classes, using: &stream)
        super.init()
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        var h = stemNorm(stem(x)).relu()
        for block in blocks { h = block(h) }
        return head(h.mean(axes: [2, 3]))
    }
}

/// One training step on a fixed batch: forward, cross-entropy, backward on the tape, AdamW.
final class EngineResNetStep {
    let model: EngineResNet18
    let optimizer: AdamW
    let images: Tensor
    let labels: [Int]
    /// The loss of every step run so far.
    private(set) var losses: [Float] = []

    init(batch: Int, size: Int, classes: Int) {
        var stream = RandomStream(seed: 2024)
        model = EngineResNet18(classes: classes, widths: ResNetStep.widths, using: &stream)
        optimizer = AdamW(module: model, learningRate: 1e-3, weightDecay: 0.05)
        images = Tensor.uniform([batch, 3, size, size], low: -1, high: 1, using: &stream)
        labels = (0..<batch).map { ($0 * 5 + 3) % classes }
    }

    func run() {
        optimizer.zeroGrad()
        let loss = Loss.crossEntropy(logits: model(images), labels: labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item)
    }
}
