import Foundation

/// RAF-DB (basic), read from its published layout:
/// `EmoLabel/list_patition_label.txt` with lines `train_00001.jpg 5` (labels 1-7 in the order
/// surprise, fear, disgust, happiness, sadness, anger, neutral; the split is the name's prefix)
/// and images `Image/aligned/train_00001_aligned.jpg` (100×100 RGB JPEG). Landmarks under
/// `Annotation/` refer to the original, unaligned images, so they are not attached to the aligned faces.
public struct RAFDB: FaceSource {
    /// Classes in RAF-DB's order.
    public static let classes: [Emotion] = [.surprise, .fear, .disgust, .happiness, .sadness, .anger, .neutral]
    /// Bad entries dropped under `skipBad` (empty otherwise).
    public let skipped: [DataError]
    let core: RealDatasetCore

    /// Reads the label list and checks every image under `root`.
    public init(root: String, options: ReaderOptions = ReaderOptions()) throws {
        try requireFolder(root, what: "RAF-DB root folder")
        let listPath = root + "/EmoLabel/list_patition_label.txt"
        let text = try readText(listPath, what: "RAF-DB label list")
        try requireFolder(root + "/Image/aligned", what: "RAF-DB aligned images folder")
        var log = BadEntryLog(skipBad: options.skipBad)
        var candidates: [(Split, RealEntry, Int)] = []
        for (k, raw) in textLines(text).enumerated() {
            let lineNumber = k + 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 2 else {
                try log.report(.malformedLine(file: listPath, line: lineNumber, reason: "expected 'NAME.jpg LABEL', got '\(line)'"))
                continue
            }
            let file = String(fields[0])
            let split: Split
            if file.hasPrefix("train_") { split = .train } else if file.hasPrefix("test_") { split = .test } else {
                try log.report(.malformedLine(file: listPath, line: lineNumber, reason: "image name '\(file)' starts with neither train_ nor test_"))
                continue
            }
            guard file.lowercased().hasSuffix(".jpg") else {
                try log.report(.malformedLine(file: listPath, line: lineNumber, reason: "image name '\(file)' does not end in .jpg"))
                continue
            }
            guard let label = Int(fields[1]) else {
                try log.report(.malformedLine(file: listPath, line: lineNumber, reason: "label '\(fields[1])' is not an integer"))
                continue
            }
            guard (1...7).contains(label) else {
                try log.report(.labelOutOfRange(file: listPath, line: lineNumber, label: label, validRange: 1...7))
                continue
            }
            let stem = String(file.dropLast(4))
            let path = root + "/Image/aligned/" + stem + "_aligned.jpg"
            candidates.append((split, RealEntry(name: file, path: path, label: label - 1, listing: "\(listPath):\(lineNumber)"), lineNumber))
        }
        let problems = Parallel.map(candidates.count) { i in
            RealDatasetCore.check(candidates[i].1)
        }
        var entries: [Split: [RealEntry]] = [.train: [], .test: []]
        for (i, c) in candidates.enumerated() {
            if let problem = problems[i] { try log.report(problem); continue }
            entries[c.0, default: []].append(c.1)
        }
        skipped = log.skipped
        core = RealDatasetCore(name: "raf-db", classes: RAFDB.classes, entries: entries, channels: 3, squareCrop: false)
    }

    /// "raf-db".
    public var name: String { "raf-db" }
    /// surprise, fear, disgust, happiness, sadness, anger, neutral.
    public var classNames: [String] { RAFDB.classes.map(\.rawValue) }
    /// train and test.
    public var splits: [Split] { [.train, .test] }
    /// Images in a split.
    public func count(_ split: Split) -> Int { core.entries[split]?.count ?? 0 }
    /// One image, decoded from its JPEG.
    public func sample(_ split: Split, _ index: Int) throws -> FaceSample { try core.sample(split, index) }
}
