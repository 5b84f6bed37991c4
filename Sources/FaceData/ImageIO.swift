import CCairo
import CJPEG
import Foundation

/// Reading and writing images: PNG through Cairo (libpng), JPEG through libjpeg-turbo.
public enum ImageIO {
    /// Reads a PNG or JPEG file (chosen by content) as a FaceImage with 1 or 3 channels.
    public static func read(_ path: String) throws -> FaceImage {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataError.missing(path: path, what: "image file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.unreadableImage(path: path, reason: "cannot open the file")
        }
        let bytes = [UInt8](data)
        if bytes.isEmpty { throw DataError.unreadableImage(path: path, reason: "empty file (0 bytes)") }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return try readPNG(path) }
        if bytes.starts(with: [0xFF, 0xD8]) { return try decodeJPEG(bytes, path: path) }
        throw DataError.unreadableImage(path: path, reason: "neither PNG nor JPEG")
    }

    /// Writes a PNG file (8-bit grey or RGB, decided by the image's channel count).
    public static func writePNG(_ image: FaceImage, to path: String) throws {
        let surface = cairoSurface(for: image)
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_write_to_png(surface, path)
        if status != CAIRO_STATUS_SUCCESS {
            throw DataError.unwritableImage(path: path, reason: String(cString: cairo_status_to_string(status)))
        }
    }

    /// Reads a PNG file through Cairo.
    public static func readPNG(_ path: String) throws -> FaceImage {
        let surface = cairo_image_surface_create_from_png(path)
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        if status != CAIRO_STATUS_SUCCESS {
            throw DataError.unreadableImage(path: path, reason: String(cString: cairo_status_to_string(status)))
        }
        let format = cairo_image_surface_get_format(surface)
        let w = Int(cairo_image_surface_get_width(surface)), h = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else {
            throw DataError.unreadableImage(path: path, reason: "no pixel data")
        }
        if format == CAIRO_FORMAT_A8 {
            var pixels = [Float](repeating: 0, count: w * h)
            for y in 0..<h { for x in 0..<w { pixels[y * w + x] = Float(data[y * stride + x]) / 255 } }
            return FaceImage(width: w, height: h, channels: 1, pixels: pixels)
        }
        var image = FaceImage(width: w, height: h, channels: 3)
        var isGrey = true
        let plane = w * h
        data.withMemoryRebound(to: UInt32.self, capacity: h * stride / 4) { words in
            for y in 0..<h {
                for x in 0..<w {
                    let v = words[y * stride / 4 + x]
                    let a = Float((v >> 24) & 0xFF) / 255
                    var rgb = [Float((v >> 16) & 0xFF), Float((v >> 8) & 0xFF), Float(v & 0xFF)].map { $0 / 255 }
                    if format == CAIRO_FORMAT_ARGB32, a > 0, a < 1 { rgb = rgb.map { min(1, $0 / a) } }
                    if rgb[0] != rgb[1] || rgb[1] != rgb[2] { isGrey = false }
                    for c in 0..<3 { image.pixels[c * plane + y * w + x] = rgb[c] }
                }
            }
        }
        if isGrey { return FaceImage(width: w, height: h, channels: 1, pixels: Array(image.pixels[0..<plane])) }
        return image
    }

    /// Writes a JPEG file at the given quality (1-100).
    public static func writeJPEG(_ image: FaceImage, to path: String, quality: Int = 95) throws {
        guard let handle = tjInitCompress() else { throw DataError.unwritableImage(path: path, reason: "TurboJPEG init failed") }
        defer { tjDestroy(handle) }
        let bytes = image.interleavedBytes()
        var jpeg: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        let pixelFormat = image.channels == 1 ? TJPF_GRAY : TJPF_RGB
        let subsampling = image.channels == 1 ? TJSAMP_GRAY : TJSAMP_444
        let rc = bytes.withUnsafeBufferPointer { buf in
            tjCompress2(handle, buf.baseAddress, Int32(image.width), 0, Int32(image.height),
                        Int32(pixelFormat.rawValue), &jpeg, &size, Int32(subsampling.rawValue),
                        Int32(quality), 0)
        }
        defer { if let jpeg { tjFree(jpeg) } }
        guard rc == 0, let jpeg else {
            throw DataError.unwritableImage(path: path, reason: String(cString: tjGetErrorStr2(handle)))
        }
        let data = Data(bytes: jpeg, count: Int(size))
        do { try data.write(to: URL(fileURLWithPath: path)) } catch {
            throw DataError.unwritableImage(path: path, reason: "\(error.localizedDescription)")
        }
    }

    /// Decodes JPEG bytes; grey JPEGs give one channel, colour (YCbCr or RGB) JPEGs three.
    ///
    /// Every problem libjpeg reports is an error naming `path` and libjpeg's own message, warnings
    /// included: libjpeg treats damaged image data ("Premature end of JPEG file", "Corrupt JPEG
    /// data: N extraneous bytes before marker") as a warning and fills the rest of the image with
    /// grey, which would train on a picture that is not the file's. CMYK and YCCK JPEGs are refused
    /// by name (no face dataset the kit reads uses them, and converting them needs the inversion
    /// convention of the program that wrote them, which the file does not record).
    public static func decodeJPEG(_ bytes: [UInt8], path: String) throws -> FaceImage {
        guard let handle = tjInitDecompress() else { throw DataError.unreadableImage(path: path, reason: "TurboJPEG init failed") }
        defer { tjDestroy(handle) }
        func libjpegError(_ what: String) -> DataError {
            .unreadableImage(path: path, reason: "\(what) (libjpeg: \(String(cString: tjGetErrorStr2(handle))))")
        }
        var w: Int32 = 0, h: Int32 = 0, sub: Int32 = 0, space: Int32 = 0
        var mutableBytes = bytes
        let header = mutableBytes.withUnsafeMutableBufferPointer { buf in
            tjDecompressHeader3(handle, buf.baseAddress, UInt(buf.count), &w, &h, &sub, &space)
        }
        guard header == 0 else { throw libjpegError("damaged JPEG header") }
        guard w > 0, h > 0 else {
            throw DataError.unreadableImage(path: path, reason: "damaged JPEG header (it ends before the image size)")
        }
        if space == Int32(TJCS_CMYK.rawValue) || space == Int32(TJCS_YCCK.rawValue) {
            throw DataError.unreadableImage(path: path, reason: "CMYK JPEG (\(space == Int32(TJCS_CMYK.rawValue) ? "CMYK" : "YCCK") colour space) is not supported; save it as RGB or greyscale")
        }
        let channels = space == Int32(TJCS_GRAY.rawValue) ? 1 : 3
        var out = [UInt8](repeating: 0, count: Int(w) * Int(h) * channels)
        let format = channels == 1 ? TJPF_GRAY : TJPF_RGB
        let rc = mutableBytes.withUnsafeMutableBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                tjDecompress2(handle, src.baseAddress, UInt(src.count), dst.baseAddress, w, 0, h,
                              Int32(format.rawValue), TJFLAG_STOPONWARNING)
            }
        }
        guard rc == 0 else { throw libjpegError("damaged JPEG data") }
        return FaceImage(width: Int(w), height: Int(h), channels: channels, interleaved: out)
    }

    /// A Cairo RGB24 surface holding the image (grey repeated into R, G and B). The caller destroys it.
    static func cairoSurface(for image: FaceImage) -> OpaquePointer {
        let w = image.width, h = image.height, plane = w * h
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(w), Int32(h))!
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        data.withMemoryRebound(to: UInt32.self, capacity: h * stride / 4) { words in
            for y in 0..<h {
                for x in 0..<w {
                    let p = y * w + x
                    let r = UInt32(FaceImage.byte(image.pixels[p]))
                    let g = image.channels == 3 ? UInt32(FaceImage.byte(image.pixels[plane + p])) : r
                    let b = image.channels == 3 ? UInt32(FaceImage.byte(image.pixels[2 * plane + p])) : r
                    words[y * stride / 4 + x] = 0xFF00_0000 | (r << 16) | (g << 8) | b
                }
            }
        }
        cairo_surface_mark_dirty(surface)
        return surface
    }
}
