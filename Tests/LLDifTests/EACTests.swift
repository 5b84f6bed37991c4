import Configuration
import Foundation
import LLDif
import NN
import Tensor
import Testing

@Suite("EAC")
struct EACTests {
    /// Makes every convolution kernel of `model` mirror-symmetric left to right.
    private func symmetrise(_ model: EAC) {
        for (path, variable) in model.namedParameters() where path.hasSuffix("conv.weight") {
            let shape = variable.shape, kw = shape[3]
            variable.withUnsafeMutableValues { w in
                for row in 0..<(w.count / kw) {
                    for x in 0..<(kw / 2) {
                        let a = row * kw + x, b = row * kw + kw - 1 - x
                        let mean = (w[a] + w[b]) / 2
                        w[a] = mean
                        w[b] = mean
                    }
                }
            }
        }
    }

    @Test("the consistency loss is zero for a flip-symmetric model and positive otherwise")
    func consistencyOfSymmetricModel() {
        var stream = RandomStream(seed: 4)
        let model = EAC(channels: 3, classes: 7, width: 4, settings: EACTests.settings(ramp: 0), using: &stream)
        // 17 = 2^4 + 1 pixels: every stride-2 layer then samples mirror-symmetric positions.
        let images = Tensor.normal([2, 3, 17, 17], using: &stream)
        func loss() -> Float {
            Tensor.withoutGradients {
                let maps = model.classActivationMaps(model.backbone.featureMap(images))
                let flipped = model.classActivationMaps(model.backbone.featureMap(EAC.flippedHorizontally(images)))
                return EAC.consistencyLoss(maps: maps, mapsOfFlipped: flipped).item
            }
        }
        let asymmetric = loss()
        symmetrise(model)
        let symmetric = loss()
        #expect(asymmetric > 1e-3)
        #expect(symmetric < 1e-9, "loss \(symmetric) of a symmetric model (asymmetric: \(asymmetric))")
    }

    @Test("the consistency loss on hand-made maps is the mean squared mirror difference")
    func handMadeMaps() {
        let maps = Tensor(shape: [1, 1, 1, 3], values: [1, 2, 3])
        #expect(EAC.consistencyLoss(maps: maps, mapsOfFlipped: Tensor(shape: [1, 1, 1, 3], values: [3, 2, 1])).item == 0)
        // Mirror of [0, 0, 3] is [3, 0, 0]; differences (−2, 2, 3): (4 + 4 + 9) / 3.
        let loss = EAC.consistencyLoss(maps: maps, mapsOfFlipped: Tensor(shape: [1, 1, 1, 3], values: [0, 0, 3])).item
        #expect(abs(loss - 17.0 / 3) < 1e-6)
    }

    @Test("random erasing zeroes one rectangle of 2–25 % of a chosen image in every channel, reproducibly")
    func erasing() {
        let images = Tensor(shape: [6, 2, 20, 20], values: [Float](repeating: 1, count: 6 * 2 * 400))
        var stream = RandomStream(seed: 8)
        let erased = EAC.randomlyErased(images, probability: 1, random: &stream).scalars
        for sample in 0..<6 {
            let planes = (0..<2).map { c in Array(erased[((sample * 2 + c) * 400)..<((sample * 2 + c + 1) * 400)]) }
            #expect(planes[0] == planes[1])
            let zeros = planes[0].indices.filter { planes[0][$0] == 0 }
            let rows = Set(zeros.map { $0 / 20 }), columns = Set(zeros.map { $0 % 20 })
            // One filled rectangle: as many zeros as its bounding box holds, of 2–25 % of 400 pixels
            // (up to rounding of its sides).
            #expect(zeros.count == rows.count * columns.count && rows.count == rows.max()! - rows.min()! + 1)
            #expect(zeros.count >= 4 && zeros.count <= 125, "\(zeros.count) pixels erased")
        }
        var same = RandomStream(seed: 8)
        #expect(EAC.randomlyErased(images, probability: 1, random: &same).scalars == erased)
        var never = RandomStream(seed: 8)
        #expect(EAC.randomlyErased(images, probability: 0, random: &never).scalars == images.scalars)
    }

    @Test("warm start: cross entropy alone before eac.warmup and until the prior is left, plus λ times the consistency after")
    func warmStart() throws {
        var stream = RandomStream(seed: 7)
        let model = EAC(channels: 1, classes: 3, width: 2, settings: EACTests.settings(warmup: 0.5, ramp: 0), using: &stream)
        model.train()
        var input = ModelInput(images: Tensor.normal([4, 1, 9, 9], using: &stream))
        input.labels = [0, 1, 2, 0]
        let logits = model.classify(input).logits
        let ce = Loss.crossEntropy(logits: logits, labels: input.labels).item
        let early = model.trainingStep(input, context: StepContext(epoch: 1, epochs: 4, step: 0, random: stream))
        #expect(early.loss.item == ce)
        // After the warm start the (random, asymmetric) model pays the consistency term on top.
        // Past the warm-start share but still on the prior (no epoch has beaten the majority share): still warm.
        let closed = model.trainingStep(input, context: StepContext(epoch: 2, epochs: 4, step: 1, random: stream))
        #expect(closed.loss.item == early.loss.item)
        // Through the protocol, as the trainer calls it: the gate's state, not the empty default.
        let trained: any TrainableClassifier = model
        #expect(trained.methodState() == ["left_prior": "0"])
        try trained.restoreMethodState(["left_prior": "1"])
        #expect(trained.methodState() == ["left_prior": "1"])
        let late = model.trainingStep(input, context: StepContext(epoch: 2, epochs: 4, step: 1, random: stream))
        #expect(late.loss.item - Loss.crossEntropy(logits: late.logits, labels: input.labels).item > 1e-4)
    }

    @Test("λ ramp: half of λ in the first of two ramp epochs after the warm start, all of it in the second")
    func ramp() throws {
        var stream = RandomStream(seed: 9)
        let model = EAC(channels: 1, classes: 3, width: 2, settings: EACTests.settings(ramp: 0.5), using: &stream)
        model.train()
        var input = ModelInput(images: Tensor.normal([4, 1, 9, 9], using: &stream))
        input.labels = [0, 1, 2, 0]
        // The gate opened after the first epoch; 4 epochs × ramp 0.5 = 2 ramp epochs (epochs 1 and 2, from 0).
        try model.restoreMethodState(["left_prior": "1"])
        func consistencyPart(epoch: Int) -> Float {
            let step = model.trainingStep(input, context: StepContext(epoch: epoch, epochs: 4, step: 5, random: stream))
            return step.loss.item - Loss.crossEntropy(logits: step.logits, labels: input.labels).item
        }
        let half = consistencyPart(epoch: 1), full = consistencyPart(epoch: 2)
        #expect(full > 1e-4)
        #expect(abs(half / full - 0.5) < 1e-3, "\(half) vs \(full)")
        #expect(abs(consistencyPart(epoch: 3) - full) < 1e-6)
    }

    @Test("eac (λ = 0.5) fits a tiny syn-raf set far past the majority-class rate")
    func learns() throws {
        // With the official λ = 5 (tuned for an ImageNet-pretrained ResNet-50 with 7×7 maps) the
        // consistency term holds this from-scratch width-4 network at the majority rate for 15
        // epochs; a smaller λ shows that cross entropy and the consistency gradient train together.
        let (accuracy, majority) = try TrainingFixtures.fitTinySet("eac", ["eac.lambda": "0.5", "train.epochs": "15"])
        #expect(accuracy > majority + 0.3, "training-set accuracy \(accuracy), majority class \(majority)")
    }
}

extension EACTests {
    /// EAC's settings with the given warm start and λ ramp (the rest as configured by default).
    static func settings(warmup: Double = 0, ramp: Double) -> EACConfig {
        var settings = EACConfig()
        settings.warmup = warmup
        settings.ramp = ramp
        return settings
    }
}
