import Foundation

/// FERPlus: `fer2013.csv` (columns emotion,pixels,Usage; 2,304 grey values per 48×48 image)
/// joined row by row with `fer2013new.csv` (Usage, Image name, then 10 votes: neutral, happiness,
/// surprise, sadness, anger, disgust, fear, contempt, unknown, NF). The label is the majority among
/// the 8 emotions (the lowest index wins a tie); rows whose largest count is unknown or NF, or with
/// no emotion votes, are dropped and counted in `droppedUnknown`. Training is the train split,
/// PublicTest val, PrivateTest test. Votes are kept as soft labels.
public struct FERPlus: FaceSource {
    /// Classes in FERPlus's order.
    public static let classes: [Emotion] = [.neutral, .happiness, .surprise, .sadness, .anger, .disgust, .fear, .contempt]
    /// Bad entries dropped under `skipBad` (empty otherwise).
    public let skipped: [DataError]
    /// Rows dropped because their majority is unknown or not-a-face (FERPlus's own rule).
    public let droppedUnknown: Int
    let core: RealDatasetCore

    /// Reads both CSV files under `root`.
    public init(root: String, options: ReaderOptions = ReaderOptions()) throws {
        try requireFolder(root, what: "FERPlus root folder")
        let oldPath = root + "/fer2013.csv", newPath = root + "/fer2013new.csv"
        let oldLines = FERPlus.lines(try readText(oldPath, what: "FER2013 pixels file"))
        let newLines = FERPlus.lines(try readText(newPath, what: "FERPlus votes file"))
        guard let oldHeader = oldLines.first, oldHeader.lowercased().hasPrefix("emotion,pixels,usage") else {
            throw DataError.malformedLine(file: oldPath, line: 1, reason: "expected header 'emotion,pixels,Usage'")
        }
        guard let newHeader = newLines.first, newHeader.lowercased().hasPrefix("usage,image name") else {
            throw DataError.malformedLine(file: newPath, line: 1, reason: "expected header 'Usage,Image name,neutral,...'")
        }
        guard oldLines.count == newLines.count else {
            throw DataError.invalidRequest("\(oldPath) has \(oldLines.count - 1) rows but \(newPath) has \(newLines.count - 1): the files must join row by row")
        }
        var log = BadEntryLog(skipBad: options.skipBad)
        var entries: [Split: [RealEntry]] = [.train: [], .val: [], .test: []]
        var dropped = 0
        for row in 1..<oldLines.count {
            let line = row + 1
            let old = oldLines[row].split(separator: ",", omittingEmptySubsequences: false)
            let new = newLines[row].split(separator: ",", omittingEmptySubsequences: false)
            guard old.count == 3 else {
                try log.report(.malformedLine(file: oldPath, line: line, reason: "expected 3 columns, got \(old.count)")); continue
            }
            guard let emotion = Int(old[0]) else {
                try log.report(.malformedLine(file: oldPath, line: line, reason: "emotion '\(old[0])' is not an integer")); continue
            }
            guard (0...6).contains(emotion) else {
                try log.report(.labelOutOfRange(file: oldPath, line: line, label: emotion, validRange: 0...6)); continue
            }
            let values = old[1].split(separator: " ")
            let pixels = values.compactMap { UInt8($0) }
            guard values.count == 2304, pixels.count == 2304 else {
                try log.report(.unreadableImage(path: "\(oldPath):\(line)", reason: "expected 2304 pixel values in 0...255, got \(values.count) values of which \(pixels.count) valid"))
                continue
            }
            guard let split = FERPlus.split(old[2]) else {
                try log.report(.malformedLine(file: oldPath, line: line, reason: "Usage '\(old[2])' is not Training, PublicTest or PrivateTest")); continue
            }
            guard new.count == 12 else {
                try log.report(.malformedLine(file: newPath, line: line, reason: "expected 12 columns, got \(new.count)")); continue
            }
            guard FERPlus.split(new[0]) == split else {
                try log.report(.malformedLine(file: newPath, line: line, reason: "Usage '\(new[0])' differs from fer2013.csv's '\(old[2])'")); continue
            }
            let votes = new[2...].map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard votes.allSatisfy({ $0 != nil && $0! >= 0 }) else {
                try log.report(.malformedLine(file: newPath, line: line, reason: "votes must be non-negative integers")); continue
            }
            let counts = votes.map { $0! }
            let emotionVotes = Array(counts[0..<8])
            let best = ExpressionModel.majority(emotionVotes)
            if emotionVotes[best] == 0 || max(counts[8], counts[9]) > emotionVotes[best] { dropped += 1; continue }
            let name = new[1].isEmpty ? "fer2013:\(line)" : String(new[1])
            entries[split, default: []].append(RealEntry(name: name, path: nil, pixels: pixels, label: best, votes: emotionVotes, listing: "\(newPath):\(line)"))
        }
        skipped = log.skipped
        droppedUnknown = dropped
        core = RealDatasetCore(name: "ferplus", classes: FERPlus.classes, entries: entries, channels: 1, squareCrop: false)
    }

    static func lines(_ text: String) -> [String] {
        textLines(text).map(String.init).reversed().drop(while: { $0.isEmpty }).reversed()
    }

    static func split(_ usage: Substring) -> Split? {
        switch usage.trimmingCharacters(in: .whitespaces) {
        case "Training": return .train
        case "PublicTest": return .val
        case "PrivateTest": return .test
        default: return nil
        }
    }

    /// "ferplus".
    public var name: String { "ferplus" }
    /// neutral, happiness, surprise, sadness, anger, disgust, fear, contempt.
    public var classNames: [String] { FERPlus.classes.map(\.rawValue) }
    /// train, val and test.
    public var splits: [Split] { [.train, .val, .test] }
    /// Images in a split.
    public func count(_ split: Split) -> Int { core.entries[split]?.count ?? 0 }
    /// One 48×48 grey image with its votes.
    public func sample(_ split: Split, _ index: Int) throws -> FaceSample { try core.sample(split, index) }
}
