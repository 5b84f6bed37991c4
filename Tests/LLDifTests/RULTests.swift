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

    @Test("rul fits a tiny syn-raf set far past the majority-class rate, deterministically")
    func learns() throws {
        let (accuracy, majority) = try TrainingFixtures.fitTinySet("rul")
        #expect(accuracy > majority + 0.3, "training-set accuracy \(accuracy), majority class \(majority)")
        let second = try TrainingFixtures.train("rul", settings: TrainingFixtures.settings(["train.epochs": "2"]))
        let third = try TrainingFixtures.train("rul", settings: TrainingFixtures.settings(["train.epochs": "2"]))
        #expect(TrainingFixtures.bits(second.model) == TrainingFixtures.bits(third.model))
    }
}
