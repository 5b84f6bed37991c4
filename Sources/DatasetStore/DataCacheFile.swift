import FaceData
import Foundation
import NN

/// The layout of a data-cache file: a safetensors file holding an `InMemorySource`'s splits.
///
/// Per split `S` (`train`, `test`, ...), with N samples:
/// - `S.image`, `S.normal_light` (when the samples have a normal-light twin): [N, C, H, W], U8 when
///   every value is an exact 8-bit level (v = byte / 255, as SynFER and the low-light synthesis
///   produce them), else F32 (images resized by area averaging); reading gives the same bits back.
/// - `S.landmarks` F32 [L, 2] (x, y of every sample's landmarks in order) and `S.landmark_visible`
///   U8 [L].
/// - `S.records` U8: UTF-8 JSON, one record per sample: label, votes, identity, pose, attributes,
///   captions, name and landmark count.
///
/// Metadata: the key text, the source name, class names, splits, and a checksum of the data section.
/// Written by NN's `SafeTensors` and read by NN's `SafeTensorsFile`, which checks the layout.
enum DataCacheFile {
    /// One sample's fields other than its pixels and landmark coordinates.
    struct Record: Codable {
        var label: Int
        var votes: [Int]?
        var identity: Int?
        /// yaw, roll, scale, dx, dy.
        var pose: [Double]?
        var attributes: Attributes?
        var caption: String
        var labelAwareCaption: String
        var name: String
        var landmarks: Int
    }

    /// `FaceAttributes` as text.
    struct Attributes: Codable {
        var hairStyle: String
        var hairColour: String
        var glasses: Bool
        var beard: Bool
        var skinTone: String
        var eyeColour: String
    }

    // MARK: Writing

    /// The file bytes of `source`'s splits under `key`; `DataCacheError.notStorable` when the
    /// images of a split differ in shape or only some samples have a normal-light twin.
    static func encode(_ source: InMemorySource, key: DataCacheKey) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var tensors: [String: StoredTensor] = [:]
        for split in source.splits {
            try tensors.merge(splitTensors(source.heldSamples(split), prefix: split.rawValue, encoder: encoder)) { a, _ in a }
        }
        let classNames = String(decoding: try encoder.encode(source.classNames), as: UTF8.self)
        let metadata = ["key": key.text, "name": source.name, "class_names": classNames,
                        "splits": source.splits.map(\.rawValue).joined(separator: ",")]
        // Each tensor is released as it is copied into the file, so a large file is not held twice.
        return try SafeTensors.encode(consume tensors, metadata: metadata, checksummed: true)
    }

    /// The tensors of one split's samples, named `prefix.…`.
    private static func splitTensors(_ samples: [FaceSample], prefix: String,
                                     encoder: JSONEncoder) throws -> [String: StoredTensor] {
        var tensors: [String: StoredTensor] = [:]
        tensors["\(prefix).image"] = try imageTensor(samples.map(\.image), what: "\(prefix) images")
        let twins = samples.compactMap(\.normalLight)
        if !twins.isEmpty {
            guard twins.count == samples.count else {
                throw DataCacheError.notStorable(reason: "only some \(prefix) samples have a normal-light image")
            }
            tensors["\(prefix).normal_light"] = try imageTensor(twins, what: "\(prefix) normal-light images")
        }
        let landmarks = samples.flatMap(\.landmarks)
        tensors["\(prefix).landmarks"] = StoredTensor(shape: [landmarks.count, 2], values: landmarks.flatMap { [$0.x, $0.y] })
        tensors["\(prefix).landmark_visible"] = StoredTensor(shape: [landmarks.count], uint8: landmarks.map { $0.visible ? 1 : 0 })
        let records = try encoder.encode(samples.map(record))
        tensors["\(prefix).records"] = StoredTensor(shape: [records.count], uint8: [UInt8](records))
        return tensors
    }

    /// Images of one shape as a [N, C, H, W] tensor: U8 when every value is an exact 8-bit level.
    private static func imageTensor(_ images: [FaceImage], what: String) throws -> StoredTensor {
        guard let first = images.first else { return StoredTensor(shape: [0, 0, 0, 0], uint8: []) }
        let shape = [images.count, first.channels, first.height, first.width]
        for (index, image) in images.enumerated()
        where (image.channels, image.height, image.width) != (first.channels, first.height, first.width) {
            throw DataCacheError.notStorable(reason: "\(what) differ in shape (image \(index) is \(image.channels)×\(image.height)×\(image.width), image 0 \(first.channels)×\(first.height)×\(first.width))")
        }
        let exactBytes = images.allSatisfy { image in
            image.pixels.allSatisfy { (Float(FaceImage.byte($0)) / 255).bitPattern == $0.bitPattern }
        }
        if exactBytes {
            return StoredTensor(shape: shape, uint8: images.flatMap { $0.pixels.map(FaceImage.byte) })
        }
        return StoredTensor(shape: shape, values: images.flatMap(\.pixels))
    }

    private static func record(_ sample: FaceSample) -> Record {
        Record(label: sample.label, votes: sample.votes, identity: sample.identity,
               pose: sample.pose.map { [$0.yaw, $0.roll, $0.scale, $0.dx, $0.dy] },
               attributes: sample.attributes.map {
                   Attributes(hairStyle: $0.hairStyle.rawValue, hairColour: $0.hairColour.rawValue, glasses: $0.glasses,
                              beard: $0.beard, skinTone: $0.skinTone, eyeColour: $0.eyeColour)
               },
               caption: sample.caption, labelAwareCaption: sample.labelAwareCaption, name: sample.name,
               landmarks: sample.landmarks.count)
    }

    // MARK: Reading

    /// The source stored in `bytes` (the file `file`), written under `key`; `DataCacheError.damaged`
    /// when the layout is broken, the key differs, the checksum fails or a field does not parse.
    static func decode(_ bytes: [UInt8], key: DataCacheKey, file: String) throws -> InMemorySource {
        func damaged(_ reason: String) -> DataCacheError { .damaged(file: file, reason: reason) }
        let stored: SafeTensorsFile
        do {
            stored = try SafeTensorsFile(bytes: bytes, source: file)
        } catch let error as SafeTensorsError {
            throw damaged(error.problem.description)
        }
        let metadata = stored.metadata ?? [:]
        guard metadata["key"] == key.text else {
            throw damaged("written for another key (\((metadata["key"] ?? "none").replacingOccurrences(of: "\n", with: ", ")))")
        }
        // `SafeTensorsFile` has checked the data section against the recorded checksum; a cache
        // file without one was not written by this kit.
        guard stored.isChecksummed else { throw damaged("no checksum recorded") }
        guard let name = metadata["name"], let namesText = metadata["class_names"],
              let classNames = try? JSONDecoder().decode([String].self, from: Data(namesText.utf8)),
              let splitsText = metadata["splits"] else {
            throw damaged("metadata lacks name, class_names or splits")
        }
        var splits: [Split] = []
        var samples: [Split: [FaceSample]] = [:]
        for splitName in splitsText.split(separator: ",").map(String.init) {
            guard let split = Split(rawValue: splitName) else { throw damaged("unknown split '\(splitName)'") }
            splits.append(split)
            samples[split] = try decodeSplit(split, from: stored, damaged: damaged)
        }
        return InMemorySource(name: name, classNames: classNames, splits: splits, samples: samples)
    }

    private static func decodeSplit(_ split: Split, from file: SafeTensorsFile,
                                    damaged: (String) -> DataCacheError) throws -> [FaceSample] {
        let prefix = split.rawValue
        func tensor(_ name: String) throws -> StoredTensor {
            do { return try file.tensor(named: "\(prefix).\(name)") } catch { throw damaged("\(error)") }
        }
        guard case let .uint8(recordBytes) = try tensor("records").elements else {
            throw damaged("\(prefix).records is \(file.dtype(of: "\(prefix).records")?.rawValue ?? "?"); expected U8")
        }
        let records: [Record]
        do {
            records = try JSONDecoder().decode([Record].self, from: Data(recordBytes))
        } catch {
            throw damaged("\(prefix).records does not parse: \(error)")
        }
        let images = try decodeImages(try tensor("image"), count: records.count, name: "\(prefix).image", damaged: damaged)
        let twins: [FaceImage?] = file.dtype(of: "\(prefix).normal_light") == nil
            ? Array(repeating: nil, count: records.count)
            : try decodeImages(try tensor("normal_light"), count: records.count, name: "\(prefix).normal_light",
                               damaged: damaged)
        let points = try tensor("landmarks"), visible = try tensor("landmark_visible")
        let total = records.reduce(0) { $0 + $1.landmarks }
        guard points.shape == [total, 2], visible.shape == [total] else {
            throw damaged("\(prefix).landmarks has shape \(points.shape) and \(prefix).landmark_visible \(visible.shape); the records count \(total) landmarks")
        }
        let (coordinates, visibility) = (points.values, visible.values)
        var samples: [FaceSample] = []
        samples.reserveCapacity(records.count)
        var next = 0
        for (index, record) in records.enumerated() {
            let landmarks = (next..<next + record.landmarks).map {
                Landmark(x: coordinates[2 * $0], y: coordinates[2 * $0 + 1], visible: visibility[$0] != 0)
            }
            next += record.landmarks
            var attributes: FaceAttributes?
            if let a = record.attributes {
                guard let style = HairStyle(rawValue: a.hairStyle), let colour = HairColour(rawValue: a.hairColour) else {
                    throw damaged("\(prefix).records: sample \(index) has hair '\(a.hairStyle)' '\(a.hairColour)'")
                }
                attributes = FaceAttributes(hairStyle: style, hairColour: colour, glasses: a.glasses, beard: a.beard,
                                            skinTone: a.skinTone, eyeColour: a.eyeColour)
            }
            var pose: Pose?
            if let p = record.pose {
                guard p.count == 5 else { throw damaged("\(prefix).records: sample \(index) has a pose of \(p.count) numbers") }
                pose = Pose(yaw: p[0], roll: p[1], scale: p[2], dx: p[3], dy: p[4])
            }
            samples.append(FaceSample(image: images[index], normalLight: twins[index], label: record.label, votes: record.votes,
                                      landmarks: landmarks, identity: record.identity, pose: pose, attributes: attributes,
                                      caption: record.caption, labelAwareCaption: record.labelAwareCaption, name: record.name))
        }
        return samples
    }

    /// The images of a [N, C, H, W] tensor; U8 values are 8-bit levels (byte / 255).
    private static func decodeImages(_ tensor: StoredTensor, count: Int, name: String,
                                     damaged: (String) -> DataCacheError) throws -> [FaceImage] {
        let pixels: (Range<Int>) -> [Float]
        switch tensor.elements {
        case let .uint8(bytes): pixels = { bytes[$0].map { Float($0) / 255 } }
        case let .float32(values): pixels = { Array(values[$0]) }
        case .int64: pixels = { _ in [] }
        }
        guard tensor.shape.count == 4, tensor.shape[0] == count, tensor.dtype != .int64 else {
            throw damaged("\(name) is \(tensor.dtype.rawValue) \(tensor.shape); expected U8 or F32 [\(count), C, H, W]")
        }
        let (channels, height, width) = (tensor.shape[1], tensor.shape[2], tensor.shape[3])
        let size = channels * height * width
        return (0..<count).map { index in
            FaceImage(width: width, height: height, channels: channels, pixels: pixels(index * size ..< (index + 1) * size))
        }
    }
}
