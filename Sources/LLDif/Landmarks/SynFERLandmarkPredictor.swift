import Configuration
import FaceData
import Foundation
import NN
import Tensor

/// The landmark predictor of real images: a `LandmarkNet` trained on SynFER faces of one flavour
/// (normal light, `data.image_size`, the flavour's channels) against SynFER's 31 annotated
/// landmarks, then used to predict those landmarks on images that have none. Trained with Adam on
/// `landmarks.*`; its mean error on held-out SynFER test faces is measured after training.
public final class SynFERLandmarkPredictor: LandmarkAnnotator {
    /// Bumped whenever training or prediction changes meaning, so cached predictors and data are rebuilt.
    public static let revision = 1
    /// The SynFER flavour it learnt from.
    public let flavour: SynFERFlavour
    /// Side of the square input it works at, in pixels.
    public let size: Int
    /// Input channels.
    public let channels: Int
    /// The network.
    public let net: LandmarkNet
    private let settings: LandmarkPredictorConfig
    private let seed: Int
    /// The training faces' mean landmarks at `size` (set by `train`): the trivial predictor.
    private var meanShape: [Float]?

    /// An untrained predictor for `flavour` at `config.data.image_size`, sized by `model.width`.
    public init(flavour: SynFERFlavour, config: ExperimentConfig) {
        self.flavour = flavour
        size = config.data.imageSize
        channels = flavour.defaultConfig.channels
        settings = config.landmarks
        seed = config.data.seed
        let netConfig = LLDifConfig(settings: config, imageChannels: channels, imageSize: size,
                                    classes: flavour.classes.count, landmarks: Landmarks.count)
        var stream = RandomStream(seed: UInt64(seed)).split("landmark-predictor")
        net = LandmarkNet(config: netConfig, using: &stream)
    }

    /// Everything its predictions depend on.
    public var identity: String {
        "SynFER LandmarkNet r\(SynFERLandmarkPredictor.revision) \(flavour.rawValue) \(size)px \(channels)ch width \(net.stages[0][0].weight.shape[0]) faces \(settings.faces) epochs \(settings.epochs) lr \(settings.learningRate) batch \(settings.batchSize) seed \(seed) generator r\(flavour.generatorRevision)"
    }

    /// Trains on the first `landmarks.faces` SynFER training faces; `report` receives a line per epoch.
    public func train(report: (String) -> Void = { _ in }) throws {
        let synfer = SynFER(flavour: flavour, seed: UInt64(seed))
        let count = min(settings.faces, synfer.count(.train))
        let faces = Parallel.map(count) { synfer.sample(.train, $0) }
        let images = faces.map(\.image), marks = faces.map(\.landmarks)
        var mean = [Float](repeating: 0, count: 2 * Landmarks.count)
        for face in faces {
            let scale = Float(size) / Float(face.image.width) / Float(count)
            for (i, m) in face.landmarks.enumerated() { mean[2 * i] += m.x * scale; mean[2 * i + 1] += m.y * scale }
        }
        meanShape = mean
        let optimizer = AdamW(module: net, learningRate: settings.learningRate, weightDecay: 0)
        var order = SeededRandom(seed: UInt64(seed), keys: [SeededRandom.key("landmark-predictor-order")])
        net.train()
        for epoch in 0..<settings.epochs {
            let permutation = order.permutation(count)
            var lossSum = 0.0, steps = 0
            for start in stride(from: 0, to: count - settings.batchSize + 1, by: settings.batchSize) {
                let batch = Array(permutation[start..<(start + settings.batchSize)])
                let (x, scaled) = tensor(batch.map { images[$0] }, landmarks: batch.map { marks[$0] })
                let loss = net.loss(images: x, landmarks: scaled)
                optimizer.zeroGrad()
                loss.backward()
                optimizer.step()
                lossSum += Double(loss.item)
                steps += 1
            }
            report(String(format: "landmark predictor epoch %d/%d: heatmap loss %.4f", epoch + 1, settings.epochs,
                          lossSum / Double(max(steps, 1))))
        }
        net.eval()
    }

    /// Mean distance in pixels of `size` between SynFER's landmarks and, first, the predicted ones,
    /// second, the training faces' mean shape (the trivial predictor the network has to beat), on the
    /// first `count` test faces (faces the predictor never saw). Only after `train`.
    public func heldOutError(count: Int = 256) throws -> (predicted: Double, meanShape: Double) {
        guard let mean = meanShape else {
            throw TrainingError.invalid("the landmark predictor's held-out error is measured after training it")
        }
        let synfer = SynFER(flavour: flavour, seed: UInt64(seed))
        let faces = Parallel.map(min(count, synfer.count(.test))) { synfer.sample(.test, $0) }
        let predicted = try landmarks(of: faces.map(\.image))
        var sum = 0.0, sumMean = 0.0, n = 0
        for (face, marks) in zip(faces, predicted) {
            let scale = Float(size) / Float(face.image.width)
            for (i, (truth, guess)) in zip(face.landmarks, marks).enumerated() {
                let dx = (truth.x - guess.x) * scale, dy = (truth.y - guess.y) * scale
                let mx = truth.x * scale - mean[2 * i], my = truth.y * scale - mean[2 * i + 1]
                sum += Double((dx * dx + dy * dy).squareRoot())
                sumMean += Double((mx * mx + my * my).squareRoot())
                n += 1
            }
        }
        return (sum / Double(max(n, 1)), sumMean / Double(max(n, 1)))
    }

    /// The 31 landmarks of each image in its own pixels: predicted at `size` and scaled back.
    public func landmarks(of images: [FaceImage]) throws -> [[Landmark]] {
        guard !images.isEmpty else { return [] }
        let (x, _) = tensor(images, landmarks: nil)
        let flat = net.expectedLandmarks(x)  // the centroid decoding (bench/landmarks/FINDINGS.md)
        let k = Landmarks.count
        return images.enumerated().map { i, image in
            let sx = Float(image.width) / Float(size), sy = Float(image.height) / Float(size)
            return (0..<k).map { m in Landmark(x: flat[2 * (i * k + m)] * sx, y: flat[2 * (i * k + m) + 1] * sy, visible: true) }
        }
    }

    /// Images resized to `size` with the predictor's channels, mapped from 0…1 to −1…1 as the
    /// batch pipeline maps them, and their landmarks (when given) scaled to `size`.
    private func tensor(_ images: [FaceImage], landmarks: [[Landmark]]?) -> (Tensor, [Float]) {
        let plane = channels * size * size
        var values = [Float](repeating: 0, count: images.count * plane)
        var scaled: [Float] = []
        for (i, image) in images.enumerated() {
            let resized = image.converted(toChannels: channels).resized(width: size, height: size)
            for j in 0..<plane { values[i * plane + j] = (resized.pixels[j] - 0.5) / 0.5 }
            if let marks = landmarks?[i] {
                let sx = Float(size) / Float(image.width), sy = Float(size) / Float(image.height)
                for m in marks { scaled += [m.x * sx, m.y * sy] }
            }
        }
        return (Tensor(shape: [images.count, channels, size, size], values: values), scaled)
    }
}
