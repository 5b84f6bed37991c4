import LLDif
import NN
import Tensor
import Testing

@Suite struct LLDifModelTests {
    static let captions = ["a photo of a face looking sad", "a person with glasses, smiling happily"]

    @Test func shapesThroughEveryPart() throws {
        let config = Tiny.config()
        let model = try LLDifModel(config: config, seed: 1)
        let x = Tiny.images(2)
        let d = config.priorDimension
        #expect(model.stage1Prior(x, captions: Self.captions).shape == [2, d])
        #expect(model.condition(x).shape == [2, d])
        let out = model.stage1(x, captions: Self.captions)
        #expect(out.logits.shape == [2, 7] && out.features.shape == [2, config.fusionWidth])
        var s = RandomStream(seed: 2)
        let pass = model.stage2Training(x, captions: Self.captions, noise: Tensor.normal([2, d], using: &s))
        #expect(pass.estimate.shape == [2, d] && pass.target.shape == [2, d] && pass.output.logits.shape == [2, 7])
        #expect(model.predict(x, sampleIDs: [0, 1], seed: 0).logits.shape == [2, 7])
    }

    @Test func everyAblationBuildsAndRuns() throws {
        for change: WritableKeyPath<LLDifConfig, Bool>? in [\LLDifConfig.priorModulation, \.usesDLNet, \.usesCaption, nil] {
            var config = Tiny.config()
            if let change { config[keyPath: change] = false } else { config.diffusionSteps = 0 }
            let model = try LLDifModel(config: config, seed: 1)
            let x = Tiny.images(2)
            #expect(model.stage1(x, captions: Self.captions).logits.shape == [2, 7])
            #expect(model.predict(x, sampleIDs: [4, 5], seed: 0).logits.shape == [2, 7])
        }
        var plain = Tiny.config()
        plain.usesDLNet = false
        #expect(try LLDifModel(config: plain, seed: 1).llformer.dlnets.isEmpty)
    }

    @Test func inferenceIsRepeatableAndIndependentOfBatching() throws {
        let model = try LLDifModel(config: Tiny.config(), seed: 3)
        model.eval()  // inference runs in evaluation mode: E_I's batch norms use their running statistics
        let x = Tiny.images(3)
        let all = model.predict(x, sampleIDs: [10, 11, 12], seed: 4).logits.scalars
        let again = model.predict(x, sampleIDs: [10, 11, 12], seed: 4).logits.scalars
        let last = model.predict(x.slice(axis: 0, 2..<3), sampleIDs: [12], seed: 4).logits.scalars
        #expect(all == again)
        #expect(zip(all[14..<21], last).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func biasFreeModulationHasNoBiasesAndStillRuns() throws {
        var config = Tiny.config()
        config.modulationBias = false
        let model = try LLDifModel(config: config, seed: 1)
        let paths = model.namedParameters().map(\.path).filter { $0.contains("modulation") }
        #expect(!paths.isEmpty && paths.allSatisfy { $0.hasSuffix("weight") }, "\(paths)")
        let biased = try LLDifModel(config: Tiny.config(), seed: 1).namedParameters().map(\.path).filter { $0.contains("modulation") }
        #expect(biased.count == 2 * paths.count)
        #expect(model.predict(Tiny.images(2), sampleIDs: [0, 1], seed: 0).logits.shape == [2, 7])
    }

    @Test func everyPriorStartIsDefinedAndTheNoiseStartIsTheInference() throws {
        let model = try LLDifModel(config: Tiny.config(), seed: 3)
        model.eval()
        let x = Tiny.images(2)
        let captions = ["a photo of a happy face", "a photo of a sad face"]
        let noise = model.estimatedPrior(x, sampleIDs: [5, 6], start: .noise(seed: 2))
        #expect(model.classify(x, prior: noise).logits.scalars == model.predict(x, sampleIDs: [5, 6], seed: 2).logits.scalars)
        // Z_T = 0 does not depend on the sample IDs; the training-input start reads the caption.
        #expect(model.estimatedPrior(x, sampleIDs: [5, 6], start: .zero).scalars
                == model.estimatedPrior(x, sampleIDs: [8, 9], start: .zero).scalars)
        let fromInput = model.estimatedPrior(x, sampleIDs: [5, 6], start: .trainingInput(seed: 2), labelAwareCaptions: captions)
        #expect(fromInput.shape == noise.shape && fromInput.scalars != noise.scalars)
        // Without diffusion every start gives c.
        var none = Tiny.config()
        none.diffusionSteps = 0
        let plain = try LLDifModel(config: none, seed: 3)
        plain.eval()
        #expect(plain.estimatedPrior(x, sampleIDs: [5, 6], start: .zero).scalars == plain.condition(x).scalars)
    }

    @Test func badConfigAndBadImagesAreTypedErrors() throws {
        var config = Tiny.config()
        config.imageSize = 20
        #expect(throws: ModelError.self) { try LLDifModel(config: config, seed: 0) }
        let model = try LLDifModel(config: Tiny.config(), seed: 0)
        #expect(throws: ModelError.shapeMismatch(input: "images", expected: [2, 3, 16, 16], found: [2, 3, 8, 8])) {
            try model.checkImages(Tiny.images(2, side: 8))
        }
    }

    /// Runs one step's loss backward with only `trained` unfrozen and returns the paths with and
    /// without a non-zero gradient.
    static func gradientReach(_ model: LLDifModel, trained: [String], loss: () -> Tensor) -> (reached: Set<String>, frozenTouched: [String]) {
        for v in model.parameters() { v.requiresGrad = false; v.zeroGrad() }
        for (path, v) in model.namedParameters() where trained.contains(where: path.hasPrefix) { v.requiresGrad = true }
        loss().backward()
        var reached = Set<String>(), touched: [String] = []
        for (path, v) in model.namedParameters() {
            let nonZero = v.grad.map { $0.scalars.contains { $0 != 0 } } ?? false
            if nonZero { reached.insert(path) }
            if !v.requiresGrad && v.grad != nil { touched.append(path) }
        }
        return (reached, touched)
    }

    @Test func stage0GradientsReachLACLIPAndLandmarkNetAndNothingFrozen() throws {
        let config = Tiny.config()
        let model = try LLDifModel(config: config, seed: 4)
        let x = Tiny.images(2)
        var s = RandomStream(seed: 5)
        let landmarks = (0..<(2 * config.landmarks * 2)).map { _ in s.uniform(0, 16) }
        let trained = ["clip.", "landmarkNet."]
        let (reached, touched) = Self.gradientReach(model, trained: trained) {
            model.clip.loss(images: x, captions: Self.captions, labels: [3, 1])
                + model.landmarkNet.loss(images: x, landmarks: landmarks)
        }
        #expect(touched.isEmpty, "frozen parameters with gradients: \(touched)")
        for (path, _) in model.namedParameters() where trained.contains(where: path.hasPrefix) {
            #expect(reached.contains(path), "no gradient at \(path)")
        }
    }

    @Test func stage1GradientsReachPNETS1AndTheLLformerAndNothingFrozen() throws {
        let model = try LLDifModel(config: Tiny.config(), seed: 5)
        let x = Tiny.images(2)
        let trained = ["pnetS1.", "llformer."]
        let (reached, touched) = Self.gradientReach(model, trained: trained) {
            Loss.crossEntropy(logits: model.stage1(x, captions: Self.captions).logits, labels: [3, 1])
        }
        #expect(touched.isEmpty, "frozen parameters with gradients: \(touched)")
        for (path, _) in model.namedParameters() where trained.contains(where: path.hasPrefix) {
            #expect(reached.contains(path), "no gradient at \(path)")
        }
    }

    @Test func stage2GradientsReachPNETS2TheDenoiserAndTheLLformerAndNothingFrozen() throws {
        let config = Tiny.config()
        let model = try LLDifModel(config: config, seed: 6)
        let x = Tiny.images(2)
        var s = RandomStream(seed: 7)
        let noise = Tensor.normal([2, config.priorDimension], using: &s)
        let trained = ["pnetS2.", "denoiser.", "llformer."]
        let (reached, touched) = Self.gradientReach(model, trained: trained) {
            let pass = model.stage2Training(x, captions: Self.captions, noise: noise)
            return Loss.crossEntropy(logits: pass.output.logits, labels: [3, 1])
                + EPDDiffusion.klLoss(target: pass.target, estimate: pass.estimate, temperature: 1)
        }
        #expect(touched.isEmpty, "frozen parameters with gradients: \(touched)")
        for (path, _) in model.namedParameters() where trained.contains(where: path.hasPrefix) {
            #expect(reached.contains(path), "no gradient at \(path)")
        }
    }
}
