import ArgumentParser
import FaceData
import Foundation

/// `lldif data stats`: class counts and intensity statistics, normal light vs low light.
struct DataStats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Class counts and intensity statistics (normal vs low light) of a SynFER flavour or a real dataset folder.",
        discussion: """
        Examples:
          lldif data stats --source syn-raf --limit 2000
          lldif data stats --source raf-db --root ~/data --skip-bad     # ~/data holds raf-db/
        """)

    @Option(help: "Source: syn-raf, syn-ferplus, syn-kdef, raf-db, ferplus or kdef.")
    var source: String = "syn-raf"
    @Option(help: "The folder holding raf-db/, ferplus/ and kdef/ (DATA_ROOT; real datasets only).")
    var root: String?
    @Option(help: "Seed (SynFER generation and the low-light degradation).")
    var seed: UInt64 = 0
    @Option(help: "Low-light recipe for the LL statistics: sensor or gamma.")
    var recipe: String = "sensor"
    @Option(help: "Images per split used for the intensity statistics (class counts use every image).")
    var limit: Int = 500
    @Flag(help: "Drop bad entries of a real dataset and count them instead of stopping at the first.")
    var skipBad = false

    func run() throws {
        let recipe = try LowLightRecipe.named(self.recipe)
        guard !source.hasPrefix(LowLightSource.namePrefix) else { throw ValidationError("give the base source; stats reports normal and LL side by side") }
        // DATA_ROOT holds one folder per real dataset, named as the source (raf-db/, ferplus/, kdef/).
        let folder = root.map { URL(fileURLWithPath: $0, isDirectory: true).appendingPathComponent(source).path }
        let base = try SourceCatalog.open(source, root: folder, seed: seed, options: ReaderOptions(skipBad: skipBad))
        if let skipped = (base as? RAFDB)?.skipped ?? (base as? FERPlus)?.skipped ?? (base as? KDEF)?.skipped, !skipped.isEmpty {
            print("skipped \(skipped.count) bad entries; first: \(skipped[0])")
        }
        if let fer = base as? FERPlus { print("dropped \(fer.droppedUnknown) rows whose majority is unknown or not-a-face") }
        let lowLight = LowLightSource(base: base, config: LowLightConfig(recipe: recipe), seed: seed)
        print("source \(base.name) (low light: \(recipe.rawValue))")
        for split in base.splits {
            let n = base.count(split)
            print("\n[\(split.rawValue)] \(n) images")
            var counts = [Int](repeating: 0, count: base.classNames.count)
            if let synfer = base as? SynFER {
                let plans = Parallel.map(n) { synfer.plan(split, $0) }
                for p in plans { counts[p.label] += 1 }
                let agreement = plans.reduce(0.0) { $0 + Double($1.votes[$1.label]) / Double($1.votes.reduce(0, +)) } / Double(n)
                var offMajority = [Int](repeating: 0, count: base.classNames.count)
                for p in plans where ExpressionModel.majority(p.votes) != p.label { offMajority[p.label] += 1 }
                print("  labels that are not their votes' majority, per class: " + offMajority.map(String.init).joined(separator: " "))
                let unanimous = plans.filter { $0.votes[$0.label] == $0.votes.reduce(0, +) }.count
                let shifted = plans.filter { $0.intended != synfer.flavour.classes[$0.label] }.count
                var clean = synfer.config.expression
                clean.annotatorNoise = 0
                clean.annotatorLapse = 0
                var rng = SeededRandom(seed: 0)
                let disagree = plans.filter {
                    ExpressionModel.perceive($0.spec.units, classes: synfer.flavour.classes, config: clean, rng: &rng) != $0.label
                }.count
                print(String(format: "  annotators: %.1f%% of votes agree with the label, %.1f%% unanimous", 100 * agreement, 100 * Double(unanimous) / Double(n)))
                print(String(format: "  label noise: %.1f%% of labels differ from a noise-free reading of the drawn AUs; %.1f%% of faces were generated from another emotion",
                             100 * Double(disagree) / Double(n), 100 * Double(shifted) / Double(n)))
            } else {
                for label in base.labels(split) { counts[label] += 1 }
            }
            for (k, name) in base.classNames.enumerated() {
                print("  " + name.padding(toLength: 10, withPad: " ", startingAt: 0)
                      + String(format: " %6d  %5.1f%%", counts[k], 100 * Double(counts[k]) / Double(max(1, n))))
            }
            let m = min(limit, n)
            guard m > 0 else { continue }
            let pairs = try Parallel.map(m) { i -> (IntensityStats, IntensityStats) in
                let s = try lowLight.sample(split, i)
                guard let normalLight = s.normalLight else {
                    throw DataError.invalidRequest("\(lowLight.name): \(split.rawValue) sample \(i) has no normal-light twin")
                }
                return (IntensityStats(normalLight), IntensityStats(s.image))
            }
            let normal = IntensityStats.merged(pairs.map(\.0)), dark = IntensityStats.merged(pairs.map(\.1))
            print("  intensity over \(m) images      mean    std   <0.1  <0.25  histogram (8 bins, 0 to 1)")
            print("  normal light  " + normal.line)
            print("  low light     " + dark.line)
        }
    }
}

/// Mean, standard deviation and an 8-bin histogram of pixel values.
struct IntensityStats {
    var sum = 0.0, sumSquares = 0.0, count = 0.0, below01 = 0.0, below025 = 0.0
    var bins = [Double](repeating: 0, count: 8)

    init() {}

    init(_ image: FaceImage) {
        for v in image.pixels {
            let d = Double(v)
            sum += d
            sumSquares += d * d
            count += 1
            if d < 0.1 { below01 += 1 }
            if d < 0.25 { below025 += 1 }
            bins[min(7, Int(d * 8))] += 1
        }
    }

    static func merged(_ parts: [IntensityStats]) -> IntensityStats {
        var out = IntensityStats()
        for p in parts {
            out.sum += p.sum
            out.sumSquares += p.sumSquares
            out.count += p.count
            out.below01 += p.below01
            out.below025 += p.below025
            for k in 0..<8 { out.bins[k] += p.bins[k] }
        }
        return out
    }

    var line: String {
        let mean = sum / count
        let std = (max(0, sumSquares / count - mean * mean)).squareRoot()
        let shares = bins.map { $0 / count }
        return String(format: "%7.3f %6.3f %6.2f %6.2f  ", mean, std, below01 / count, below025 / count)
            + shares.map { String(format: "%.2f", $0) }.joined(separator: " ")
    }
}
