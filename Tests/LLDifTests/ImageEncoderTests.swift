import Foundation
import LLDif
import NN
import Tensor
import Testing

@Suite struct ImageEncoderTests {
    @Test func bothVariantsEmbedAndTrainEveryParameter() {
        for residual in [false, true] {
            for batchNorm in [false, true] {
                var s = RandomStream(seed: 3)
                let encoder = ImageEncoder(channels: 3, width: 4, embedding: 6, standardisesInput: true, batchNorm: batchNorm,
                                           residual: residual, using: &s)
                let y = encoder(Tiny.images(4, side: 16))
                #expect(y.shape == [4, 6])
                y.squared().sum().backward()
                for (path, v) in encoder.namedParameters() {
                    #expect(v.grad.map { $0.scalars.contains { $0 != 0 } } == true,
                            "no gradient at \(path) (residual \(residual), batch norm \(batchNorm))")
                }
                // Residual: a stem and three blocks, the last two with a projected shortcut.
                #expect(encoder.blocks.count == (residual ? 3 : 0) && encoder.units.count == (residual ? 1 : 3))
                #expect(!residual || (encoder.blocks[0].shortcut == nil && encoder.blocks[1].shortcut != nil))
            }
        }
    }

    @Test func theEncoderSeesTheStandardisedImage() {
        var a = RandomStream(seed: 5), b = RandomStream(seed: 5)
        let encoder = ImageEncoder(channels: 3, width: 4, embedding: 6, standardisesInput: true, residual: true, using: &a)
        let same = ImageEncoder(channels: 3, width: 4, embedding: 6, standardisesInput: true, residual: true, using: &b)
        encoder.eval()
        same.eval()
        let x = Tiny.images(2, side: 16)
        let dark = x * Float(0.05) + Float(-0.8)
        for (p, q) in zip(encoder(x).scalars, same(dark).scalars) { #expect(abs(p - q) < 1e-3) }
    }

    @Test func frozenPartsKeepTheirBatchNormStatisticsAfterStage0() throws {
        let data = try Tiny.data(train: 32, test: 16, batchSize: 16)
        let options = LLDifTrainingOptions.testing(stage0: (1, 1e-3), stage1: (1, 1e-3), stage2: (1, 1e-3))
        let folder = Tiny.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = Tiny.config()
        config.standardisesInput = true
        let model = try LLDifModel(config: config, seed: 2)
        func clipState() -> [String: [Float]] {
            model.clip.state().filter { $0.key.contains("running") }.mapValues { $0.values }
        }
        let initial = clipState()
        try LLDifStages.stage0(model, data: data, options: options, folder: folder)
        let afterStage0 = clipState()
        #expect(!afterStage0.isEmpty && afterStage0 != initial, "stage 0 updates E_I's batch-norm statistics")
        try LLDifStages.stage1(model, data: data, options: options, folder: folder)
        try LLDifStages.stage2(model, data: data, options: options, folder: folder)
        #expect(clipState() == afterStage0, "stages 1 and 2 must not move the frozen E_I's statistics")
    }
}
