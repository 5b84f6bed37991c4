import Foundation

/// Training-time augmentation. Every random choice comes from the stream the batch pipeline keys
/// by (seed, epoch, sample index), so a sample is augmented the same way on any thread.
public struct AugmentationConfig: Sendable, Equatable {
    /// Chance of a horizontal flip (landmarks are mirrored with the image).
    public var flipProbability: Double
    /// Padding (pixels, edge-replicated) of the random crop; 0 disables it.
    public var cropPadding: Int
    /// Chance of random erasing (a rectangle filled with noise).
    public var erasingProbability: Double
    /// Range of the erased area as a share of the image.
    public var erasingArea: ClosedRange<Double>
    /// Range of the erased rectangle's aspect ratio (height / width).
    public var erasingAspect: ClosedRange<Double>

    /// An augmentation; the defaults are the usual FER recipe.
    public init(flipProbability: Double = 0.5, cropPadding: Int = 4, erasingProbability: Double = 0.25,
                erasingArea: ClosedRange<Double> = 0.02...0.2, erasingAspect: ClosedRange<Double> = 0.3...3.3) {
        self.flipProbability = flipProbability
        self.cropPadding = cropPadding
        self.erasingProbability = erasingProbability
        self.erasingArea = erasingArea
        self.erasingAspect = erasingAspect
    }

    /// No augmentation at all.
    public static let none = AugmentationConfig(flipProbability: 0, cropPadding: 0, erasingProbability: 0)
}

/// The geometric and erasing choices drawn for one sample, applied alike to its image, its paired
/// normal-light image and its landmarks.
public struct AugmentationDraw: Sendable, Equatable {
    /// Mirror left-right.
    public var flip: Bool
    /// Crop offset (dx, dy) in −padding...padding; the image content moves by (−dx, −dy).
    public var shiftX: Int, shiftY: Int
    /// Erased rectangle (x, y, width, height) in pixels, if any.
    public var erase: (x: Int, y: Int, w: Int, h: Int)?
    /// Seed of the erasing noise.
    public var noiseSeed: UInt64

    /// Draws the choices for an image of the given size.
    public init(_ config: AugmentationConfig, width: Int, height: Int, rng: inout SeededRandom) {
        flip = rng.bernoulli(config.flipProbability)
        let p = config.cropPadding
        shiftX = p > 0 ? rng.int(below: 2 * p + 1) - p : 0
        shiftY = p > 0 ? rng.int(below: 2 * p + 1) - p : 0
        erase = nil
        noiseSeed = rng.next()
        if rng.bernoulli(config.erasingProbability) {
            let area = rng.uniform(in: config.erasingArea) * Double(width * height)
            let aspect = rng.logUniform(in: config.erasingAspect)
            let w = max(1, min(width, Int((area / aspect).squareRoot().rounded())))
            let h = max(1, min(height, Int((area * aspect).squareRoot().rounded())))
            erase = (rng.int(below: width - w + 1), rng.int(below: height - h + 1), w, h)
        }
    }

    /// Equal when every choice is equal.
    public static func == (a: AugmentationDraw, b: AugmentationDraw) -> Bool {
        a.flip == b.flip && a.shiftX == b.shiftX && a.shiftY == b.shiftY && a.noiseSeed == b.noiseSeed
            && a.erase?.x == b.erase?.x && a.erase?.y == b.erase?.y && a.erase?.w == b.erase?.w && a.erase?.h == b.erase?.h
    }

    /// The image with the crop (edge-replicated padding), flip and erasing applied.
    public func apply(to image: FaceImage) -> FaceImage {
        var out = image
        let W = image.width, H = image.height
        for c in 0..<image.channels {
            for y in 0..<H {
                let sy = max(0, min(H - 1, y + shiftY))
                for x in 0..<W {
                    let cx = flip ? W - 1 - x : x
                    let sx = max(0, min(W - 1, cx + shiftX))
                    out[c, y, x] = image[c, sy, sx]
                }
            }
        }
        if let e = erase {
            var rng = SeededRandom(seed: noiseSeed)
            for c in 0..<image.channels {
                for y in e.y..<(e.y + e.h) { for x in e.x..<(e.x + e.w) { out[c, y, x] = Float(rng.uniform()) } }
            }
        }
        return out
    }

    /// Landmarks moved with the crop and mirrored with the flip (left and right points swap names).
    public func apply(to landmarks: [Landmark], width: Int) -> [Landmark] {
        var moved = landmarks.map { Landmark(x: $0.x, y: $0.y - Float(shiftY), visible: $0.visible) }
        if flip { moved = Landmarks.mirrored(moved, width: width) }
        return moved.map { Landmark(x: $0.x - (flip ? -Float(shiftX) : Float(shiftX)), y: $0.y, visible: $0.visible) }
    }
}
