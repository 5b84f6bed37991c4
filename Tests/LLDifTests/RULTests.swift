import Configuration
import Foundation
import LLDif
import NN
import Tensor
import Testing

@Suite("RUL")
struct RULTests {
    @Test("mixing weights are u_i / (u_i + u_partner) and each pair's weights sum to 1")
    func mixingWeights() {
        let u = Tensor(shape: [4, 1], values: [1, 3, 2, 2])
        let (own, partner) = RUL.mixingWeights(uncertainty: u, partner: [1, 0, 3, 2])
        #expect(own.scalars == [0.25, 0.75, 0.5, 0.5])
        #expect(partner.scalars == [0.75, 0.25, 0.5, 0.5])
        // Scaling every u by the same factor leaves the weights unchanged (why the regulariser exists).
        #expect(RUL.mixingWeights(uncertainty: u * 10, partner: [1, 0, 3, 2]).own.scalars == own.scalars)
    }

    @Test("baselines.prior_gate=false: SCN, RUL and EAC start open and stay open through a resume; their own loss from the first step")
    func withoutThePriorGate() throws {
        let config = try Profile.quick.config(overriding: ["model.width=2", "baselines.prior_gate=false"])
        let context = ModelContext(classes: 3, channels: 1, imageSize: 8, trainCount: 8, config: config)
        let scn = SCN(context), rul = RUL(context), eac = EAC(context)
        #expect(scn.hasLeftPrior && rul.hasLeftPrior && eac.hasLeftPrior)
        for model in [scn, rul, eac] as [any TrainableClassifier] {
            try model.restoreMethodState(["left_prior": "0"])
        }
        #expect(scn.hasLeftPrior && rul.hasLeftPrior && eac.hasLeftPrior)
        var stream = RandomStream(seed: 6)
        var input = ModelInput(images: Tensor.normal([8, 1, 8, 8], using: &stream))
        input.labels = [0, 1, 2, 0, 1, 2, 0, 1]
        rul.train()
        let first = rul.trainingStep(input, context: StepContext(epoch: 0, epochs: 4, step: 0, random: stream))
        #expect(first.logits.scalars != rul.classify(input).logits.scalars)
        // The default gate starts closed.
        let gated = RUL(ModelContext(classes: 3, channels: 1, imageSize: 8, trainCount: 8,
                                     config: try Profile.quick.config(overriding: ["model.width=2"])))
        #expect(!gated.hasLeftPrior)
    }

    @Test("warm start: plain cross entropy on unmixed features before rul.warmup and until the prior is left, the add-up loss after")
    func warmStart() throws {
        var stream = RandomStream(seed: 6)
        let model = RUL(channels: 1, classes: 3, width: 2, settings: { var s = RULConfig(); s.warmup = 0.5; return s }(), using: &stream)
        model.train()
        var input = ModelInput(images: Tensor.normal([8, 1, 8, 8], using: &stream))
        input.labels = [0, 1, 2, 0, 1, 2, 0, 1]
        let unmixed = model.classify(input).logits
        let early = model.trainingStep(input, context: StepContext(epoch: 1, epochs: 4, step: 0, random: stream))
        #expect(early.logits.scalars == unmixed.scalars)
        #expect(early.loss.item == Loss.crossEntropy(logits: unmixed, labels: input.labels).item)
        // Past the warm-start share but still on the prior (no epoch has beaten the majority share): still warm.
        let closed = model.trainingStep(input, context: StepContext(epoch: 2, epochs: 4, step: 1, random: stream))
        #expect(closed.loss.item == early.loss.item)
        // Through the protocol, as the trainer calls it: the gate's state, not the empty default.
        let trained: any TrainableClassifier = model
        #expect(trained.methodState() == ["left_prior": "0"])
        try trained.restoreMethodState(["left_prior": "1"])
        #expect(trained.methodState() == ["left_prior": "1"])
        let late = model.trainingStep(input, context: StepContext(epoch: 2, epochs: 4, step: 1, random: stream))
        #expect(late.logits.scalars != unmixed.scalars)
        #expect(throws: SettingsError.badValue(key: "rul.warmup", text: "1.0", expected: "a share in [0, 1)")) {
            try Profile.quick.config(overriding: ["model.width=2", "rul.warmup=1"])
        }
    }

    @Test("rul fits a tiny syn-raf set far past the majority-class rate, deterministically")
    func learns() throws {
        let (accuracy, majority) = try TrainingFixtures.fitTinySet("rul")
        #expect(accuracy > majority + 0.3, "training-set accuracy \(accuracy), majority class \(majority)")
        let second = try TrainingFixtures.train("rul", settings: try TrainingFixtures.settings(["train.epochs": "2"]))
        let third = try TrainingFixtures.train("rul", settings: try TrainingFixtures.settings(["train.epochs": "2"]))
        #expect(TrainingFixtures.bits(second.model) == TrainingFixtures.bits(third.model))
    }
}
