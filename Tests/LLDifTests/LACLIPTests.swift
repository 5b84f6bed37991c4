import Foundation
import FaceData
import LLDif
import NN
import Tensor
import Testing

@Suite struct LACLIPTests {
    @Test func tokenizerKnowsEveryWordTheCaptionGeneratorWrites() {
        let tokenizer = CaptionTokenizer()
        for emotion in Emotion.allCases {
            #expect(!tokenizer.encode(Caption.emotionOnly(emotion)).contains(CaptionTokenizer.unknown))
        }
        #expect(!tokenizer.encode("a person with glasses, a beard and short fringed grey hair, looking sad")
            .contains(CaptionTokenizer.unknown))
        let tokens = tokenizer.encode("a zebra")
        #expect(tokens.count == tokenizer.length)
        #expect(tokens[1] == CaptionTokenizer.unknown && tokens[2] == CaptionTokenizer.padding)
    }

    @Test func positiveTargetsSpreadOverSameLabelPairs() {
        let t = LACLIP.positiveTargets(labels: [0, 1, 0, 2]).scalars
        #expect(t == [0.5, 0, 0.5, 0, 0, 1, 0, 0, 0.5, 0, 0.5, 0, 0, 0, 0, 1])
    }

    @Test func lossMatchesAHandComputedCase() {
        // With equal similarities everywhere, each row's cross entropy against its positives is log N.
        let targets = LACLIP.positiveTargets(labels: [0, 0, 1])
        let ce = Loss.crossEntropy(logits: Tensor.zeros([3, 3]), targets: targets).item
        #expect(abs(ce - Float(Foundation.log(3.0))) < 1e-5)
    }

    @Test func encodersGiveUnitEmbeddingsAndTheLossReachesBothEncoders() throws {
        var config = Tiny.config()
        config.clipWidth = 8
        var s = RandomStream(seed: 1)
        let clip = LACLIP(config: config, using: &s)
        let x = Tiny.images(3)
        let captions = ["a photo of a face looking sad", "a person with glasses, smiling happily", "a photo of a face looking sad"]
        let e = clip.embedImages(x), t = clip.embedCaptions(captions)
        #expect(e.shape == [3, 8] && t.shape == [3, 8])
        for row in 0..<3 { #expect(abs((e.slice(axis: 0, row..<(row + 1)).squared().sum().item) - 1) < 1e-4) }
        clip.loss(images: x, captions: captions, labels: [3, 1, 3]).backward()
        for (path, v) in clip.namedParameters() where !path.hasPrefix("textEncoder.tokens") {
            #expect(v.grad.map { $0.scalars.contains { $0 != 0 } } == true, "no gradient at \(path)")
        }
    }
}
