import Foundation

/// KDEF: folders like `AF01/` holding `AF01AFS.JPG` (session A/B, gender F/M, person 01-35,
/// expression AF AN DI HA NE SA SU, angle FL HL S HR FR). There is no official split: by default a
/// subject-disjoint 80/20 split from a seeded shuffle of the people; `randomSplit` gives a random
/// 90/10 split of the images instead (name it in any report). Images are cropped to their top
/// centred square (the face) before use.
public struct KDEF: FaceSource {
    /// How the images are split.
    public enum SplitMode: String, Sendable {
        /// 80/20 by person, from a seeded shuffle of the people.
        case subjectDisjoint
        /// 90/10 by image, from a seeded shuffle of the images.
        case randomSplit
    }

    /// Classes in KDEF's order (afraid, angry, disgusted, happy, neutral, sad, surprised).
    public static let classes: [Emotion] = [.fear, .anger, .disgust, .happiness, .neutral, .sadness, .surprise]
    /// KDEF's expression codes in class order.
    public static let expressionCodes = ["AF", "AN", "DI", "HA", "NE", "SA", "SU"]
    /// KDEF's angle codes and the yaw each stands for.
    public static let angleCodes: [String: Double] = ["FL": -90, "HL": -45, "S": 0, "HR": 45, "FR": 90]
    /// Bad entries dropped under `skipBad` (empty otherwise).
    public let skipped: [DataError]
    /// The split mode used.
    public let mode: SplitMode
    let core: RealDatasetCore

    /// Lists every session folder under `root` and parses every image name.
    public init(root: String, mode: SplitMode = .subjectDisjoint, options: ReaderOptions = ReaderOptions()) throws {
        try requireFolder(root, what: "KDEF root folder")
        let fm = FileManager.default
        let folders = try fm.contentsOfDirectory(atPath: root).filter { name in
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: root + "/" + name, isDirectory: &isDir) && isDir.boolValue && !name.hasPrefix(".")
        }.sorted()
        guard !folders.isEmpty else { throw DataError.missing(path: root, what: "KDEF session folders such as AF01/") }
        var log = BadEntryLog(skipBad: options.skipBad)
        var all: [RealEntry] = []
        var people: [String] = []
        for folder in folders {
            let dir = root + "/" + folder
            guard let person = KDEF.person(folder) else {
                try log.report(.badFileName(path: dir, reason: "expected a session folder like AF01 (A/B, F/M, 01-35)")); continue
            }
            if !people.contains(person) { people.append(person) }
            for file in try fm.contentsOfDirectory(atPath: dir).sorted() where !file.hasPrefix(".") {
                let path = dir + "/" + file
                let upper = file.uppercased()
                guard upper.hasSuffix(".JPG"), upper.hasPrefix(folder.uppercased()) else {
                    try log.report(.badFileName(path: path, reason: "expected \(folder)<EXPRESSION><ANGLE>.JPG")); continue
                }
                let code = upper.dropFirst(folder.count).dropLast(4)
                let expression = String(code.prefix(2)), angle = String(code.dropFirst(2))
                guard let label = KDEF.expressionCodes.firstIndex(of: expression) else {
                    try log.report(.badFileName(path: path, reason: "expression code '\(expression)' is not one of \(KDEF.expressionCodes.joined(separator: " "))")); continue
                }
                guard let yaw = KDEF.angleCodes[angle] else {
                    try log.report(.badFileName(path: path, reason: "angle code '\(angle)' is not one of FL HL S HR FR")); continue
                }
                all.append(RealEntry(name: file, path: path, label: label, identity: people.firstIndex(of: person) ?? people.count,
                                     pose: Pose(yaw: yaw), listing: "the KDEF folder listing"))
            }
        }
        let problems = Parallel.map(all.count) { i in RealDatasetCore.check(all[i]) }
        var good: [RealEntry] = []
        for (i, e) in all.enumerated() {
            if let problem = problems[i] { try log.report(problem) } else { good.append(e) }
        }
        var rng = SeededRandom(seed: options.splitSeed, keys: [SeededRandom.key("kdef-split"), SeededRandom.key(mode.rawValue)])
        var entries: [Split: [RealEntry]] = [.train: [], .test: []]
        switch mode {
        case .subjectDisjoint:
            let order = rng.permutation(people.count)
            let nTrain = Int((Double(people.count) * 0.8).rounded())
            let trainPeople = Set(order.prefix(nTrain))
            for e in good { entries[trainPeople.contains(e.identity ?? -1) ? .train : .test, default: []].append(e) }
        case .randomSplit:
            let order = rng.permutation(good.count)
            let nTrain = Int((Double(good.count) * 0.9).rounded())
            for (k, i) in order.enumerated() { entries[k < nTrain ? .train : .test, default: []].append(good[i]) }
        }
        skipped = log.skipped
        self.mode = mode
        core = RealDatasetCore(name: "kdef", classes: KDEF.classes, entries: entries, channels: 3, squareCrop: true)
    }

    /// "F01" for folder "AF01": the person, shared by sessions A and B.
    static func person(_ folder: String) -> String? {
        let chars = Array(folder.uppercased())
        guard chars.count == 4, chars[0] == "A" || chars[0] == "B", chars[1] == "F" || chars[1] == "M",
              let n = Int(String(chars[2...3])), (1...35).contains(n) else { return nil }
        return String(chars[1...3])
    }

    /// "kdef".
    public var name: String { "kdef" }
    /// afraid, angry, disgusted, happy, neutral, sad, surprised.
    public var classNames: [String] { KDEF.classes.map(\.adjective) }
    /// train and test.
    public var splits: [Split] { [.train, .test] }
    /// Images in a split.
    public func count(_ split: Split) -> Int { core.entries[split]?.count ?? 0 }
    /// One image, decoded and cropped to its top centred square.
    public func sample(_ split: Split, _ index: Int) throws -> FaceSample { try core.sample(split, index) }
}
