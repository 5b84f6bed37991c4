import Configuration
import Foundation
import Paper
import Testing

/// `lldif compare` on tiny trained runs: the numbers it prints are the runs' stored accuracies and
/// their differences, and runs it cannot pair are named errors.
@Suite struct CompareCommandTests {
    @Test func comparesStoredEvaluationsAndRefusesUnpairedRuns() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("compare-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = RunStore(root: root)
        func train(_ overrides: [String]) throws -> (name: String, accuracy: Double) {
            let config = try Profile.smoke.config(overriding: [
                "data.train_count=64", "data.test_count=32", "data.image_size=16", "train.epochs=1", "pretrain.backbone=none",
            ] + overrides)
            let folder = try TrainingRuns.obtain(model: .resnet18, dataset: DatasetID(.synRAF, lowLight: true), config: config,
                                                 store: store) { _ in }
            return (folder.spec.name, try folder.readMetrics(RunMetrics.self).accuracy)
        }
        let a = try train(["train.seed=0"]), b = try train(["train.seed=2"])  // 3.1 % and 25.0 %: they differ
        let result = try LLDifTool.run(["compare", a.name, b.name, "--store", root.path])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix(String(format: "reference %@: accuracy %.1f [", a.name, 100 * a.accuracy)) == true, "\(lines)")
        #expect(lines.dropFirst().first?.contains(String(format: "minus the reference %.1f [", 100 * (b.accuracy - a.accuracy))) == true,
                "\(lines)")
        // One run per seed: no spread is printed. Two seeds: each line gives the sd of its two runs'
        // accuracies, |a − b| / √2, and the χ² interval around it (1 degree of freedom: 0.45 s to 31.9 s).
        #expect(!result.output.contains("sd over"), "\(result.output)")
        let twoSeeds = try LLDifTool.run(["compare", "\(a.name),\(b.name)", "\(b.name),\(a.name)", "--store", root.path])
        #expect(a.accuracy != b.accuracy, "two seeds with one accuracy would make the spread check below vacuous")
        let sd = 100 * abs(a.accuracy - b.accuracy) / 2.0.squareRoot()
        let spreadLines = twoSeeds.output.split(separator: "\n").compactMap { line -> [Double]? in
            guard let range = line.range(of: "; sd over 2 seeds ") else { return nil }
            return line[range.upperBound...].split(whereSeparator: { " [],p".contains($0) }).compactMap { Double($0) }
        }
        #expect(spreadLines.count == 2, "\(twoSeeds.output)")
        for numbers in spreadLines {
            #expect(numbers.count == 3 && abs(numbers[0] - sd) < 0.006 && abs(numbers[1] - 0.44615 * sd) < 0.006
                    && abs(numbers[2] - 31.910 * sd) < 0.006 + 1e-4 * sd, "\(numbers) for sd \(sd)")
        }
        // A run against itself: a zero-width interval at 0.
        let same = try LLDifTool.run(["compare", a.name, a.name, "--store", root.path])
        #expect(same.output.contains("minus the reference 0.0 [0.0, 0.0] pp"), "\(same.output)")
        // Runs tested on other images cannot be paired.
        let other = try train(["data.test_count=24"])
        let unpaired = try LLDifTool.run(["compare", a.name, other.name, "--store", root.path])
        #expect(unpaired.status != 0 && unpaired.error.contains("was evaluated on other test images"), "\(unpaired.error)")
        // Variants of different sizes, and a single variant, are refused before anything is read.
        let uneven = try LLDifTool.run(["compare", "\(a.name),\(b.name)", a.name, "--store", root.path])
        #expect(uneven.status != 0 && uneven.error.contains("as many runs"), "\(uneven.error)")
        let lone = try LLDifTool.run(["compare", a.name, "--store", root.path])
        #expect(lone.status != 0 && lone.error.contains("at least two variants"), "\(lone.error)")
    }
}
