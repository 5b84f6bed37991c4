import Configuration
import FaceData
import LLDif
import Tensor
import Testing

@Suite struct CaptionDropoutTests {
    static func batch() throws -> Batch {
        let data = try MarkedFaces.data(marked: true, train: 64, test: 8, batchSize: 64)
        return try #require(try data.train.epoch(0).nextBatch())
    }

    @Test func rateZeroKeepsTheLabelAwareCaptionsAndRateOneDropsThemAll() throws {
        let batch = try Self.batch()
        var stream = RandomStream(seed: 1)
        #expect(LLDifStages.stage1Captions(batch, captionDropout: 0, using: &stream) == batch.labelAwareCaptions)
        #expect(LLDifStages.stage1Captions(batch, captionDropout: 1, using: &stream) == batch.captions)
        #expect(batch.captions != batch.labelAwareCaptions)
    }

    @Test func aHalfRateDropsAboutHalfPerSampleAndRepeatsWithTheSeed() throws {
        let batch = try Self.batch()
        var a = RandomStream(seed: 2), b = RandomStream(seed: 2)
        let first = LLDifStages.stage1Captions(batch, captionDropout: 0.5, using: &a)
        #expect(first == LLDifStages.stage1Captions(batch, captionDropout: 0.5, using: &b))
        let dropped = (0..<batch.count).filter { first[$0] == batch.captions[$0] }.count
        let kept = (0..<batch.count).filter { first[$0] == batch.labelAwareCaptions[$0] }.count
        #expect(dropped + kept == batch.count)
        // 64 fair draws: 32 ± 4σ (σ = 4).
        #expect((16...48).contains(dropped), "\(dropped) of 64 dropped")
    }

    @Test func theRateIsASettingInTheUnitRange() throws {
        let config = try Profile.quick.config(overriding: ["lldif.stage1.caption_dropout=0.25"])
        #expect(LLDifTrainingOptions(config: config, shared: TrainingOptions(config)).captionDropout == 0.25)
        #expect(LLDifTrainingOptions(config: Profile.quick.config, shared: TrainingOptions(Profile.quick.config)).captionDropout == 0)
        #expect(throws: SettingsError.self) { try Profile.quick.config(overriding: ["lldif.stage1.caption_dropout=1.5"]) }
    }
}
