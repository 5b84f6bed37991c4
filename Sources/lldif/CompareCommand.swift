import Analysis
import ArgumentParser
import Foundation
import LLDif
import Paper

/// `lldif compare`: trained runs side by side on their stored test evaluations, each against the
/// first with a hierarchical-bootstrap interval of the accuracy difference.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare runs evaluated on the same test split: accuracies and differences with bootstrap intervals.",
        discussion: """
        Each VARIANT is one run (model/hash or a run folder) or several separated by commas, one per training
        seed, in the same seed order in every variant. The first variant is the reference; every other one is
        reported as its accuracy minus the reference's, with the 95% and 90% intervals of the hierarchical
        bootstrap (seeds paired by position, test images paired). With several seeds, each variant's line
        also gives the standard deviation of its runs' accuracies over seeds and the 95% interval of the
        true one (chi-squared, normal seeds). Runs evaluated on different test images are an error. This is
        how settings are compared on a validation draw (bench/*/FINDINGS.md).
        """
    )

    @Argument(help: ArgumentHelp("Runs to compare, the reference first; a comma-separated list per variant for several seeds.",
                                 valueName: "variant"))
    var variants: [String]

    @Option(help: "Run store folder (default: $LLDIF_RUNS or ./runs).")
    var store: String?

    @Option(help: "Seed of the bootstrap's draws.")
    var bootstrapSeed: UInt64 = 0

    func validate() throws {
        guard variants.count >= 2 else { throw ValidationError("give at least two variants: the reference and one to compare") }
        let sizes = Set(variants.map { $0.split(separator: ",").count })
        guard sizes.count == 1 else { throw ValidationError("every variant needs as many runs (one per seed); got \(variants.joined(separator: " "))") }
    }

    func run() throws {
        let runStore = store.map { RunStore(root: URL(fileURLWithPath: $0, isDirectory: true)) } ?? .standard()
        do {
            let scored = try variants.map { try scores(of: $0, store: runStore) }
            let bootstrap = try HierarchicalBootstrap(seed: bootstrapSeed)
            let reference = scored[0]
            print("reference \(variants[0]): accuracy \(Self.format(bootstrap.interval(of: reference.scores), scale: 100)) %"
                  + (try Self.spread(reference.accuracies)))
            for (variant, other) in zip(variants.dropFirst(), scored.dropFirst()) {
                guard other.labels == reference.labels else {
                    throw ValidationError("\(variant) was evaluated on other test images than \(variants[0])")
                }
                let difference = try bootstrap.interval(of: other.scores, minus: reference.scores, sharedImages: true)
                print("\(variant): accuracy \(Self.format(bootstrap.interval(of: other.scores), scale: 100)) %, "
                      + "minus the reference \(Self.format(difference, scale: 100)) pp "
                      + String(format: "(90%% [%.1f, %.1f])", 100 * difference.ci90.lower, 100 * difference.ci90.upper)
                      + (try Self.spread(other.accuracies)))
            }
            print("(\(reference.scores.seeds.count) seed(s) paired by position, \(reference.scores.imageCount) test images paired; 95% intervals)")
        } catch let error as TrainingError {
            throw ValidationError(error.description)
        }
    }

    /// The per-image hits of the runs of `variant` (one row per run, seeds numbered by position),
    /// each run's accuracy, and the labels they were scored on, which must agree between the runs.
    func scores(of variant: String, store: RunStore) throws -> (scores: SeedScores, accuracies: [Double], labels: [Int]) {
        var rows: [[Double]] = [], labels: [Int]?
        for reference in variant.split(separator: ",").map(String.init) {
            let folder = try TrainingRuns.folder(reference, store: store)
            let evaluation = try ClassifierEvaluation(contentsOf: folder.url.appendingPathComponent(EvaluationExport.fileName))
            if let labels, labels != evaluation.labels {
                throw ValidationError("the runs of \(variant) were evaluated on different test images")
            }
            labels = evaluation.labels
            rows.append(zip(evaluation.predictions, evaluation.labels).map { $0 == $1 ? 1 : 0 })
        }
        let accuracies = rows.map { $0.reduce(0, +) / Double(max($0.count, 1)) }
        return (try SeedScores(seeds: Array(rows.indices), rows: rows), accuracies, labels ?? [])
    }

    /// "; sd over n seeds s [lower, upper] pp" (the 95 % χ² interval of the true standard
    /// deviation, issue #19's spread target) for runs of several seeds, else nothing.
    static func spread(_ accuracies: [Double]) throws -> String {
        let summary = try MeanAndDeviation(accuracies.map { 100 * $0 })
        guard let sd = summary.standardDeviation, let interval = try summary.deviationInterval(level: 0.95) else { return "" }
        return String(format: "; sd over %d seeds %.2f [%.2f, %.2f] pp", summary.count, sd, interval.lowerBound, interval.upperBound)
    }

    /// `estimate [lower, upper]` of the 95 % interval, times `scale`, one decimal.
    static func format(_ interval: IntervalEstimate, scale: Double) -> String {
        String(format: "%.1f [%.1f, %.1f]", scale * interval.estimate, scale * interval.ci95.lower, scale * interval.ci95.upper)
    }
}
