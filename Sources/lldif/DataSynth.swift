import ArgumentParser
import FaceData
import Foundation

/// `lldif data synth`: SynFER faces as PNGs plus a CSV of labels, votes, landmarks and captions.
struct DataSynth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generate SynFER faces: PNGs and labels.csv (label, votes, landmarks, pose, captions).",
        discussion: """
        Sample i of a flavour under a seed is always the same image. With --low-light, NAME.png is the \
        low-light image and normal/NAME.png its normal-light original.
        """)

    @Option(help: "SynFER flavour: syn-raf, syn-ferplus or syn-kdef.")
    var flavour: String = "syn-raf"
    @Option(help: "Number of faces (the first COUNT of the split).")
    var count: Int = 64
    @Option(help: "Split: train, val (syn-ferplus only) or test.")
    var split: String = "train"
    @Option(help: "Generator seed.")
    var seed: UInt64 = 0
    @Option(help: "Low-light recipe: sensor, gamma or none.")
    var lowLight: String = "none"
    @Option(help: "Output folder (created if missing).")
    var out: String

    func run() throws {
        let flavour = try SynFERFlavour.named(self.flavour)
        let split = try parseSplit(self.split)
        let recipe = try parseLowLight(lowLight)
        let synfer = SynFER(flavour: flavour, seed: seed)
        let available = synfer.count(split)
        guard available > 0 else { throw ValidationError("\(flavour.rawValue) has no \(split.rawValue) split") }
        guard count > 0, count <= available else {
            throw ValidationError("--count must be in 1...\(available) for \(flavour.rawValue) \(split.rawValue)")
        }
        var source: any FaceSource = synfer
        if let recipe { source = LowLightSource(base: synfer, config: LowLightConfig(recipe: recipe), seed: seed) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        if recipe != nil { try FileManager.default.createDirectory(atPath: out + "/normal", withIntermediateDirectories: true) }
        var rows = [SampleCSV.header(classNames: synfer.classNames)]
        let chunk = 256
        var done = 0
        for start in stride(from: 0, to: count, by: chunk) {
            let n = min(chunk, count - start)
            let names = try Parallel.map(n) { k -> (String, String) in
                let index = start + k
                let s = try source.sample(split, index)
                let file = String(format: "%@_%@_%06d.png", flavour.rawValue, split.rawValue, index)
                try ImageIO.writePNG(s.image, to: out + "/" + file)
                if let normal = s.normalLight { try ImageIO.writePNG(normal, to: out + "/normal/" + file) }
                return (file, SampleCSV.row(file: file, split: split, index: index, sample: s, classNames: synfer.classNames))
            }
            rows += names.map(\.1)
            done += n
            progress(done, of: count, every: chunk, label: "synth \(flavour.rawValue)")
        }
        try (rows.joined(separator: "\n") + "\n").write(toFile: out + "/labels.csv", atomically: true, encoding: .utf8)
        print("wrote \(count) faces and labels.csv to \(out)")
    }
}

/// The labels.csv format of `lldif data synth`.
enum SampleCSV {
    static func header(classNames: [String]) -> String {
        "file,split,index,label,class,votes,identity,yaw,roll,landmarks,caption,label_aware_caption"
    }

    /// One row: votes are ';'-separated counts in class order; landmarks are x;y;visible triples.
    static func row(file: String, split: Split, index: Int, sample s: FaceSample, classNames: [String]) -> String {
        let votes = (s.votes ?? []).map(String.init).joined(separator: ";")
        let marks = s.landmarks.map { String(format: "%.2f;%.2f;%d", $0.x, $0.y, $0.visible ? 1 : 0) }.joined(separator: ";")
        let yaw = s.pose.map { String(format: "%.1f", $0.yaw) } ?? ""
        let roll = s.pose.map { String(format: "%.1f", $0.roll) } ?? ""
        let identity = s.identity.map(String.init) ?? ""
        return [file, split.rawValue, String(index), String(s.label), classNames[s.label], votes, identity, yaw, roll, marks,
                quoted(s.caption), quoted(s.labelAwareCaption)].joined(separator: ",")
    }

    static func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
