import LLDif
import NN
import Tensor
import Testing

@Suite struct LandmarkNetTests {
    @Test func featuresComeAtThreeScalesWithDTNetsWidths() {
        var s = RandomStream(seed: 1)
        let config = Tiny.config()
        let net = LandmarkNet(config: config, using: &s)
        let maps = net.features(Tiny.images(2))
        #expect(maps.map(\.shape) == [[2, 4, 8, 8], [2, 8, 4, 4], [2, 16, 2, 2]])
        #expect(net.heatmaps(from: maps, side: 16).shape == [2, config.landmarks, 16, 16])
    }

    @Test func targetHeatmapPeaksAtTheLandmark() {
        var s = RandomStream(seed: 2)
        var config = Tiny.config()
        config.landmarks = 1
        let net = LandmarkNet(config: config, using: &s)
        // (x, y) = (5.5, 9.5) is the centre of pixel column 5, row 9.
        let map = net.targetHeatmaps(landmarks: [5.5, 9.5], count: 1, side: 16)
        #expect(map.reshaped([1, 256]).argmax(axis: 1) == [9 * 16 + 5])
        #expect(abs(map[0, 0, 9, 5] - 1) < 1e-6)
    }

    @Test func learnsToFindAFixedLandmark() {
        // One landmark always at the brightest pixel: a few steps bring the argmax onto it.
        var s = RandomStream(seed: 3)
        var config = Tiny.config()
        config.landmarks = 1
        config.stemStride = 1
        let net = LandmarkNet(config: config, using: &s)
        var images = [Float](repeating: -1, count: 4 * 3 * 256), marks: [Float] = []
        for i in 0..<4 {
            let (x, y) = (3 + 3 * i, 12 - 2 * i)
            for c in 0..<3 { images[i * 768 + c * 256 + y * 16 + x] = 3 }
            marks += [Float(x) + 0.5, Float(y) + 0.5]
        }
        let x = Tensor(shape: [4, 3, 16, 16], values: images)
        let optimizer = AdamW(module: net, learningRate: 1e-2, weightDecay: 0)
        for _ in 0..<150 {
            optimizer.zeroGrad()
            net.loss(images: x, landmarks: marks).backward()
            optimizer.step()
        }
        let found = net.predictLandmarks(x)
        for i in 0..<8 { #expect(abs(found[i] - marks[i]) <= 1, "coordinate \(i): \(found[i]) vs \(marks[i])") }
    }
}
