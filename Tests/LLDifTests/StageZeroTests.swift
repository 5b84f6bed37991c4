import Configuration
import FaceData
import LLDif
import Tensor
import Testing

/// The `lldif-stage0` run's model: LA-CLIP evaluated zero-shot against one emotion caption per class.
@Suite("LLDif's stage-0 run")
struct StageZeroTests {
    func context(_ classNames: [String]) throws -> ModelContext {
        let config = try Profile.smoke.config(overriding: ["model.width=4"])
        return ModelContext(classes: classNames.count, channels: 3, imageSize: config.data.imageSize, trainCount: 8,
                            landmarkCount: Landmarks.count, classNames: classNames, config: config)
    }

    @Test("zero-shot logits are LA-CLIP's scaled cosines between each image and each class's emotion caption")
    func zeroShotIsNearestEmotionCaption() throws {
        let classes = [Emotion.happiness, .sadness, .anger]
        let built = try ModelRegistry.entry(.lldifStage0).build(try context(classes.map(\.rawValue)))
        let model = try #require(built as? LLDifModel)
        #expect(model.evaluationMode == .zeroShot)
        #expect(model.classCaptions == classes.map(Caption.emotionOnly))
        var stream = RandomStream(seed: 3)
        let x = Tensor.uniform([4, 3, model.config.imageSize, model.config.imageSize], using: &stream)
        model.eval()
        let logits = model.classify(ModelInput(images: x)).logits
        #expect(logits.shape == [4, 3])
        // By hand: cosines of the unit embeddings, times the scale.
        let images = model.clip.embedImages(x).scalars, captions = model.clip.embedCaptions(model.classCaptions).scalars
        let width = images.count / 4, scale = model.clip.scale.scalars[0]
        for i in 0..<4 {
            for k in 0..<3 {
                let cosine = (0..<width).map { images[i * width + $0] * captions[k * width + $0] }.reduce(0, +)
                #expect(abs(logits.scalars[i * 3 + k] - cosine * scale) < 1e-4)
            }
        }
    }

    @Test("every dataset's class names, KDEF's adjectives included, name its emotions")
    func classNamesNameEmotions() throws {
        for flavour in SynFERFlavour.allCases {
            #expect(flavour.classNames.map { Emotion(className: $0) } == flavour.classes, "\(flavour)")
            let built = try ModelRegistry.entry(.lldifStage0).build(try context(flavour.classNames))
            #expect((built as? LLDifModel)?.classCaptions == flavour.classes.map(Caption.emotionOnly))
        }
        #expect(SynFERFlavour.synKDEF.classNames == ["afraid", "angry", "disgusted", "happy", "neutral", "sad", "surprised"])
        #expect(Emotion(className: "person-0") == nil)
    }

    @Test("a dataset whose classes are not emotions has no zero-shot evaluation: the build names the class")
    func nonEmotionClassesAreAnError() throws {
        #expect(throws: (any Error).self) { try ModelRegistry.entry(.lldifStage0).build(try context(["person-0", "person-1"])) }
    }
}
