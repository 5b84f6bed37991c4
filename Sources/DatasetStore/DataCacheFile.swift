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
/// Hand-written writer: NN's `SafeTensors` writes F32 only, and 8-bit images take a quarter of the
/// space; reading uses NN's `SafeTensorsFile`, which checks the layout.
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

    /// A tensor ready to be written: dtype name, shape and little-endian bytes.
    private struct Blob {
        var dtype: String
        var shape: [Int]
        var bytes: [UInt8]
    }

    // MARK: Writing

    /// The file bytes of `source`'s splits under `key`; `DataCacheError.notStorable` when the
    /// images of a split differ in shape or only some samples have a normal-light twin.
    static func encode(_ source: InMemorySource, key: DataCacheKey) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var blobs: [String: Blob] = [:]
        for split in source.splits {
            try blobs.merge(splitBlobs(source.heldSamples(split), prefix: split.rawValue, encoder: encoder)) { a, _ in a }
        }
        let classNames = String(decoding: try encoder.encode(source.classNames), as: UTF8.self)
        return try fileBytes(&blobs, metadata: ["key": key.text, "name": source.name, "class_names": classNames,
                                               "splits": source.splits.map(\.rawValue).joined(separator: ",")])
    }

    /// The tensors of one split's samples, named `prefix.…`.
    private static func splitBlobs(_ samples: [FaceSample], prefix: String, encoder: JSONEncoder) throws -> [String: Blob] {
        var blobs: [String: Blob] = [:]
        blobs["\(prefix).image"] = try imageBlob(samples.map(\.image), what: "\(prefix) images")
        let twins = samples.compactMap(\.normalLight)
        if !twins.isEmpty {
            guard twins.count == samples.count else {
                throw DataCacheError.notStorable(reason: "only some \(prefix) samples have a normal-light image")
            }
            blobs["\(prefix).normal_light"] = try imageBlob(twins, what: "\(prefix) normal-light images")
        }
        let landmarks = samples.flatMap(\.landmarks)
        blobs["\(prefix).landmarks"] = Blob(dtype: "F32", shape: [landmarks.count, 2],
                                            bytes: floatBytes(landmarks.flatMap { [$0.x, $0.y] }))
        blobs["\(prefix).landmark_visible"] = Blob(dtype: "U8", shape: [landmarks.count],
                                                   bytes: landmarks.map { $0.visible ? 1 : 0 })
        let records = try encoder.encode(samples.map(record))
        blobs["\(prefix).records"] = Blob(dtype: "U8", shape: [records.count], bytes: [UInt8](records))
        return blobs
    }

    /// The safetensors bytes of `blobs` (in name order) with `metadata` and the data's checksum;
    /// empties `blobs` as their bytes are copied, so a large file is not held twice.
    private static func fileBytes(_ blobs: inout [String: Blob], metadata: [String: String]) throws -> [UInt8] {
        var metadata = metadata
        var header: [String: Any] = [:]
        var offset = 0
        var checksum = Checksum()
        let names = blobs.keys.sorted()
        for name in names {
            let blob = blobs[name]!
            header[name] = ["dtype": blob.dtype, "shape": blob.shape, "data_offsets": [offset, offset + blob.bytes.count]]
            offset += blob.bytes.count
            checksum.add(blob.bytes[...])
        }
        metadata["checksum"] = checksum.hex
        header["__metadata__"] = metadata
        var headerBytes = [UInt8](try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        headerBytes += [UInt8](repeating: 0x20, count: (8 - headerBytes.count % 8) % 8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { bytes += $0 }
        bytes += headerBytes
        for name in names {
            bytes += blobs[name]!.bytes
            blobs[name] = nil
        }
        return bytes
    }

    /// Images of one shape as a [N, C, H, W] tensor: U8 when every value is an exact 8-bit level.
    private static func imageBlob(_ images: [FaceImage], what: String) throws -> Blob {
        guard let first = images.first else { return Blob(dtype: "U8", shape: [0, 0, 0, 0], bytes: []) }
        let shape = [images.count, first.channels, first.height, first.width]
        for (index, image) in images.enumerated()
        where (image.channels, image.height, image.width) != (first.channels, first.height, first.width) {
            throw DataCacheError.notStorable(reason: "\(what) differ in shape (image \(index) is \(image.channels)×\(image.height)×\(image.width), image 0 \(first.channels)×\(first.height)×\(first.width))")
        }
        let exactBytes = images.allSatisfy { image in
            image.pixels.allSatisfy { (Float(FaceImage.byte($0)) / 255).bitPattern == $0.bitPattern }
        }
        if exactBytes {
            return Blob(dtype: "U8", shape: shape, bytes: images.flatMap { $0.pixels.map(FaceImage.byte) })
        }
        return Blob(dtype: "F32", shape: shape, bytes: floatBytes(images.flatMap(\.pixels)))
    }

    private static func floatBytes(_ values: [Float]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: values.count * 4)
        for (index, value) in values.enumerated() {
            let bits = value.bitPattern
            for b in 0..<4 { bytes[index * 4 + b] = UInt8(truncatingIfNeeded: bits >> (8 * UInt32(b))) }
        }
        return bytes
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
            throw damaged("\(error.problem)")
        }
        let metadata = stored.metadata ?? [:]
        guard metadata["key"] == key.text else {
            throw damaged("written for another key (\((metadata["key"] ?? "none").replacingOccurrences(of: "\n", with: ", ")))")
        }
        // The data section starts after the 8-byte length and the header (the layout is checked).
        let headerLength = (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
        var checksum = Checksum()
        checksum.add(bytes[(8 + headerLength)...])
        let actual = checksum.hex
        guard metadata["checksum"] == actual else {
            throw damaged("checksum \(actual) differs from the recorded \(metadata["checksum"] ?? "none")")
        }
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
        let recordBytes = try tensor("records").values.map { UInt8($0) }
        let records: [Record]
        do {
            records = try JSONDecoder().decode([Record].self, from: Data(recordBytes))
        } catch {
            throw damaged("\(prefix).records does not parse: \(error)")
        }
        let images = try decodeImages(try tensor("image"), dtype: file.dtype(of: "\(prefix).image"), count: records.count,
                                      name: "\(prefix).image", damaged: damaged)
        let twins: [FaceImage?] = file.dtype(of: "\(prefix).normal_light") == nil
            ? Array(repeating: nil, count: records.count)
            : try decodeImages(try tensor("normal_light"), dtype: file.dtype(of: "\(prefix).normal_light"),
                               count: records.count, name: "\(prefix).normal_light", damaged: damaged)
        let points = try tensor("landmarks"), visible = try tensor("landmark_visible")
        let total = records.reduce(0) { $0 + $1.landmarks }
        guard points.shape == [total, 2], visible.shape == [total] else {
            throw damaged("\(prefix).landmarks has shape \(points.shape) and \(prefix).landmark_visible \(visible.shape); the records count \(total) landmarks")
        }
        var samples: [FaceSample] = []
        samples.reserveCapacity(records.count)
        var next = 0
        for (index, record) in records.enumerated() {
            let landmarks = (next..<next + record.landmarks).map {
                Landmark(x: points.values[2 * $0], y: points.values[2 * $0 + 1], visible: visible.values[$0] != 0)
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
    private static func decodeImages(_ tensor: StoredTensor, dtype: SafeTensorsDType?, count: Int, name: String,
                                     damaged: (String) -> DataCacheError) throws -> [FaceImage] {
        guard tensor.shape.count == 4, tensor.shape[0] == count, dtype == .uint8 || dtype == .float32 else {
            throw damaged("\(name) is \(dtype?.rawValue ?? "?") \(tensor.shape); expected U8 or F32 [\(count), C, H, W]")
        }
        let (channels, height, width) = (tensor.shape[1], tensor.shape[2], tensor.shape[3])
        let size = channels * height * width
        return (0..<count).map { index in
            let slice = tensor.values[index * size ..< (index + 1) * size]
            return FaceImage(width: width, height: height, channels: channels,
                             pixels: dtype == .uint8 ? slice.map { $0 / 255 } : Array(slice))
        }
    }

    // MARK: Checksum

    /// FNV-1a over 8-byte little-endian words, then the tail bytes and the length: each step is a
    /// bijection of the state, so any single changed word, and any truncation, changes the result.
    /// Bytes may be added in parts of any length; the result is that of their concatenation.
    struct Checksum {
        private static let prime: UInt64 = 0x0000_0100_0000_01B3
        private var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        private var count = 0
        /// Bytes of an incomplete word carried to the next part.
        private var pending: [UInt8] = []

        /// Adds `bytes`.
        mutating func add(_ bytes: ArraySlice<UInt8>) {
            var rest = bytes
            while !pending.isEmpty && pending.count < 8, let first = rest.first {
                pending.append(first)
                rest = rest.dropFirst()
            }
            if pending.count == 8 {
                mix(pending.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
                pending = []
            }
            var hash = self.hash
            let words = pending.isEmpty ? rest.count / 8 : 0
            rest.withUnsafeBytes { raw in
                for word in 0..<words {
                    hash = (hash ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self))) &* Self.prime
                }
            }
            self.hash = hash
            pending += rest.dropFirst(words * 8)
            count += bytes.count
        }

        private mutating func mix(_ word: UInt64) { hash = (hash ^ word) &* Self.prime }

        /// The checksum as 16 hexadecimal digits.
        var hex: String {
            var final = self
            for byte in pending { final.mix(UInt64(byte)) }
            return DataCacheFile.hex((final.hash ^ UInt64(count)) &* Self.prime)
        }
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
