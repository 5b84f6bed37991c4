import ArgumentParser
import FaceData
import Foundation

/// `lldif data real-layout`: SynFER faces written in the published layouts of RAF-DB, FERPlus and
/// KDEF, to try the real-data path (`make paper DATA=real DATA_ROOT=DIR`) without the datasets.
struct DataRealLayout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "real-layout",
        abstract: "Write SynFER faces as raf-db/, ferplus/ and kdef/ in their published layouts (a test fixture).",
        discussion: """
        raf-db/: EmoLabel/list_patition_label.txt and Image/aligned/*_aligned.jpg (100 × 100). \
        ferplus/: fer2013.csv and fer2013new.csv. kdef/: AF01/AF01AFS.JPG ... (portrait JPEGs). \
        The result tests the kit's real-data path; its numbers are SynFER's, never a real dataset's.
        """)

    @Option(help: "Output folder (created if missing); DATA_ROOT for `make paper DATA=real`.")
    var out: String
    @Option(help: "SynFER seed of the faces.")
    var seed: UInt64 = 0
    @Option(help: "RAF-DB training and test images, as TRAIN,TEST.")
    var raf: String = "\(RealLayoutWriter.Counts.smoke.rafTrain),\(RealLayoutWriter.Counts.smoke.rafTest)"
    @Option(help: "FERPlus training, validation and test rows, as TRAIN,VAL,TEST.")
    var ferplus = [RealLayoutWriter.Counts.smoke.ferTrain, RealLayoutWriter.Counts.smoke.ferVal, RealLayoutWriter.Counts.smoke.ferTest]
        .map(String.init).joined(separator: ",")
    @Option(help: "KDEF people (70 images each; at most 70).")
    var kdefPeople = RealLayoutWriter.Counts.smoke.kdefPeople
    @Flag(help: "Write the text files with Windows line endings (CRLF), as many published copies have.")
    var crlf = false

    func run() throws {
        let raf = try counts(self.raf, 2, "--raf"), fer = try counts(ferplus, 3, "--ferplus")
        let counts = RealLayoutWriter.Counts(rafTrain: raf[0], rafTest: raf[1], ferTrain: fer[0], ferVal: fer[1], ferTest: fer[2],
                                             kdefPeople: kdefPeople)
        try RealLayoutWriter(seed: seed, lineEnding: crlf ? "\r\n" : "\n").writeAll(to: out, counts: counts)
        print("wrote raf-db/ (\(raf[0]) + \(raf[1]) images), ferplus/ (\(fer.map(String.init).joined(separator: " + ")) rows), kdef/ (\(kdefPeople) people, \(kdefPeople * 70) images) under \(out)")
    }

    private func counts(_ text: String, _ n: Int, _ option: String) throws -> [Int] {
        let values = text.split(separator: ",").compactMap { Int($0) }
        guard values.count == n, values.allSatisfy({ $0 >= 0 }) else {
            throw ValidationError("\(option) takes \(n) non-negative counts separated by commas (got '\(text)')")
        }
        return values
    }
}
