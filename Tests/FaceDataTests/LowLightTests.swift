import FaceData
import Foundation
import Testing

@Suite struct LowLightTests {
    /// LL images over many SynFER faces: mean around 0.05-0.15 of full scale (data.md), histogram
    /// piled at the dark end (Fig. 1 of the paper): the darkest eighth of the range is the fullest
    /// bin and at least 80 % of the pixels lie in the darkest quarter.
    @Test(arguments: LowLightRecipe.allCases)
    func lowLightIsDarkAndPilesAtTheDarkEnd(recipe: LowLightRecipe) throws {
        let source = LowLightSource(base: SynFER(flavour: .synRAF, seed: 1), config: LowLightConfig(recipe: recipe), seed: 1)
        var sum = 0.0, count = 0.0, dark = 0.0, normalSum = 0.0
        var bins = [Double](repeating: 0, count: 8)
        for i in 0..<200 {
            let s = try source.sample(.train, i)
            for v in s.image.pixels {
                sum += Double(v)
                if v < 0.25 { dark += 1 }
                bins[min(7, Int(v * 8))] += 1
            }
            count += Double(s.image.pixels.count)
            normalSum += s.normalLight!.meanIntensity * Double(s.image.pixels.count)
        }
        let mean = sum / count
        #expect(mean > 0.05 && mean < 0.15, "mean \(mean)")
        #expect(dark / count > 0.8, "share below 0.25: \(dark / count)")
        #expect(bins[0] == bins.max())
        #expect(normalSum / count > 3 * mean)
    }

    @Test func sameImageSameDegradation() throws {
        let image = SynFER(flavour: .synRAF).sample(.train, 5).image
        for recipe in LowLightRecipe.allCases {
            let ll = LowLight(config: LowLightConfig(recipe: recipe))
            #expect(ll.degrade(image, seed: 3) == ll.degrade(image, seed: 3))
            #expect(ll.degrade(image, seed: 3, keys: [1]) == ll.degrade(image, seed: 3, keys: [1]))
            #expect(ll.degrade(image, seed: 3, keys: [1]) != ll.degrade(image, seed: 3, keys: [2]))
            let out = ll.degrade(image, seed: 3)
            #expect(out.pixels.allSatisfy { v in (v * 255).rounded() == v * 255 && v >= 0 && v <= 1 }, "8-bit quantised")
        }
    }

    @Test func sensorNoiseIsVisibleAfterBrightening() {
        let flat = FaceImage(width: 32, height: 32, channels: 3, value: 0.5)
        let dark = LowLight().degrade(flat, seed: 9, keys: [0])
        let mean = dark.meanIntensity
        let variance = dark.pixels.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(dark.pixels.count)
        #expect(variance.squareRoot() / mean > 0.05, "relative noise \(variance.squareRoot() / mean)")
    }

    @Test func transferFunctionsInvertEachOther() {
        for v in stride(from: 0.0, through: 1.0, by: 0.05) {
            #expect(abs(LowLight.sRGB(LowLight.linear(v)) - v) < 1e-9)
        }
        #expect(abs(LowLight.linear(0.5) - 0.214) < 0.001)
    }

    @Test func gammaRecipeFollowsItsFormula() {
        var config = LowLightConfig(recipe: .gamma)
        config.gamma.alpha = 1...1
        config.gamma.beta = 0.5...0.5
        config.gamma.gamma = 2...2
        config.gamma.noiseStd = 1e-9...1e-9
        let image = FaceImage(width: 4, height: 4, channels: 1, value: 0.6)
        let out = LowLight(config: config).degrade(image, seed: 0, keys: [0])
        #expect(out.pixels.allSatisfy { abs($0 - Float(FaceImage.byte(0.18)) / 255) < 1e-6 })
    }

    @Test func unknownRecipeIsATypedError() {
        #expect(throws: DataError.unknownName(kind: "low-light recipe", name: "retinex", known: ["sensor", "gamma"])) {
            try LowLightRecipe.named("retinex")
        }
    }
}

@Suite struct ImageTests {
    func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "facedata-img-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func pattern(_ w: Int, _ h: Int, _ c: Int) -> FaceImage {
        var img = FaceImage(width: w, height: h, channels: c)
        for ch in 0..<c { for y in 0..<h { for x in 0..<w { img[ch, y, x] = Float((x * 7 + y * 13 + ch * 50) % 256) / 255 } } }
        return img
    }

    @Test func pngRoundTripIsExact() throws {
        let dir = try tempDir()
        for c in [1, 3] {
            let img = pattern(17, 9, c)
            try ImageIO.writePNG(img, to: dir + "/a\(c).png")
            #expect(try ImageIO.read(dir + "/a\(c).png") == img)
        }
    }

    @Test func jpegRoundTripIsClose() throws {
        let dir = try tempDir()
        var img = FaceImage(width: 40, height: 24, channels: 3)
        for y in 0..<24 { for x in 0..<40 { img[0, y, x] = Float(x) / 40; img[1, y, x] = Float(y) / 24; img[2, y, x] = 0.5 } }
        try ImageIO.writeJPEG(img, to: dir + "/a.jpg", quality: 98)
        let back = try ImageIO.read(dir + "/a.jpg")
        #expect(back.width == 40 && back.height == 24 && back.channels == 3)
        let err = zip(back.pixels, img.pixels).map { abs($0 - $1) }.reduce(0, +) / Float(img.pixels.count)
        #expect(err < 0.01)
    }

    @Test func unreadableImagesAreTypedErrors() throws {
        let dir = try tempDir()
        try Data([0xFF, 0xD8, 0x00, 0x01, 0x02]).write(to: URL(fileURLWithPath: dir + "/bad.jpg"))
        #expect(throws: DataError.self) { try ImageIO.read(dir + "/bad.jpg") }
        #expect(throws: DataError.missing(path: dir + "/none.png", what: "image file")) { try ImageIO.read(dir + "/none.png") }
    }

    @Test func areaResizeAveragesAndFlipMirrors() {
        let img = FaceImage(width: 4, height: 2, channels: 1, pixels: [0, 1, 2, 3, 4, 5, 6, 7])
        let small = img.resized(width: 2, height: 1)
        #expect(small.pixels == [2.5, 4.5])
        #expect(img.flippedHorizontally().pixels == [3, 2, 1, 0, 7, 6, 5, 4])
        let grey = FaceImage(width: 1, height: 1, channels: 3, pixels: [1, 1, 1]).grey()
        #expect(abs(grey.pixels[0] - 1) < 1e-6)
    }
}
