import Foundation

/// An image as the data side hands it over: planar channel-height-width floats in 0...1 (1 channel
/// for grey, 3 for RGB). A model turns it into a tensor of shape [channels, height, width] with one
/// copy of `pixels`.
public struct FaceImage: Sendable, Equatable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// 1 (grey) or 3 (RGB).
    public var channels: Int
    /// Planar CHW values in 0...1; count = channels × height × width.
    public var pixels: [Float]

    /// An image from planar CHW values.
    public init(width: Int, height: Int, channels: Int, pixels: [Float]) {
        precondition(pixels.count == width * height * channels, "FaceImage: pixel count does not match the shape")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// A constant image.
    public init(width: Int, height: Int, channels: Int, value: Float = 0) {
        self.init(width: width, height: height, channels: channels,
                  pixels: [Float](repeating: value, count: width * height * channels))
    }

    /// An image from interleaved 8-bit samples (HWC order, `channels` per pixel).
    public init(width: Int, height: Int, channels: Int, interleaved bytes: [UInt8]) {
        precondition(bytes.count == width * height * channels, "FaceImage: byte count does not match the shape")
        let plane = width * height
        var pixels = [Float](repeating: 0, count: plane * channels)
        for p in 0..<plane {
            for c in 0..<channels { pixels[c * plane + p] = Float(bytes[p * channels + c]) / 255 }
        }
        self.init(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// Interleaved 8-bit samples (HWC order), rounded and clamped.
    public func interleavedBytes() -> [UInt8] {
        let plane = width * height
        var bytes = [UInt8](repeating: 0, count: plane * channels)
        for p in 0..<plane {
            for c in 0..<channels { bytes[p * channels + c] = FaceImage.byte(pixels[c * plane + p]) }
        }
        return bytes
    }

    /// A value in 0...1 quantised to 8 bits.
    @inline(__always) public static func byte(_ v: Float) -> UInt8 {
        UInt8(max(0, min(255, (v * 255).rounded())))
    }

    /// The value at channel c, row y, column x.
    @inline(__always) public subscript(c: Int, y: Int, x: Int) -> Float {
        get { pixels[(c * height + y) * width + x] }
        set { pixels[(c * height + y) * width + x] = newValue }
    }

    /// The image quantised to 8 bits and back, as it would be after a PNG round trip.
    public func quantised() -> FaceImage {
        FaceImage(width: width, height: height, channels: channels,
                  pixels: pixels.map { Float(FaceImage.byte($0)) / 255 })
    }

    /// One grey channel (ITU-R BT.601 luma) or the image itself when it is grey already.
    public func grey() -> FaceImage {
        if channels == 1 { return self }
        let plane = width * height
        var out = [Float](repeating: 0, count: plane)
        for p in 0..<plane {
            out[p] = 0.299 * pixels[p] + 0.587 * pixels[plane + p] + 0.114 * pixels[2 * plane + p]
        }
        return FaceImage(width: width, height: height, channels: 1, pixels: out)
    }

    /// Three channels (a grey image repeated) or the image itself when it is RGB already.
    public func rgb() -> FaceImage {
        if channels == 3 { return self }
        return FaceImage(width: width, height: height, channels: 3, pixels: pixels + pixels + pixels)
    }

    /// The image with `channels` channels (1 or 3).
    public func converted(toChannels target: Int) -> FaceImage {
        target == 1 ? grey() : rgb()
    }

    /// Mean of all values.
    public var meanIntensity: Double {
        pixels.isEmpty ? 0 : pixels.reduce(0.0) { $0 + Double($1) } / Double(pixels.count)
    }

    /// The image mirrored left-right.
    public func flippedHorizontally() -> FaceImage {
        var out = self
        for c in 0..<channels {
            for y in 0..<height {
                let row = (c * height + y) * width
                for x in 0..<width { out.pixels[row + x] = pixels[row + width - 1 - x] }
            }
        }
        return out
    }

    /// The image resampled to the given size. Shrinking averages each output pixel's footprint
    /// (area resampling, no aliasing); enlarging interpolates bilinearly.
    public func resized(width newWidth: Int, height newHeight: Int) -> FaceImage {
        if newWidth == width && newHeight == height { return self }
        let rows = FaceImage.resampleWeights(from: height, to: newHeight)
        let cols = FaceImage.resampleWeights(from: width, to: newWidth)
        var out = [Float](repeating: 0, count: channels * newWidth * newHeight)
        var temp = [Float](repeating: 0, count: newHeight * width)
        for c in 0..<channels {
            let base = c * width * height
            for (oy, taps) in rows.enumerated() {
                for x in 0..<width {
                    var s: Float = 0
                    for (iy, w) in taps { s += w * pixels[base + iy * width + x] }
                    temp[oy * width + x] = s
                }
            }
            let obase = c * newWidth * newHeight
            for oy in 0..<newHeight {
                for (ox, taps) in cols.enumerated() {
                    var s: Float = 0
                    for (ix, w) in taps { s += w * temp[oy * width + ix] }
                    out[obase + oy * newWidth + ox] = s
                }
            }
        }
        return FaceImage(width: newWidth, height: newHeight, channels: channels, pixels: out)
    }

    /// For each output index, the input indices and weights that make it (area or bilinear).
    static func resampleWeights(from n: Int, to m: Int) -> [[(Int, Float)]] {
        let scale = Double(n) / Double(m)
        var result: [[(Int, Float)]] = []
        result.reserveCapacity(m)
        for o in 0..<m {
            if scale >= 1 {
                let a = Double(o) * scale, b = Double(o + 1) * scale
                var taps: [(Int, Float)] = []
                var i = Int(a.rounded(.down))
                while Double(i) < b && i < n {
                    let overlap = min(b, Double(i + 1)) - max(a, Double(i))
                    if overlap > 1e-9 { taps.append((i, Float(overlap / scale))) }
                    i += 1
                }
                result.append(taps)
            } else {
                let x = (Double(o) + 0.5) * scale - 0.5
                let x0 = max(0, min(n - 1, Int(x.rounded(.down))))
                let x1 = min(n - 1, x0 + 1)
                let t = Float(max(0, min(1, x - Double(x0))))
                result.append(x0 == x1 ? [(x0, Float(1))] : [(x0, 1 - t), (x1, t)])
            }
        }
        return result
    }
}
