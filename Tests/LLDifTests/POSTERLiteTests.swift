import FaceData
import Foundation
import LLDif
import NN
import Tensor
import Testing

@Suite("POSTER-lite")
struct POSTERLiteTests {
    @Test("with landmark annotations, only the heatmap loss trains LandmarkNet; DLNet reads its features as constants")
    func landmarkStreamLearnsLandmarksOnly() throws {
        let settings = try TrainingFixtures.settings(["model.stem_stride": "2"])
        let (train, _) = try TrainingFixtures.data(settings)
        let model = try POSTERLite(try ModelContext(trainSet: train, config: settings))
        let loader = try BatchLoader(dataset: train, config: BatchConfig(batchSize: 4, size: 16, augmentation: nil))
        let input = ModelInput(try loader.batch(0, epoch: 0))
        let landmarks = try #require(input.landmarks)

        let step = model.trainingStep(input, context: StepContext(epoch: 0, epochs: 1, step: 0, random: RandomStream(seed: 1)))
        model.zeroGrad()
        step.loss.backward()
        let fromStep = model.landmarkNet.namedParameters().map { $0.variable.grad?.scalars ?? [] }
        #expect(model.imageStream.namedParameters().contains { $0.variable.grad != nil })
        #expect(model.fusion.namedParameters().contains { $0.variable.grad != nil })

        model.zeroGrad()
        // Heatmaps at LandmarkNet's finest side (16 px over the stride-2 stem), landmarks rescaled to it.
        #expect(model.heatmapSide == 8)
        let target = model.landmarkNet.targetHeatmaps(landmarks: landmarks.scalars.map { $0 / 2 }, count: input.count, side: 8)
        Loss.mse(model.landmarkNet.heatmaps(from: model.landmarkNet.features(input.images), side: 8), target).backward()
        let fromHeatmaps = model.landmarkNet.namedParameters().map { $0.variable.grad?.scalars ?? [] }
        #expect(fromStep.count == fromHeatmaps.count)
        for (a, b) in zip(fromStep, fromHeatmaps) {
            #expect(a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
        }
    }

    @Test("poster-lite fits a tiny syn-raf set far past the majority-class rate")
    func learns() throws {
        // A transformer from scratch: width 8, a lower learning rate and more epochs than the
        // convolutional baselines' tiny task (at width 4 and 0.01 it stays at the majority rate).
        let (accuracy, majority) = try TrainingFixtures.fitTinySet(
            "poster-lite", ["model.width": "8", "train.learning_rate": "0.001", "train.epochs": "30"])
        #expect(accuracy > majority + 0.3, "training-set accuracy \(accuracy), majority class \(majority)")
    }
}
