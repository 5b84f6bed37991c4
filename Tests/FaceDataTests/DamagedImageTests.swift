import CJPEG
import FaceData
import Foundation
import Testing

/// Bad image files: each is a `DataError.unreadableImage` naming the file and the reason, never a
/// picture with grey where the data stopped.
@Suite struct DamagedImageTests {
    /// A fresh folder for one test's files.
    private func folder() throws -> String {
        let path = NSTemporaryDirectory() + "damaged-images-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A textured colour image, so the scan data is long enough to cut in the middle.
    private func texturedImage(size: Int = 48) -> FaceImage {
        var image = FaceImage(width: size, height: size, channels: 3)
        var state: UInt64 = 12345
        for i in image.pixels.indices {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            image.pixels[i] = Float(state >> 56) / 255
        }
        return image
    }

    /// The bytes of a good JPEG written by the kit.
    private func goodJPEG(in dir: String) throws -> [UInt8] {
        let path = dir + "/good.jpg"
        try ImageIO.writeJPEG(texturedImage(), to: path, quality: 90)
        #expect(try ImageIO.read(path).width == 48)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Where the entropy-coded scan data starts: after the start-of-scan marker (FF DA) and its segment.
    private func scanStart(_ bytes: [UInt8]) -> Int? {
        for i in 0..<(bytes.count - 3) where bytes[i] == 0xFF && bytes[i + 1] == 0xDA {
            return i + 2 + (Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]))
        }
        return nil
    }

    /// Writes `bytes` to `name` in `dir` and returns the error reading it gives.
    private func readError(_ bytes: [UInt8], _ name: String, in dir: String) throws -> (DataError?, String) {
        let path = dir + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            _ = try ImageIO.read(path)
            return (nil, path)
        } catch let error as DataError {
            return (error, path)
        }
    }

    @Test func aJPEGCutInsideItsScanDataIsAnErrorNamingTheFileAndLibjpegsMessage() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes = try goodJPEG(in: dir)
        let start = try #require(scanStart(bytes))
        let cut = start + (bytes.count - start) / 2
        let (error, path) = try readError(Array(bytes[..<cut]), "cut-in-scan.jpg", in: dir)
        #expect(error == .unreadableImage(path: path, reason: "damaged JPEG data (libjpeg: Premature end of JPEG file)"))
        #expect(error?.description == "\(path): unreadable image: damaged JPEG data (libjpeg: Premature end of JPEG file)")
    }

    @Test func extraneousBytesInsideAJPEGAreAnError() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = try goodJPEG(in: dir)
        // Garbage between the end of the scan and the end-of-image marker (FF D9).
        bytes.insert(contentsOf: [0x12, 0x34, 0x56], at: bytes.count - 2)
        let (error, path) = try readError(bytes, "extraneous.jpg", in: dir)
        guard case .unreadableImage(let file, let reason)? = error else {
            Issue.record("expected unreadableImage, got \(String(describing: error))")
            return
        }
        #expect(file == path)
        // libjpeg reads some of the garbage as scan data; the rest it reports.
        #expect(reason.hasPrefix("damaged JPEG data (libjpeg: Corrupt JPEG data: "), "\(reason)")
        #expect(reason.hasSuffix(" extraneous bytes before marker 0xd9)"), "\(reason)")
    }

    @Test func aJPEGCutInItsHeaderIsAnError() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes = try goodJPEG(in: dir)
        // Cut before the frame header: no image size.
        let (early, earlyPath) = try readError(Array(bytes[..<40]), "cut-early.jpg", in: dir)
        #expect(early == .unreadableImage(path: earlyPath, reason: "damaged JPEG header (it ends before the image size)"))
        // Cut inside the Huffman tables, after the image size.
        let start = try #require(scanStart(bytes))
        let (late, latePath) = try readError(Array(bytes[..<(start - 30)]), "cut-in-tables.jpg", in: dir)
        guard case .unreadableImage(let file, let reason)? = late else {
            Issue.record("expected unreadableImage, got \(String(describing: late))")
            return
        }
        #expect(file == latePath)
        #expect(reason.hasPrefix("damaged JPEG "), "\(reason)")
    }

    @Test func textSavedAsJPEGAndAnEmptyFileAreErrors() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (text, textPath) = try readError(Array("neutral,happy,sad\n".utf8), "notes.jpg", in: dir)
        #expect(text == .unreadableImage(path: textPath, reason: "neither PNG nor JPEG"))
        let (empty, emptyPath) = try readError([], "empty.jpg", in: dir)
        #expect(empty == .unreadableImage(path: emptyPath, reason: "empty file (0 bytes)"))
        #expect(empty?.description == "\(emptyPath): unreadable image: empty file (0 bytes)")
        #expect(throws: DataError.missing(path: dir + "/absent.jpg", what: "image file")) {
            try ImageIO.read(dir + "/absent.jpg")
        }
    }

    @Test func aCMYKJPEGIsRefusedByName() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (width, height) = (16, 16)
        let cmyk = [UInt8]((0..<(width * height * 4)).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let handle = try #require(tjInitCompress())
        defer { tjDestroy(handle) }
        var jpeg: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        let rc = cmyk.withUnsafeBufferPointer {
            tjCompress2(handle, $0.baseAddress, Int32(width), 0, Int32(height), Int32(TJPF_CMYK.rawValue), &jpeg, &size,
                        Int32(TJSAMP_444.rawValue), 90, 0)
        }
        defer { if let jpeg { tjFree(jpeg) } }
        #expect(rc == 0)
        let bytes = [UInt8](UnsafeBufferPointer(start: try #require(jpeg), count: Int(size)))
        let (error, path) = try readError(bytes, "cmyk.jpg", in: dir)
        #expect(error == .unreadableImage(path: path,
                                          reason: "CMYK JPEG (YCCK colour space) is not supported; save it as RGB or greyscale"))
    }
}
