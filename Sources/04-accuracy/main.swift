// Chapter 04 — accuracy tables: every baseline and LLDif on each low-light dataset (mean ± std over
// seeds, hierarchical bootstrap CI over seeds and test images), ResNet-18 in normal light as the
// reference, the stage-1 oracle marked as such, per-class accuracy, confusion matrices, and per
// dataset the intervals claims C1 (the light gap) and C2 (LLDif against the best baseline) judge.
import Analysis
import ArgumentParser
import Chapters
import Configuration
import Foundation
import LLDif
import Paper
import Plot

struct AccuracyChapter: Chapter {
    static let configuration = CommandConfiguration(
        commandName: "04-accuracy",
        abstract: "Chapter 04: accuracy of every baseline and LLDif on each low-light dataset, with confusion matrices and a paired test.")

    @OptionGroup var options: ChapterOptions

    func requests(_ plan: ExperimentPlan) -> [RunRequest] { plan.accuracyRuns + plan.controlRuns }

    func write(_ ctx: inout ChapterRun) throws {
        let plan = ctx.plan
        var table = AccuracyTable(plan: plan, source: ctx.config.data.source)
        for dataset in plan.datasets {
            for model in [ModelID.lldifStage1] + plan.models {
                table.low[dataset, default: [:]][model] = try pooled(model, dataset, plan, &ctx.runs)
            }
            table.normal[dataset] = try pooled(.resnet18, dataset.normalLight, plan, &ctx.runs)
        }
        if plan.config.paper.controls {
            table.controls = try plan.datasets.map { ($0, try controls(on: $0, plan, &ctx.runs)) }
        }
        try table.record(into: &ctx)
        ctx.dataSource = plan.datasets.map(ctx.displayName).joined(separator: ", ")
        ctx.seeds = plan.seeds
    }

    /// Chapter 04's controls on `dataset`, LLDif first, each pooled over the tables' seeds.
    func controls(on dataset: DatasetID, _ plan: ExperimentPlan, _ runs: inout ChapterRuns) throws -> [ControlRow] {
        let controls = plan.seeds.map { plan.controlRuns(dataset: dataset, seed: $0) }
        // With budgets matched the table's ResNet-18 is the one trained as long as LLDif: no row of its own.
        let long = controls.compactMap(\.longResNet18)
        let rows: [(key: String, name: String, requests: [RunRequest])] = [
            ("lldif", ModelID.lldif.paperName, controls.map(\.lldif)),
            ("ei-linear", ModelID.encoderLinearHead.paperName + " (LLDif without LLformer and diffusion)", controls.map(\.encoderLinearHead)),
            ("resnet18", ModelID.resnet18.paperName + (plan.budgetsMatched ? " (as long as LLDif: budgets matched)" : ""), controls.map(\.resnet18)),
            ("resnet18-as-long-as-lldif", ModelID.resnet18.paperName + ", trained as long as LLDif", long),
            ("resnet18-from-scratch", ModelID.resnet18.paperName + ", from scratch (no face pretraining)", controls.map(\.scratchResNet18)),
        ].filter { !$0.requests.isEmpty }
        return try rows.map { row in
            let epochs = row.requests.first.flatMap { FineTuningBudget.of($0.model, config: $0.config(base: plan.config))?.epochs } ?? 0
            return ControlRow(key: row.key, name: row.name, epochs: epochs,
                              accuracy: try SeedAccuracy(runs: row.requests.map { try runs.obtain($0) }))
        }
    }

    /// The seed-pooled test accuracy of `model` on `dataset`.
    func pooled(_ model: ModelID, _ dataset: DatasetID, _ plan: ExperimentPlan, _ runs: inout ChapterRuns) throws -> SeedAccuracy {
        try SeedAccuracy(runs: plan.seeds.map { try runs.obtain(RunRequest(model: model, dataset: dataset, seed: $0)) })
    }
}

/// One row of the controls' table: a method, the epochs it trains on the expression data, and its
/// seed-pooled accuracy.
struct ControlRow {
    /// The row's name in result keys (`control.accuracy.ei-linear.ll-syn-raf`).
    let key: String
    let name: String
    let epochs: Int
    let accuracy: SeedAccuracy
}

/// The chapter's measurements and how they become tables, figures and values.
struct AccuracyTable {
    let plan: ExperimentPlan
    let source: DataSource
    /// Low-light accuracy per dataset and model (the stage-1 oracle included).
    var low: [DatasetID: [ModelID: SeedAccuracy]] = [:]
    /// ResNet-18 in normal light, per low-light dataset's counterpart.
    var normal: [DatasetID: SeedAccuracy] = [:]
    /// Chapter 04's controls per dataset, in the tables' order, LLDif first (`ExperimentPlan.controlRuns`).
    var controls: [(dataset: DatasetID, rows: [ControlRow])] = []

    init(plan: ExperimentPlan, source: DataSource) {
        self.plan = plan
        self.source = source
    }

    func name(_ dataset: DatasetID) -> String { dataset.on(source).displayName }

    /// The accuracy of `model` on low-light `dataset`.
    func low(_ model: ModelID, _ dataset: DatasetID) throws -> SeedAccuracy {
        try low.required(dataset, "results on \(dataset)").required(model, "the run of \(model.rawValue) on \(dataset)")
    }

    /// ResNet-18's normal-light accuracy on `dataset`'s counterpart.
    func normal(_ dataset: DatasetID) throws -> SeedAccuracy {
        try normal.required(dataset, "the normal-light ResNet-18 run for \(dataset)")
    }

    /// The baseline with the highest mean accuracy on `dataset`.
    func bestBaseline(_ dataset: DatasetID) throws -> ModelID {
        let means = try plan.config.paper.baselines.map { ($0, try low($0, dataset).mean) }
        guard let best = means.max(by: { $0.1 < $1.1 }) else { throw ChapterError.settings("paper.baselines is empty") }
        return best.0
    }

    func record(into ctx: inout ChapterRun) throws {
        try recordBudget(into: &ctx)
        try recordMainTable(into: &ctx)
        try recordComparisons(into: &ctx)
        try recordPerClass(into: &ctx)
        try recordControls(into: &ctx)
        try recordTargets(into: &ctx)
    }

    /// Issue #19's learning targets (`LearningTargets`), per method and dataset: the worst seed's
    /// margin above the majority-class rate and the spread over seeds, then normal-light ResNet-18
    /// against its ceiling. The counts of targets met go into the results for `lldif findings`.
    func recordTargets(into ctx: inout ChapterRun) throws {
        func mark(_ met: Bool?) -> ResultCell { .text(met.map { $0 ? "✓ met" : "✗ missed" } ?? "– one seed") }
        func spread(_ check: LearningTargets.Check) -> ResultCell {
            guard let interval = check.deviationInterval else { return .text("–") }
            let decided = check.spreadDecidedMet.map { $0 ? "within" : "beyond" } ?? "undecided"
            return .text(String(format: "[%.1f, %.1f] ", 100 * interval.lowerBound, 100 * interval.upperBound) + decided)
        }
        func perSeed(_ accuracy: SeedAccuracy) -> ResultCell {
            .text(accuracy.perSeed.map { String(format: "%.1f", 100 * $0) }.joined(separator: ", "))
        }
        var rows: [[ResultCell]] = []
        var met = 0, missed = 0, undecided = 0
        for model in plan.models {
            for d in plan.datasets {
                let accuracy = try low(model, d), check = try LearningTargets.check(accuracy)
                ctx.results.value("target.worst_margin.\(model.rawValue).\(d)", 100 * check.worstMargin, unit: "pp", format: .fixed(1))
                if let deviation = check.deviation {
                    ctx.results.value("target.seed_sd.\(model.rawValue).\(d)", 100 * deviation, unit: "pp", format: .fixed(1))
                }
                if let interval = check.deviationInterval {
                    ctx.results.value("target.seed_sd_upper.\(model.rawValue).\(d)", 100 * interval.upperBound, unit: "pp", format: .fixed(1))
                    if check.spreadDecidedMet == nil { undecided += 1 }
                }
                if check.met == true { met += 1 } else if check.met == false { missed += 1 }
                rows.append([.text(model.paperName), .text(name(d)), .number(accuracy.majorityRate, format: .percent(1)),
                             perSeed(accuracy), .number(100 * check.worstMargin, format: .fixed(1)),
                             check.deviation.map { .number(100 * $0, format: .fixed(1)) } ?? .text("–"), spread(check), mark(check.met)])
            }
        }
        for d in plan.datasets {
            let accuracy = try normal(d), hard = LearningTargets.staysHard(accuracy)
            if hard { met += 1 } else { missed += 1 }
            rows.append([.text("ResNet-18, normal light"), .text(name(d)), .number(accuracy.majorityRate, format: .percent(1)),
                         perSeed(accuracy), .text("–"), .text("–"), .text("–"),
                         .text(hard ? "✓ mean below \(Int(100 * LearningTargets.normalLightCeiling))%" : "✗ mean at or above \(Int(100 * LearningTargets.normalLightCeiling))%")])
        }
        ctx.results.value("targets.met", Double(met), format: .integer)
        ctx.results.value("targets.missed", Double(missed), format: .integer)
        ctx.results.value("targets.spread_undecided", Double(undecided), format: .integer)
        let margin = Int(100 * LearningTargets.marginAboveMajority), most = Int(100 * LearningTargets.seedDeviation)
        let level = "\(Int(100 * LearningTargets.spreadIntervalLevel)) %"
        ctx.results.table("targets", columns: ["Method", "Dataset", "majority class", "accuracy per seed (%)", "worst seed − majority (pp)", "std over seeds (pp)", "\(level) interval of the true std (pp)", "target"],
                          rows: rows, caption: "The kit's learning targets (issue #19, fixed in `LearningTargets` before these runs): every method beats the majority-class rate by at least \(margin) points on every seed, its standard deviation over seeds is at most \(most) points, and normal-light ResNet-18 stays below \(Int(100 * LearningTargets.normalLightCeiling))% (SynFER stays hard). With one seed the spread cannot be measured. \(met) met, \(missed) missed. The target reads the measured standard deviation; beside it, the \(level) interval of the true one if seeds are normal (χ², n − 1 degrees of freedom) says whether these seeds decide it: 'within' or 'beyond' \(most) points, or 'undecided' (\(undecided) of the \(plan.models.count * plan.datasets.count)).")
    }

    /// The controls' table: per dataset, LLDif against E_I + linear head and against ResNet-18
    /// trained for the profile's epochs, for as many as LLDif and from scratch, each difference
    /// paired on seeds and test images.
    func recordControls(into ctx: inout ChapterRun) throws {
        guard !controls.isEmpty else {
            ctx.results.table("controls", columns: ["Method"], rows: [[.text("not trained (paper.controls = false)")]],
                              caption: "The controls were left out of this run of the paper (`paper.controls=false`, as `make replication` does): no claim reads them.")
            return
        }
        var rows: [[ResultCell]] = []
        for (dataset, controlRows) in controls {
            guard let lldif = controlRows.first else { continue }
            for (index, control) in controlRows.enumerated() {
                let difference: ResultCell
                if index == 0 {
                    difference = .text("–")
                } else {
                    let estimate = ResultInterval(try PairedDifference(lldif.accuracy, control.accuracy, seed: 7).estimate, scale: 100)
                    ctx.results.interval("control.lldif_minus.\(control.key).\(dataset)", estimate, unit: "pp", format: .fixed(1))
                    difference = ResultCell(.interval(estimate, format: .fixed(1)))
                }
                let interval = try control.accuracy.interval(seed: 4)
                ctx.results.interval("control.accuracy.\(control.key).\(dataset)", ResultInterval(interval), format: .percent(1))
                rows.append([.text(name(dataset)), .text(control.name), .number(Double(control.epochs), format: .integer),
                             .number(control.accuracy.mean, plusMinus: control.accuracy.summary.standardDeviation, format: .percent(1)),
                             ResultCell(.interval(ResultInterval(interval, scale: 100), format: .fixed(1))),
                             difference])
            }
        }
        ctx.results.table("controls", columns: ["Dataset", "Method", "epochs", "accuracy (mean ± std)", "95% CI (%)", "LLDif − method (pp) [95% CI]"],
                          rows: rows, caption: "Controls on every dataset, \(plan.seeds.count) training seed\(plan.seeds.count == 1 ? "" : "s"). E_I + linear head is LLDif's stage-0 image encoder, frozen, with a linear head trained on its embedding: LLDif without the LLformer and without the diffusion. ResNet-18 is trained for the profile's epochs\(plan.budgetsMatched ? ", which are as many as LLDif trains in all (its stages 0, 1 and 2: budgets matched)," : ", for as many epochs as LLDif trains in all (its stages 0, 1 and 2),") and from scratch. Differences are paired on seeds and test images (hierarchical bootstrap).")
    }

    /// What each method starts from and how much it trains on the expression data (`FineTuningBudget`).
    func recordBudget(into ctx: inout ChapterRun) throws {
        let config = plan.config
        var rows: [[ResultCell]] = []
        for model in plan.models {
            guard let budget = FineTuningBudget.of(model, config: config) else { continue }
            let startsFrom = try ModelRegistry.entry(model).buildsOnFacePretraining(config) ? "face pretraining" : "scratch"
            let phases = budget.phases.map { "\($0.name): \($0.epochs) × \($0.passesPerImage)" }.joined(separator: "; ")
            let passes = budget.imagePasses(trainCount: 1)
            rows.append([.text(model.paperName), .text(startsFrom), .number(Double(budget.epochs), format: .integer),
                         .text(phases), .number(Double(passes), format: .integer)])
            ctx.results.value("trunk_passes_per_image.\(model.rawValue)", Double(passes), format: .integer)
        }
        ctx.results.table("budget", columns: ["Method", "starts from", "epochs", "phases: epochs × trunk passes per image", "trunk passes per training image"],
                          rows: rows, caption: "How much each method trains on the expression data. A trunk pass is one forward pass of a training image through a convolutional network that reads it (a ResNet-18, LA-CLIP's E_I, LandmarkNet, DTNet): EAC passes each image and its flip (an upper bound: one pass while its prior gate is closed), POSTER-lite its image and landmark streams, LLDif E_I, DTNet and LandmarkNet in stages 1 and 2. The face pretraining, when used, is shared by every method and not counted.")
    }

    /// Mean ± std (in %) per model and dataset, the normal-light and oracle rows, and the CIs.
    func recordMainTable(into ctx: inout ChapterRun) throws {
        let seedNote = plan.seeds.count > 1 ? "mean ± standard deviation over \(plan.seeds.count) training seeds"
            : "one training seed (no spread over seeds at this profile)"
        func cell(_ a: SeedAccuracy, best: Bool = false) -> ResultCell {
            .number(a.mean, plusMinus: a.summary.standardDeviation, format: .percent(1), highlight: best)
        }
        var rows: [[ResultCell]] = []
        var intervals: [[ResultCell]] = []
        for model in plan.models {
            rows.append([.text(model.paperName)] + (try plan.datasets.map { d in
                let accuracy = try low(model, d)
                return cell(accuracy, best: try plan.models.allSatisfy { try low($0, d).mean <= accuracy.mean })
            }))
            intervals.append([.text(model.paperName)] + (try plan.datasets.map { d in
                ResultCell(.interval(ResultInterval(try low(model, d).interval(seed: 4), scale: 100), format: .fixed(1)))
            }))
        }
        rows.append([.text("ResNet-18, normal light (reference)")] + (try plan.datasets.map { cell(try normal($0)) }))
        rows.append([.text("LLDif stage 1 (oracle: its prior reads the label)")] + (try plan.datasets.map { cell(try low(.lldifStage1, $0)) }))
        let majority = try plan.datasets.map { try low(.lldif, $0).majorityRate }
        rows.append([.text("majority class (always predict the most frequent)")] + majority.map { .number($0, format: .percent(1)) })
        ctx.results.table("accuracy", columns: ["Method"] + plan.datasets.map(name), rows: rows,
                          caption: "Test accuracy on the low-light datasets, \(seedNote). Bold: the best method per dataset. The last three rows are references, not competitors: ResNet-18 trained and tested in normal light; LLDif's stage 1, whose prior is computed from a caption that names the label (an oracle, never a result); and the majority-class rate.")
        ctx.results.table("accuracy_ci", columns: ["Method"] + plan.datasets.map(name), rows: intervals,
                          caption: "Seed-mean test accuracy (%) with its 95% interval: a hierarchical bootstrap (2000 resamples) that draws training seeds and, for the drawn seeds, test images.")
        for d in plan.datasets {
            for model in [ModelID.lldifStage1] + plan.models {
                ctx.results.interval("accuracy.\(model.rawValue).\(d)", ResultInterval(try low(model, d).interval(seed: 4)), format: .percent(1))
            }
            ctx.results.interval("accuracy.resnet18-normal.\(d)", ResultInterval(try normal(d).interval(seed: 4)), format: .percent(1))
        }
        for (d, m) in zip(plan.datasets, majority) { ctx.results.value("majority.\(d)", m, format: .percent(1)) }
        ctx.results.value("seeds", Double(plan.seeds.count), format: .integer)
        try recordLightGap(into: &ctx)
    }

    /// Claim C1's quantities, per dataset: ResNet-18's accuracy in normal light minus in low light
    /// (paired on seeds, and on images: low-light test image i is normal-light test image i
    /// degraded), and how far its normal-light accuracy is above the majority-class rate.
    func recordLightGap(into ctx: inout ChapterRun) throws {
        var rows: [[ResultCell]] = []
        for d in plan.datasets {
            let inNormalLight = try normal(d), inLowLight = try low(.resnet18, d)
            let gap = ResultInterval(try PairedDifference(inNormalLight, inLowLight, seed: 6).estimate, scale: 100)
            ctx.results.interval("resnet18_light_gap.\(d)", gap, unit: "pp", format: .fixed(1))
            ctx.results.value("resnet18_normal_above_majority.\(d)", 100 * (inNormalLight.mean - inNormalLight.majorityRate),
                              unit: "pp", format: .fixed(1))
            rows.append([.text(name(d)), .number(inNormalLight.mean, format: .percent(1)), .number(inLowLight.mean, format: .percent(1)),
                         ResultCell(.interval(gap, format: .fixed(1)))])
        }
        ctx.results.table("light_gap", columns: ["Dataset", "ResNet-18, normal light", "ResNet-18, low light", "normal − low (pp) [95% CI]"],
                          rows: rows, caption: "What low light costs ResNet-18 on each dataset (claim C1): the seed-mean accuracy in normal light minus in low light, with a hierarchical bootstrap interval paired on seeds and on images (each low-light test image is a normal-light one degraded).")
    }

    /// Claim C2's quantities, per dataset: LLDif minus the best baseline (paired on seeds and
    /// images, 95 % and 90 % intervals), and how far the better of the two is above the
    /// majority-class rate; with McNemar's test on the first seed beside them.
    func recordComparisons(into ctx: inout ChapterRun) throws {
        var rows: [[ResultCell]] = []
        for d in plan.datasets {
            let best = try bestBaseline(d)
            let lldif = try low(.lldif, d), baseline = try low(best, d)
            let difference = ResultInterval(try PairedDifference(lldif, baseline, seed: 5).estimate, scale: 100)
            let first = (lldif.evaluations[0], baseline.evaluations[0])
            let mcnemar = try McNemarTest(truth: first.0.labels, predictedA: first.0.predictions, predictedB: first.1.predictions)
            ctx.results.interval("lldif_minus_best_baseline.\(d)", difference, unit: "pp", format: .fixed(1))
            ctx.results.value("compared_above_majority.\(d)", 100 * (max(lldif.mean, baseline.mean) - lldif.majorityRate),
                              unit: "pp", format: .fixed(1))
            rows.append([.text(name(d)), .text(best.paperName), ResultCell(.interval(difference, format: .fixed(1))),
                         .text(String(format: "[%.1f, %.1f]", difference.lower90, difference.upper90)),
                         .text("\(mcnemar.onlyARight) / \(mcnemar.onlyBRight)"), .number(mcnemar.pValue, format: .significant(2))])
        }
        ctx.results.table("significance", columns: ["Dataset", "Best baseline", "LLDif − best (pp) [95% CI]", "90% CI",
                                                     "only LLDif / only baseline right (seed \(plan.seeds[0]))", "McNemar p"],
                          rows: rows, caption: "LLDif against the best baseline of each dataset (chosen by mean test accuracy, which favours the baseline). The difference is of seed-mean accuracies; its intervals come from a hierarchical bootstrap paired on seeds and test images. McNemar's test uses the first seed's predictions (exact binomial below 25 discordant images, χ² with continuity correction above).")
    }

    /// Per-class accuracy of every model on every dataset (one table), and their confusion
    /// matrices (one figure: a row of panels per dataset).
    func recordPerClass(into ctx: inout ChapterRun) throws {
        var rows: [[ResultCell]] = []
        var panels: [any Panel] = []
        let classNames = try plan.datasets.map { try low(.lldif, $0).evaluations.requiredFirst("evaluation of LLDif on \($0)").classNames }
        let width = classNames.map(\.count).max() ?? 0
        for (d, classes) in zip(plan.datasets, classNames) {
            rows.append([.text(name(d), highlight: true)] + classes.map { .text($0, highlight: true) }
                        + Array(repeating: .text(""), count: width - classes.count))
            for model in plan.models {
                let accuracy = try low(model, d)
                let accuracies = accuracy.perClassAccuracy(classes: classes.count)
                rows.append([.text(model.paperName)]
                            + accuracies.map { value in value.map { .number($0, format: .percent(0)) } ?? .text("–") }
                            + Array(repeating: .text(""), count: width - classes.count))
                let counts = accuracy.pooledConfusion(classes: classes.count)
                let normalised = counts.map { row -> [Double] in
                    let total = Double(max(1, row.reduce(0, +)))
                    return row.map { Double($0) / total }
                }
                panels.append(Heatmap(title: "\(model.paperName), \(name(d))", values: normalised, rowLabels: classes,
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
