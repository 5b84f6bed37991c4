/// A small raster image for an `ImageGrid`: 8-bit grey or RGB pixels, stored interleaved (HWC).
public struct PlotImage: Sendable, Equatable {
    /// How the channels of a source buffer are arranged.
    public enum Layout: Sendable {
        /// Channel planes one after another (CHW), as in the kit's NCHW tensors.
        case planar
        /// Channels of each pixel together (HWC), as in image files.
        case interleaved
    }

    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// 1 (grey) or 3 (RGB).
    public let channels: Int
    /// `height × width × channels` bytes, interleaved.
    public let pixels: [UInt8]

    /// An image from bytes in `layout`. Throws when the buffer length or channel count is wrong.
    public init(width: Int, height: Int, channels: Int, bytes: [UInt8], layout: Layout = .interleaved) throws {
        try Self.check(width: width, height: height, channels: channels, count: bytes.count)
        self.width = width; self.height = height; self.channels = channels
        if layout == .planar && channels > 1 {
            var p = [UInt8](repeating: 0, count: bytes.count)
            let plane = width * height
            for c in 0..<channels { for i in 0..<plane { p[i * channels + c] = bytes[c * plane + i] } }
            pixels = p
        } else {
            pixels = bytes
        }
    }

    /// An image from floats in 0…1 (values outside are clamped) in `layout`. Throws when the
    /// buffer length or channel count is wrong, or a value is NaN or infinite.
    public init(width: Int, height: Int, channels: Int, floats: [Float], layout: Layout = .planar) throws {
        if let i = floats.firstIndex(where: { !$0.isFinite }) {
            throw PlotError.nonFinite(mark: "image \(width)x\(height)x\(channels)", field: "floats", index: i)
        }
        let bytes = floats.map { UInt8((min(1, max(0, $0)) * 255).rounded()) }
        try self.init(width: width, height: height, channels: channels, bytes: bytes, layout: layout)
    }

    private static func check(width: Int, height: Int, channels: Int, count: Int) throws {
        let what = "image \(width)x\(height)x\(channels)"
        guard width > 0, height > 0 else { throw PlotError.badShape(what: what, detail: "width and height must be > 0") }
        guard channels == 1 || channels == 3 else {
            throw PlotError.badShape(what: what, detail: "channels must be 1 (grey) or 3 (RGB)")
        }
        guard count == width * height * channels else {
            throw PlotError.badShape(what: what, detail: "buffer has \(count) values, expected \(width * height * channels)")
        }
    }

    /// The RGB bytes of pixel (`x`, `y`).
    public func rgb(x: Int, y: Int) -> (UInt8, UInt8, UInt8) {
        let i = (y * width + x) * channels
        return channels == 1 ? (pixels[i], pixels[i], pixels[i]) : (pixels[i], pixels[i + 1], pixels[i + 2])
    }
}
