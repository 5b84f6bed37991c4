import LLDif
import NN
import Tensor
import Testing

@Suite struct DLNetTests {
    @Test func keepsTheShapeOfTheLandmarkFeatures() {
        var s = RandomStream(seed: 1)
        let dlnet = DLNet(channels: 8, heads: 2, window: 4, using: &s)
        let out = dlnet(landmarkFeatures: Tiny.images(2, channels: 8, side: 8, seed: 2),
                        imageFeatures: Tiny.images(2, channels: 8, side: 8, seed: 3))
        #expect(out.shape == [2, 8, 8, 8])
    }

    @Test func attentionStaysInsideItsWindow() {
        // Changing the image features in one 4 × 4 window changes the output there and nowhere else.
        var s = RandomStream(seed: 4)
        let dlnet = DLNet(channels: 4, heads: 1, window: 4, using: &s)
        let landmarks = Tiny.images(1, channels: 4, side: 8, seed: 5)
        let image = Tiny.images(1, channels: 4, side: 8, seed: 6)
        var changed = image.scalars
        changed[0] += 3  // channel 0 of pixel (0, 0), in the top-left window (a shift of all channels would be normalised away)
        let a = dlnet(landmarkFeatures: landmarks, imageFeatures: image).scalars
        let b = dlnet(landmarkFeatures: landmarks, imageFeatures: Tensor(shape: [1, 4, 8, 8], values: changed)).scalars
        for c in 0..<4 {
            for y in 0..<8 {
                for x in 0..<8 {
                    let i = c * 64 + y * 8 + x
                    if y < 4 && x < 4 { continue }
                    #expect(a[i] == b[i], "pixel (\(y), \(x)) outside the window changed")
                }
            }
        }
        #expect(a[0] != b[0])
    }

    @Test func gradientsMatchFiniteDifferences() {
        var s = RandomStream(seed: 7)
        let dlnet = DLNet(channels: 4, heads: 2, window: 2, using: &s)
        let landmarks = Tiny.images(1, channels: 4, side: 4, seed: 8)
        let image = Tiny.images(1, channels: 4, side: 4, seed: 9)
        let result = GradientCheck.check(dlnet.parameters(), epsilon: 1e-2, absoluteTolerance: 2e-3,
                                         relativeTolerance: 3e-2) { dlnet(landmarkFeatures: landmarks, imageFeatures: image) }
        #expect(result.passed, "\(result)")
    }
}
