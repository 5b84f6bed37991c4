import Foundation

/// Writes SynFER faces into the published layouts of RAF-DB, FERPlus and KDEF, under one folder
/// (`raf-db/`, `ferplus/`, `kdef/`), with the real file names, label files and image formats. It
/// exists to test the real-data path end to end without the licensed datasets: the readers, the
/// landmark prediction, every chapter and the report run on these folders exactly as on the real
/// ones. A folder written here is never a stand-in for a real dataset's numbers.
public struct RealLayoutWriter: Sendable {
    /// Images per split of each dataset; KDEF takes people instead (70 images each).
    public struct Counts: Sendable, Equatable {
        /// RAF-DB training and test images.
        public var rafTrain: Int, rafTest: Int
        /// FERPlus training, validation (PublicTest) and test (PrivateTest) rows.
        public var ferTrain: Int, ferVal: Int, ferTest: Int
        /// KDEF people (each 2 sessions × 7 expressions × 5 angles); at most 70.
        public var kdefPeople: Int

        /// Counts from their parts.
        public init(rafTrain: Int, rafTest: Int, ferTrain: Int, ferVal: Int, ferTest: Int, kdefPeople: Int) {
            (self.rafTrain, self.rafTest) = (rafTrain, rafTest)
            (self.ferTrain, self.ferVal, self.ferTest) = (ferTrain, ferVal, ferTest)
            self.kdefPeople = kdefPeople
        }

        /// Enough for the smoke profile (448 training and 224 test images per dataset at most).
        public static let smoke = Counts(rafTrain: 448, rafTest: 224, ferTrain: 448, ferVal: 64, ferTest: 224, kdefPeople: 10)
    }

    /// The SynFER seed the faces come from.
    public var seed: UInt64
    /// The line ending of every text file written ("\n", or "\r\n" as many published copies have).
    public var lineEnding: String

    /// A writer of SynFER faces under `seed`.
    public init(seed: UInt64 = 0, lineEnding: String = "\n") {
        self.seed = seed
        self.lineEnding = lineEnding
    }

    /// Writes `raf-db/`, `ferplus/` and `kdef/` under `root` (created when missing).
    public func writeAll(to root: String, counts: Counts) throws {
        try writeRAFDB(to: root + "/raf-db", train: counts.rafTrain, test: counts.rafTest)
        try writeFERPlus(to: root + "/ferplus", train: counts.ferTrain, val: counts.ferVal, test: counts.ferTest)
        try writeKDEF(to: root + "/kdef", people: counts.kdefPeople)
    }

    /// RAF-DB basic: `EmoLabel/list_patition_label.txt` (`train_00001.jpg 5`, labels 1–7) and
    /// `Image/aligned/train_00001_aligned.jpg`, 100 × 100 RGB JPEGs.
    public func writeRAFDB(to root: String, train: Int, test: Int) throws {
        let synfer = SynFER(flavour: .synRAF, seed: seed)
        try makeFolder(root + "/Image/aligned")
        var lines: [String] = []
        for (split, count, digits) in [(Split.train, train, 5), (.test, test, 4)] {
            let samples = try render(synfer, split, count)
            for (i, sample) in samples.enumerated() {
                let name = split.rawValue + "_" + String(format: "%0\(digits)d", i + 1)
                try ImageIO.writeJPEG(sample.image.resized(width: 100, height: 100),
                                      to: root + "/Image/aligned/\(name)_aligned.jpg", quality: 92)
                lines.append("\(name).jpg \(sample.label + 1)")
            }
        }
        try writeText(lines, to: root + "/EmoLabel/list_patition_label.txt")
    }

    /// FERPlus: `fer2013.csv` (`emotion,pixels,Usage`, 2,304 grey values per 48 × 48 image) and
    /// `fer2013new.csv` (`Usage,Image name,` 8 emotion votes, unknown, NF), joined row by row.
    public func writeFERPlus(to root: String, train: Int, val: Int, test: Int) throws {
        let synfer = SynFER(flavour: .synFERPlus, seed: seed)
        // FER2013's own label order (angry, disgust, fear, happy, sad, surprise, neutral); contempt,
        // which FER2013 lacks, is written as neutral. The FERPlus reader takes the label from the votes.
        let fer2013: [Emotion] = [.anger, .disgust, .fear, .happiness, .sadness, .surprise, .neutral]
        var old = ["emotion,pixels,Usage"]
        var new = ["Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF"]
        var row = 0
        for (split, count, usage) in [(Split.train, train, "Training"), (.val, val, "PublicTest"), (.test, test, "PrivateTest")] {
            for sample in try render(synfer, split, count) {
                let grey = sample.image.resized(width: 48, height: 48).converted(toChannels: 1).interleavedBytes()
                let emotion = SynFERFlavour.synFERPlus.classes[sample.label]
                old.append("\(fer2013.firstIndex(of: emotion) ?? 6),\(grey.map(String.init).joined(separator: " ")),\(usage)")
                let votes = (sample.votes ?? []) + [0, 0]
                new.append("\(usage),fer\(String(format: "%07d", row)).png,\(votes.map(String.init).joined(separator: ","))")
                row += 1
            }
        }
        try writeText(old, to: root + "/fer2013.csv")
        try writeText(new, to: root + "/fer2013new.csv")
    }

    /// KDEF: session folders `AF01/` … holding `AF01AFS.JPG` (session A/B, gender F/M, person
    /// 01–35, expression, angle), portrait RGB JPEGs with the face in the top square.
    public func writeKDEF(to root: String, people: Int) throws {
        guard (1...70).contains(people) else {
            throw DataError.invalidRequest("KDEF has 70 people (35 women, 35 men); asked for \(people)")
        }
        let synfer = SynFER(flavour: .synKDEF, seed: seed)
        let angles = ["FL", "HL", "S", "HR", "FR"]  // SynFER.kdefAngles' order
        var written = 0
        for split in [Split.train, .test] {
            let persons = synfer.kdefPeople[split] ?? []
            for (p, person) in persons.enumerated() where written < people {
                written += 1
                let samples = Parallel.map(70) { k in synfer.sample(split, p * 70 + k) }
                for (k, sample) in samples.enumerated() {
                    let session = k / 35 == 0 ? "A" : "B"
                    let folder = session + (person < 35 ? "F" : "M") + String(format: "%02d", person % 35 + 1)
                    let code = KDEF.expressionCodes[sample.label] + angles[k % 5]
                    try makeFolder(root + "/" + folder)
                    try ImageIO.writeJPEG(portrait(sample.image), to: root + "/\(folder)/\(folder)\(code).JPG", quality: 90)
                }
            }
        }
    }

    /// The first `count` samples of a split, rendered on the data threads.
    private func render(_ synfer: SynFER, _ split: Split, _ count: Int) throws -> [FaceSample] {
        guard count <= synfer.count(split) else {
            throw DataError.invalidRequest("\(synfer.flavour.rawValue) has \(synfer.count(split)) \(split.rawValue) samples; asked for \(count)")
        }
        return Parallel.map(count) { synfer.sample(split, $0) }
    }

    /// A 128 × 174 portrait (KDEF's aspect) with the face, upscaled to 128 × 128, at the top third
    /// of the spare height, where the KDEF reader's crop looks for it; the rest is the border colour.
    private func portrait(_ face: FaceImage) -> FaceImage {
        let square = face.resized(width: 128, height: 128)
        var out = FaceImage(width: 128, height: 174, channels: square.channels)
        let top = (174 - 128) / 3
        for c in 0..<square.channels {
            let border = square[c, 0, 0]
            for y in 0..<174 {
                for x in 0..<128 {
                    let inside = y >= top && y < top + 128
                    out[c, y, x] = inside ? square[c, y - top, x] : border
                }
            }
        }
        return out
    }

    private func writeText(_ lines: [String], to path: String) throws {
        try makeFolder((path as NSString).deletingLastPathComponent)
        let text = lines.joined(separator: lineEnding) + lineEnding
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw DataError.unwritableImage(path: path, reason: error.localizedDescription)
        }
    }

    private func makeFolder(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw DataError.unwritableImage(path: path, reason: error.localizedDescription)
        }
    }
}
