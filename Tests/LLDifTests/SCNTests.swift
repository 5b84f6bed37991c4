import Configuration
import FaceData
import Foundation
import LLDif
import NN
import Tensor
import Testing

@Suite("SCN")
struct SCNTests {
    @Test("rank regularisation: groups by β and the margin δ1 on hand-made importance weights")
    func rankRegularisation() {
        // N = 10, β = 0.7: the 7 largest weights are the high group.
        let spread: [Float] = [0.9, 0.3, 0.8, 0.05, 0.7, 0.6, 0.5, 0.2, 0.4, 0.1]
        #expect(SCN.highGroup(importance: spread, beta: 0.7) == [0, 2, 4, 5, 6, 8, 1])
        #expect(SCN.lowGroup(importance: spread, beta: 0.7) == [3, 7, 9])
        // mean high = (0.9+0.8+0.7+0.6+0.5+0.4+0.3)/7 = 0.6, mean low = (0.05+0.2+0.1)/3 ≈ 0.1167:
        // the gap 0.483 exceeds δ1 = 0.15, so the loss is 0.
        let wide = SCN.rankRegularisation(importance: Tensor(spread), beta: 0.7, margin: 0.15)
        #expect(wide.item == 0)
        // Gap 0.04 < 0.15: loss 0.15 − 0.04 = 0.11 (high group 0.52 × 7, low group 0.48 × 3).
        let close = [Float](repeating: 0.52, count: 7) + [0.48, 0.48, 0.48]
        let loss = SCN.rankRegularisation(importance: Tensor(close), beta: 0.7, margin: 0.15)
        #expect(abs(loss.item - 0.11) < 1e-6)
        // Its gradient pushes the high group up (−1/7 each) and the low group down (+1/3 each).
        let variable = Variable(Tensor(close))
        SCN.rankRegularisation(importance: variable.value, beta: 0.7, margin: 0.15).backward()
        let grad = variable.grad!.scalars
        #expect(grad.prefix(7).allSatisfy { abs($0 + 1.0 / 7) < 1e-6 })
        #expect(grad.suffix(3).allSatisfy { abs($0 - 1.0 / 3) < 1e-6 })
    }

    @Test("relabelling: only low-group samples whose P_max − P_label > δ2, unless relabelling all")
    func relabelling() {
        // Three classes, four samples, all labelled 0.
        let probabilities: [Float] = [
            0.1, 0.8, 0.1,   // margin 0.7 → relabel to 1
            0.35, 0.5, 0.15, // margin 0.15 ≤ 0.2 → keep
            0.2, 0.1, 0.7,   // margin 0.5 → relabel to 2
            0.6, 0.3, 0.1,   // the label is the argmax → keep
        ]
        let labels = [0, 0, 0, 0]
        let lowOnly = SCN.relabelling(probabilities: probabilities, classes: 3, labels: labels, candidates: [1, 2, 3], margin: 0.2)
        #expect(lowOnly.map(\.sample) == [2] && lowOnly.map(\.label) == [2])
        let all = SCN.relabelling(probabilities: probabilities, classes: 3, labels: labels, candidates: [0, 1, 2, 3], margin: 0.2)
        #expect(all.map(\.sample) == [0, 2] && all.map(\.label) == [1, 2])
    }

    @Test("relabelled labels persist in the checkpoint and are refused when damaged")
    func methodState() throws {
        var stream = RandomStream(seed: 2)
        let model = SCN(channels: 1, classes: 7, width: 2, using: &stream)
        try model.restoreMethodState(["relabelled": "3:1,10:6"])
        #expect(model.relabelled == [3: 1, 10: 6])
        #expect(model.methodState() == ["relabelled": "3:1,10:6", "left_prior": "0"])
        try model.restoreMethodState(["relabelled": "", "left_prior": "1"])
        #expect(model.relabelled.isEmpty && model.hasLeftPrior)
        #expect(throws: TrainingError.self) { try model.restoreMethodState(["relabelled": "3:9"]) }
        #expect(throws: TrainingError.self) { try model.restoreMethodState(["relabelled": "x"]) }
        #expect(throws: TrainingError.self) { try model.restoreMethodState(["left_prior": "yes"]) }
    }

    @Test("warm start: α held at 1 and plain cross entropy before scn.warmup and until the prior is left, weighted logits after")
    func warmStart() throws {
        var stream = RandomStream(seed: 4)
        var settings = SCNConfig()
        settings.warmup = 0.5
        let model = SCN(channels: 1, classes: 3, width: 2, settings: settings, using: &stream)
        model.train()
        var input = ModelInput(images: Tensor.normal([8, 1, 8, 8], using: &stream))
        input.labels = [0, 1, 2, 0, 1, 2, 0, 1]
        let plain = model.head(model.backbone.features(input.images))
        let ce = Loss.crossEntropy(logits: plain, labels: input.labels).item
        // Epoch 2 of 4 is at progress 0.5, but no epoch has left the prior: still plain cross entropy.
        let closed = model.trainingStep(input, context: StepContext(epoch: 2, epochs: 4, step: 0, random: stream))
        #expect(closed.logits.scalars == plain.scalars && closed.loss.item == ce)
        // Left the prior (as a resumed run whose last epoch beat the majority share), but epoch 1 is
        // at progress 0.25 < 0.5: unweighted logits, loss = their cross entropy (no rank term).
        try model.restoreMethodState(["left_prior": "1"])
        let early = model.trainingStep(input, context: StepContext(epoch: 1, epochs: 4, step: 1, random: stream))
        #expect(early.logits.scalars == plain.scalars && early.loss.item == ce)
        // Both: the logits are α-weighted, as at evaluation.
        let late = model.trainingStep(input, context: StepContext(epoch: 2, epochs: 4, step: 2, random: stream))
        #expect(late.logits.scalars == model.classify(input).logits.scalars)
        #expect(late.logits.scalars != plain.scalars)
    }

    @Test("the majority-share test: accuracy must beat the share of the most frequent label")
    func majorityShareTest() {
        // 10 samples, 4 of the most frequent label: 5 correct beats 0.4, 4 correct does not.
        let counts = [0: 4, 1: 3, 2: 3]
        #expect(beatsMajorityShare(correct: 5, seen: 10, labelCounts: counts))
        #expect(!beatsMajorityShare(correct: 4, seen: 10, labelCounts: counts))
        #expect(!beatsMajorityShare(correct: 0, seen: 0, labelCounts: [:]))
    }

    @Test("relabelling waits until an epoch's training accuracy beats the majority share, then the gate stays open")
    func relabellingGate() throws {
        var stream = RandomStream(seed: 5)
        var settings = SCNConfig()
        settings.relabelFrom = 0
        settings.relabelMargin = 0
        settings.relabelAll = true
        let model = SCN(channels: 1, classes: 3, width: 2, settings: settings, using: &stream)
        model.train()
        var input = ModelInput(images: Tensor.normal([6, 1, 8, 8], using: &stream))
        // Every label differs from the model's prediction, so every sample is a relabelling candidate.
        input.labels = model.classify(input).logits.argmax(axis: 1).map { ($0 + 1) % 3 }
        let context = StepContext(epoch: 0, epochs: 4, step: 0, random: stream)
        // No epoch has beaten the majority share yet: nothing is relabelled, though δ2 = 0 and relabelFrom = 0.
        #expect(model.trainingStep(input, context: context).counts["relabelled"] == 0)
        #expect(model.relabelled.isEmpty)
        // That epoch got none right (0 of 6), so the gate stays closed.
        #expect(model.epochFinished(epoch: 0)["left_prior"] == 0)
        // An epoch with every label right (labels = predictions) opens it.
        var right = input
        right.labels = model.classify(input).logits.argmax(axis: 1)
        _ = model.trainingStep(right, context: context)
        #expect(model.epochFinished(epoch: 1)["left_prior"] == 1)
        // Now the candidates are relabelled; a later epoch with none right does not close the gate.
        let changed = model.trainingStep(input, context: context).counts["relabelled"] ?? 0
        #expect(changed > 0 && model.relabelled.count == Int(changed))
        #expect(model.epochFinished(epoch: 2)["left_prior"] == 1)
    }

    @Test("scn fits a tiny syn-raf set far past the majority-class rate")
    func learns() throws {
        let (accuracy, majority) = try TrainingFixtures.fitTinySet("scn")
        #expect(accuracy > majority + 0.3, "training-set accuracy \(accuracy), majority class \(majority)")
    }

    @Test("scn relabels from a quarter of training on, logs the counts, and resumes identically")
    func relabelsAndResumes() throws {
        let folder = try TrainingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // δ2 lowered so that this short run relabels something to count and persist.
        let settings = try TrainingFixtures.settings(["train.epochs": "6", "scn.relabel_margin": "0.05"])
        var records: [EpochReport] = []
        let whole = try TrainingFixtures.train("scn", settings: settings, checkpoint: folder.appendingPathComponent("a.safetensors")) {
            records.append($0)
        }
        // Epochs 1 and 2 (progress 0 and 1/6) are before a quarter of training: no relabelling.
        #expect(records.prefix(2).allSatisfy { $0.extras["relabelled"] == 0 })
        #expect(records.map { $0.extras["relabelled_total"] ?? -1 }.last! > 0)

        struct Interrupt: Error {}
        let url = folder.appendingPathComponent("b.safetensors")
        #expect(throws: Interrupt.self) {
            // Stopped as epoch 5 is logged, before its checkpoint: the checkpoint holds epoch 4.
            _ = try TrainingFixtures.train("scn", settings: settings, checkpoint: url) { if $0.epoch == 5 { throw Interrupt() } }
        }
        let resumed = try TrainingFixtures.train("scn", settings: settings, checkpoint: url)
        #expect(resumed.outcome.resumedFromEpoch == 4)
        #expect(TrainingFixtures.bits(resumed.model) == TrainingFixtures.bits(whole.model))
        #expect((resumed.model as! SCN).relabelled == (whole.model as! SCN).relabelled)
    }
}
