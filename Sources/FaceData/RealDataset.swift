import Foundation

/// Options shared by the real-dataset readers.
public struct ReaderOptions: Sendable {
    /// Drop bad entries (malformed lines, unreadable images, out-of-range labels) and count them
    /// in `skipped` instead of failing on the first one.
    public var skipBad: Bool
    /// Seed of the splits that datasets without an official split draw (KDEF).
    public var splitSeed: UInt64

    /// Options; by default the first bad entry is an error.
    public init(skipBad: Bool = false, splitSeed: UInt64 = 0) {
        self.skipBad = skipBad
        self.splitSeed = splitSeed
    }
}

/// One image of a real dataset, as listed by its label files.
struct RealEntry: Sendable {
    var name: String
    var path: String?
    var pixels: [UInt8]?
    var label: Int
    var votes: [Int]?
    var identity: Int?
    var pose: Pose?
    /// Where the entry is listed (`list_patition_label.txt:12`), named by errors about its image.
    var listing: String = ""
}

/// Collects bad entries: throws the first one, or (with skipBad) keeps them for counting.
struct BadEntryLog {
    let skipBad: Bool
    var skipped: [DataError] = []

    mutating func report(_ error: DataError) throws {
        if !skipBad { throw error }
        skipped.append(error)
    }
}

/// Shared behaviour of the real-dataset readers: entries per split, images decoded on access.
struct RealDatasetCore: Sendable {
    let name: String
    let classes: [Emotion]
    let entries: [Split: [RealEntry]]
    let channels: Int
    let squareCrop: Bool

    func sample(_ split: Split, _ index: Int) throws -> FaceSample {
        guard let list = entries[split], index >= 0, index < list.count else {
            throw DataError.invalidRequest("\(name): no sample \(index) in the \(split.rawValue) split")
        }
        let e = list[index]
        var image: FaceImage
        if let pixels = e.pixels {
            image = FaceImage(width: 48, height: 48, channels: 1, interleaved: pixels)
        } else if let path = e.path {
            // The image decoded when the dataset was opened; it can still change on disk since.
            do { image = try ImageIO.read(path) } catch let error as DataError {
                throw RealDatasetCore.listed(error, at: e.listing)
            }
        } else {
            throw DataError.invalidRequest("\(name): sample \(index) of \(split.rawValue) has neither pixels nor an image file")
        }
        if squareCrop && image.width != image.height { image = RealDatasetCore.centreSquare(image) }
        if image.channels != channels { image = image.converted(toChannels: channels) }
        let emotion = classes[e.label]
        return FaceSample(image: image, label: e.label, votes: e.votes, identity: e.identity, pose: e.pose,
                          caption: "a photo of a face", labelAwareCaption: Caption.emotionOnly(emotion), name: e.name)
    }

    /// The largest centred square of the image (the top square for portrait images, where the face is).
    static func centreSquare(_ image: FaceImage) -> FaceImage {
        let side = min(image.width, image.height)
        let ox = (image.width - side) / 2
        let oy = image.height > image.width ? (image.height - side) / 3 : 0
        var out = FaceImage(width: side, height: side, channels: image.channels)
        for c in 0..<image.channels { for y in 0..<side { for x in 0..<side { out[c, y, x] = image[c, oy + y, ox + x] } } }
        return out
    }

    /// `error` about an image, naming where the image is listed (when known).
    static func listed(_ error: DataError, at listing: String) -> DataError {
        guard !listing.isEmpty, case let .unreadableImage(path, reason) = error else { return error }
        return .unreadableImage(path: path, reason: "\(reason) (listed at \(listing))")
    }

    /// Checks that an entry's image file exists and decodes; returns the error to report otherwise.
    static func check(_ entry: RealEntry) -> DataError? {
        guard let path = entry.path else { return nil }
        let listedAt = entry.listing
        guard FileManager.default.fileExists(atPath: path) else {
            return .missing(path: path, what: "image listed at \(listedAt)")
        }
        do { _ = try ImageIO.read(path) } catch let error as DataError {
            return listed(error, at: listedAt)
        } catch {
            return .unreadableImage(path: path, reason: "\(error) (listed at \(listedAt))")
        }
        return nil
    }
}

/// Reads a text file, or throws `.missing` naming it.
func readText(_ path: String, what: String) throws -> String {
    guard FileManager.default.fileExists(atPath: path) else { throw DataError.missing(path: path, what: what) }
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        throw DataError.unreadableImage(path: path, reason: "not readable UTF-8 text")
    }
    return text
}

/// Throws `.missing` unless the folder exists.
func requireFolder(_ path: String, what: String) throws {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
        throw DataError.missing(path: path, what: what)
    }
}
