import FaceData
import Foundation

/// Builds small datasets in the real published layouts inside a fresh temporary folder.
enum Fixtures {
    static func tempDir(_ tag: String) throws -> String {
        let dir = NSTemporaryDirectory() + "facedata-\(tag)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A flat image whose value encodes `k`, so tests can tell images apart after JPEG.
    static func image(_ k: Int, width: Int = 100, height: Int = 100) -> FaceImage {
        FaceImage(width: width, height: height, channels: 3, value: Float(20 + 10 * k) / 255)
    }

    static func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// RAF-DB basic: EmoLabel/list_patition_label.txt and Image/aligned/*_aligned.jpg.
    /// Returns the root and the (name, label 1-7) lines written.
    static func rafdb(lines: [(String, String)]? = nil, images: [String]? = nil, lineEnding: String = "\n") throws -> String {
        let root = try tempDir("rafdb")
        let rows = lines ?? [("train_00001.jpg", "1"), ("train_00002.jpg", "4"), ("train_00003.jpg", "7"),
                             ("test_0001.jpg", "5"), ("test_0002.jpg", "2")]
        try write(rows.map { "\($0.0) \($0.1)" }.joined(separator: lineEnding) + lineEnding, root + "/EmoLabel/list_patition_label.txt")
        try FileManager.default.createDirectory(atPath: root + "/Image/aligned", withIntermediateDirectories: true)
        for (k, name) in (images ?? rows.map(\.0)).enumerated() {
            try ImageIO.writeJPEG(image(k), to: root + "/Image/aligned/" + name.replacingOccurrences(of: ".jpg", with: "_aligned.jpg"), quality: 98)
        }
        return root
    }

    /// FERPlus: fer2013.csv joined row by row with fer2013new.csv.
    static func ferplus(old: [String], new: [String], lineEnding: String = "\n") throws -> String {
        let root = try tempDir("ferplus")
        try write((["emotion,pixels,Usage"] + old).joined(separator: lineEnding) + lineEnding, root + "/fer2013.csv")
        try write((["Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF"] + new)
            .joined(separator: lineEnding) + lineEnding, root + "/fer2013new.csv")
        return root
    }

    static func pixels(_ v: Int) -> String {
        (0..<2304).map { _ in String(v) }.joined(separator: " ")
    }

    /// KDEF: session folders such as AF01/ holding AF01AFS.JPG.
    static func kdef(people: [String], expressions: [String] = ["AF", "HA", "SU"], angles: [String] = ["S", "HL"]) throws -> String {
        let root = try tempDir("kdef")
        for (p, folder) in people.enumerated() {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
            for e in expressions {
                for a in angles {
                    try ImageIO.writeJPEG(image(p, width: 28, height: 38), to: root + "/\(folder)/\(folder)\(e)\(a).JPG", quality: 90)
                }
            }
        }
        return root
    }
}
