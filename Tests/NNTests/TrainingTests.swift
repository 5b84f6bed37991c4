import Foundation
import Testing
import Tensor
import NN

/// Conv2d → BatchNorm2d → ReLU → max-pool → Linear, for 1×8×8 images and two classes.
private final class ToyCNN: Module {
    let conv: Conv2d
    let norm: BatchNorm2d
    let head: Linear

    init(using stream: inout RandomStream) {
        conv = Conv2d(inChannels: 1, outChannels: 4, kernelSize: 3, padding: 1, using: &stream)
        norm = BatchNorm2d(channels: 4)
        head = Linear(inputs: 4 * 4 * 4, outputs: 2, using: &stream)
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        head(norm(conv(x)).relu().maxPool2d(kernel: (2, 2)).flattened(from: 1))
    }
}

/// A batch of the toy task: a noisy 8×8 image holding a bright horizontal bar (class 0) or
/// vertical bar (class 1) at a random row or column.
private func toyBatch(_ count: Int, using stream: inout RandomStream) -> (images: Tensor, labels: [Int]) {
    var pixels = [Float](repeating: 0, count: count * 64)
    var labels: [Int] = []
    for n in 0..<count {
        let label = stream.int(in: 0..<2), line = stream.int(in: 0..<8)
        labels.append(label)
        for i in 0..<64 {
            let onBar = label == 0 ? i / 8 == line : i % 8 == line
            pixels[n * 64 + i] = stream.normal(std: 0.3) + (onBar ? 1 : 0)
        }
    }
    return (Tensor(shape: [count, 1, 8, 8], values: pixels), labels)
}

/// One training run's pieces, built from `seed`.
private struct ToyRun {
    let model: ToyCNN
    let optimizer: AdamW
    let ema: WeightEMA
    let schedule = CosineWithWarmup(peak: 0.02, warmupSteps: 5, totalSteps: 300)
    let data = RandomStream(seed: 77)

    init(seed: UInt64) {
        var stream = RandomStream(seed: seed)
        model = ToyCNN(using: &stream)
        optimizer = AdamW(module: model, weightDecay: 1e-3)
        ema = WeightEMA(of: model, decay: 0.9)
    }

    /// Trains steps `range` (batches come from the data stream split by step, so any range of
    /// steps sees the same batches whether or not the run was interrupted); returns the last loss.
    @discardableResult
    func train(steps range: Range<Int>) -> Float {
        var loss: Float = .nan
        for step in range {
            var batchStream = data.split(UInt64(step))
            let (images, labels) = toyBatch(32, using: &batchStream)
            optimizer.learningRate = schedule.learningRate(atStep: step)
            let value = Loss.crossEntropy(logits: model(images), labels: labels)
            optimizer.zeroGrad()
            value.backward()
            clipGradientNorm(model.parameters(), maxNorm: 5)
            optimizer.step()
            ema.update()
            loss = value.item
        }
        return loss
    }

    /// The accuracy on 400 held-out images, in evaluation mode.
    func accuracy() -> Double {
        var stream = RandomStream(seed: 999)
        let (images, labels) = toyBatch(400, using: &stream)
        model.eval()
        defer { model.train() }
        let logits = Tensor.withoutGradients { model(images) }.scalars
        let correct = labels.indices.filter { (logits[2 * $0 + 1] > logits[2 * $0] ? 1 : 0) == labels[$0] }.count
        return Double(correct) / Double(labels.count)
    }
}

private func bits(_ state: [String: StoredTensor]) -> [String: [UInt32]] {
    state.mapValues { $0.values.map(\.bitPattern) }
}

@Suite("Training")
struct TrainingTests {
    @Test("a small CNN learns the toy task, and the same seed gives the same loss bits")
    func learnsDeterministically() {
        let first = ToyRun(seed: 5), second = ToyRun(seed: 5)
        let before = first.accuracy()
        let loss = first.train(steps: 0..<300)
        #expect(second.train(steps: 0..<300).bitPattern == loss.bitPattern)
        #expect(bits(second.model.state()) == bits(first.model.state()))
        let after = first.accuracy()
        #expect(after >= 0.95, "held-out accuracy \(after) (was \(before) before training)")
        #expect(loss < 0.05)
    }

    @Test("resuming from a training checkpoint continues bit-identically")
    func resumesBitIdentically() throws {
        let folder = try FixtureFiles.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("run.safetensors")

        let uninterrupted = ToyRun(seed: 8)
        uninterrupted.train(steps: 0..<6)
        try TrainingCheckpoint.save(to: url, model: uninterrupted.model, optimizer: uninterrupted.optimizer,
                                    ema: uninterrupted.ema, metadata: ["step": "6"])
        let finalLoss = uninterrupted.train(steps: 6..<12)

        let resumed = ToyRun(seed: 1234)
        let metadata = try TrainingCheckpoint.load(from: url, model: resumed.model, optimizer: resumed.optimizer,
                                                   ema: resumed.ema)
        #expect(metadata == ["step": "6"])
        #expect(resumed.train(steps: 6..<12).bitPattern == finalLoss.bitPattern)
        #expect(bits(resumed.model.state()) == bits(uninterrupted.model.state()))
        #expect(bits(resumed.optimizer.state()) == bits(uninterrupted.optimizer.state()))
        #expect(bits(resumed.ema.state()) == bits(uninterrupted.ema.state()))
        #expect(resumed.optimizer.state()["step.conv.weight"]?.values == [12])

        // A model without the optimiser in hand refuses the optimiser's entries by name.
        let error = #expect(throws: CheckpointError.self) {
            try TrainingCheckpoint.load(from: url, model: ToyRun(seed: 1).model)
        }
        #expect(error?.unexpected.contains("optimizer.exp_avg.conv.weight") == true)
        #expect(error?.file == url.path)
    }

    @Test("weight EMA averages parameters, copies buffers, and writes into another model")
    func ema() throws {
        var stream = RandomStream(seed: 3)
        let model = ToyCNN(using: &stream), copy = ToyCNN(using: &stream)
        let average = WeightEMA(of: model, decay: 0.9)
        let start = model.head.bias!.value.scalars
        model.head.bias!.value = Tensor(shape: [2], values: [1, 2])
        model.norm.runningMean.value = Tensor(shape: [4], values: [5, 6, 7, 8])
        average.update()
        model.head.bias!.value = Tensor(shape: [2], values: [3, -1])
        average.update()
        let expected = (0..<2).map { i -> Float in
            let once = 0.9 * start[i] + 0.1 * [1, 2][i]
            return 0.9 * once + 0.1 * Float([3, -1][i])
        }
        let averaged = average.averagedState()
        #expect(zip(averaged["head.bias"]!.values, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(averaged["norm.running_mean"]!.values == [5, 6, 7, 8])
        #expect(average.updateCount == 2)
        try average.copy(into: copy)
        #expect(bits(copy.state()) == bits(averaged))
    }
}
