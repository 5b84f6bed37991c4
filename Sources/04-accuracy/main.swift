// Chapter 04 — accuracy tables: every baseline and LLDif on each low-light dataset (mean ± std over
// seeds, bootstrap CI), ResNet-18 in normal light as the reference, the stage-1 oracle marked as
// such, per-class accuracy, confusion matrices and a paired test of LLDif against the best baseline.
import Analysis
import ArgumentParser
import Chapters
import Foundation
import Paper
import Plot

struct AccuracyChapter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "04-accuracy",
        abstract: "Chapter 04: accuracy of every baseline and LLDif on each low-light dataset, with confusion matrices and a paired test.")

    @OptionGroup var options: ChapterOptions

    func run() throws {
        guard let chapter = try ResultChapter.begin("04-accuracy", revision: 1, options: options, requests: \.accuracyRuns) else { return }
        var ctx = chapter.context, runs = chapter.runs
        let plan = chapter.plan, hashes = chapter.hashes

        var table = AccuracyTable(plan: plan, settings: ctx.settings)
        for dataset in plan.datasets {
            for model in [ExperimentPlan.stage1] + plan.models {
                table.low[dataset, default: [:]][model] = try pooled(model, dataset, plan, &runs)
            }
            table.normal[dataset] = try pooled("resnet18", ExperimentPlan.normalLight(dataset), plan, &runs)
        }
        try table.record(into: &ctx)
        try ctx.finish(dataSource: plan.datasets.map { DisplayNames.dataset($0, settings: ctx.settings) }.joined(separator: ", "),
                       seeds: plan.seeds.map(UInt64.init), runHashes: hashes)
    }

    /// The seed-pooled test accuracy of `model` on `dataset`.
    func pooled(_ model: String, _ dataset: String, _ plan: ExperimentPlan, _ runs: inout ChapterRuns) throws -> SeedAccuracy {
        try SeedAccuracy(plan.seeds.map { try runs.obtain(RunRequest(model: model, dataset: dataset, seed: $0)).evaluation() })
    }
}

/// The chapter's measurements and how they become tables, figures and values.
struct AccuracyTable {
    let plan: ExperimentPlan
    let settings: Settings
    /// Low-light accuracy per dataset and model (the stage-1 oracle included).
    var low: [String: [String: SeedAccuracy]] = [:]
    /// ResNet-18 in normal light, per low-light dataset's counterpart.
    var normal: [String: SeedAccuracy] = [:]

    init(plan: ExperimentPlan, settings: Settings) {
        self.plan = plan
        self.settings = settings
    }

    func name(_ dataset: String) -> String { DisplayNames.dataset(dataset, settings: settings) }

    /// The baseline with the highest mean accuracy on `dataset`.
    func bestBaseline(_ dataset: String) -> String {
        plan.baselines.max { low[dataset]![$0]!.mean < low[dataset]![$1]!.mean }!
    }

    func record(into ctx: inout ChapterContext) throws {
        try recordMainTable(into: &ctx)
        try recordComparisons(into: &ctx)
        try recordPerClass(into: &ctx)
    }

    /// Mean ± std (in %) per model and dataset, the normal-light and oracle rows, and the CIs.
    func recordMainTable(into ctx: inout ChapterContext) throws {
        let seedNote = plan.seeds.count > 1 ? "mean ± standard deviation over \(plan.seeds.count) training seeds"
            : "one training seed (no spread over seeds at this profile)"
        func cell(_ a: SeedAccuracy, best: Bool = false) -> ResultCell {
            .number(a.mean, plusMinus: a.summary.standardDeviation, format: .percent(1), highlight: best)
        }
        var rows: [[ResultCell]] = []
        var intervals: [[ResultCell]] = []
        for model in plan.models {
            rows.append([.text(DisplayNames.model(model))] + plan.datasets.map { d in
                cell(low[d]![model]!, best: plan.models.allSatisfy { low[d]![$0]!.mean <= low[d]![model]!.mean })
            })
            intervals.append([.text(DisplayNames.model(model))] + (try plan.datasets.map { d in
                let ci = try low[d]![model]!.confidenceInterval(seed: 4)
                return .text(String(format: "%.1f [%.1f, %.1f]", 100 * ci.estimate, 100 * ci.lower, 100 * ci.upper))
            }))
        }
        rows.append([.text("ResNet-18, normal light (reference)")] + plan.datasets.map { cell(normal[$0]!) })
        rows.append([.text("LLDif stage 1 (oracle: its prior reads the label)")] + plan.datasets.map { cell(low[$0]![ExperimentPlan.stage1]!) })
        let majority = plan.datasets.map { low[$0]![ExperimentPlan.lldif]!.majorityRate }
        rows.append([.text("majority class (always predict the most frequent)")] + majority.map { .number($0, format: .percent(1)) })
        ctx.results.table("accuracy", columns: ["Method"] + plan.datasets.map(name), rows: rows,
                          caption: "Test accuracy on the low-light datasets, \(seedNote). Bold: the best method per dataset. The last three rows are references, not competitors: ResNet-18 trained and tested in normal light; LLDif's stage 1, whose prior is computed from a caption that names the label (an oracle, never a result); and the majority-class rate.")
        ctx.results.table("accuracy_ci", columns: ["Method"] + plan.datasets.map(name), rows: intervals,
                          caption: "Seed-mean test accuracy (%) with a 95% bootstrap interval over test images (1000 resamples).")
        for d in plan.datasets {
            for model in [ExperimentPlan.stage1] + plan.models {
                ctx.results.value("accuracy.\(model).\(d)", low[d]![model]!.mean, plusMinus: low[d]![model]!.summary.standardDeviation,
                                  format: .percent(1))
            }
            ctx.results.value("accuracy.resnet18-normal.\(d)", normal[d]!.mean, format: .percent(1))
        }
        for (d, m) in zip(plan.datasets, majority) { ctx.results.value("majority.\(d)", m, format: .percent(1)) }
        ctx.results.value("seeds", Double(plan.seeds.count), format: .integer)
        let reference = plan.datasets.contains("ll-syn-raf") ? "ll-syn-raf" : plan.datasets[0]
        ctx.results.value("resnet18_light_gap", 100 * (normal[reference]!.mean - low[reference]!["resnet18"]!.mean),
                          unit: "pp", format: .fixed(1))
        ctx.results.value("resnet18_normal_above_majority", 100 * (normal[reference]!.mean - normal[reference]!.majorityRate),
                          unit: "pp", format: .fixed(1))
    }

    /// LLDif against the best baseline on each dataset: difference, paired bootstrap CI, McNemar.
    func recordComparisons(into ctx: inout ChapterContext) throws {
        var rows: [[ResultCell]] = []
        var margins: [Double] = [], learnt: [Double] = []
        for d in plan.datasets {
            let best = bestBaseline(d)
            let lldif = low[d]![ExperimentPlan.lldif]!, baseline = low[d]![best]!
            let paired = try PairedDifference(lldif, baseline, seed: 5)
            let first = (lldif.evaluations[0], baseline.evaluations[0])
            let mcnemar = try McNemarTest(truth: first.0.labels, predictedA: first.0.predictions, predictedB: first.1.predictions)
            margins.append(100 * paired.difference)
            learnt.append(100 * (max(lldif.mean, baseline.mean) - lldif.majorityRate))
            ctx.results.value("lldif_minus_best_baseline.\(d)", 100 * paired.difference, unit: "pp", format: .fixed(1))
            rows.append([.text(name(d)), .text(DisplayNames.model(best)), .number(100 * paired.difference, format: .fixed(1)),
                         .text(String(format: "[%.1f, %.1f]", 100 * paired.interval.lower, 100 * paired.interval.upper)),
                         .text("\(mcnemar.onlyARight) / \(mcnemar.onlyBRight)"), .number(mcnemar.pValue, format: .significant(2))])
        }
        ctx.results.table("significance", columns: ["Dataset", "Best baseline", "LLDif − best (pp)", "95% paired bootstrap CI",
                                                     "only LLDif / only baseline right (seed \(plan.seeds[0]))", "McNemar p"],
                          rows: rows, caption: "LLDif against the best baseline of each dataset (chosen by mean test accuracy). The difference and its interval pool the seeds and resample test images; McNemar's test uses the first seed's predictions (exact binomial below 25 discordant images, χ² with continuity correction above).")
        let worst = margins.min()!, worstIndex = margins.firstIndex(of: worst)!
        ctx.results.value("lldif_minus_best_baseline_worst_dataset", worst, unit: "pp", format: .fixed(1))
        ctx.results.value("compared_above_majority_worst_dataset", learnt[worstIndex], unit: "pp", format: .fixed(1))
        ctx.results.text("worst_dataset", name(plan.datasets[worstIndex]))
    }

    /// Per-class accuracy of every model on every dataset (one table), and their confusion
    /// matrices (one figure: a row of panels per dataset).
    func recordPerClass(into ctx: inout ChapterContext) throws {
        var rows: [[ResultCell]] = []
        var panels: [any Panel] = []
        let width = plan.datasets.map { low[$0]![ExperimentPlan.lldif]!.evaluations[0].classNames.count }.max()!
        for d in plan.datasets {
            let classes = low[d]![ExperimentPlan.lldif]!.evaluations[0].classNames
            rows.append([.text(name(d), highlight: true)] + classes.map { .text($0, highlight: true) }
                        + Array(repeating: .text(""), count: width - classes.count))
            for model in plan.models {
                let accuracies = low[d]![model]!.perClassAccuracy(classes: classes.count)
                rows.append([.text(DisplayNames.model(model))]
                            + accuracies.map { value in value.map { .number($0, format: .percent(0)) } ?? .text("–") }
                            + Array(repeating: .text(""), count: width - classes.count))
                let counts = low[d]![model]!.pooledConfusion(classes: classes.count)
                let normalised = counts.map { row -> [Double] in
                    let total = Double(max(1, row.reduce(0, +)))
                    return row.map { Double($0) / total }
                }
                panels.append(Heatmap(title: "\(DisplayNames.model(model)), \(name(d))", values: normalised, rowLabels: classes,
                                      columnLabels: classes.map { String($0.prefix(3)) }, rowAxisLabel: "true",
                                      columnAxisLabel: "predicted", range: 0...1, annotation: nil, colorBar: false))
            }
        }
        ctx.results.table("per_class", columns: ["Method"] + (1...width).map { "class \($0)" }, rows: rows,
                          caption: "Per-class test accuracy (predictions of every seed pooled); each dataset's block starts with a row naming its classes.")
        let figure = Figure(rows: plan.datasets.count, cols: plan.models.count, title: "Confusion matrices",
                            panelSize: Size(width: 190, height: 190)) { panels }
        try ctx.add(figure, name: "confusion",
                    caption: "Row-normalised confusion matrices (dark: a large share of the true class, row, predicted as the column's class; predictions of every seed pooled), a row of panels per dataset. A model that always predicts the majority class shows one dark column.")
    }
}

AccuracyChapter.main()
