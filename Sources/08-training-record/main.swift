// Chapter 08 — training record: loss and accuracy curves of every run behind chapters 04–07, with
// each run's seed, epochs, wall time and identity in the run store.
import ArgumentParser
import Chapters
import Foundation
import Paper
import Plot

struct TrainingRecordChapter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "08-training-record",
        abstract: "Chapter 08: loss and accuracy curves, wall time and seed of every training run behind chapters 04-07.",
        discussion: "With --list-runs it prints every run of chapters 04-07 once, stage-1 runs first: `make runs` trains that list in parallel.")

    @OptionGroup var options: ChapterOptions

    func run() throws {
        guard let chapter = try ResultChapter.begin("08-training-record", revision: 2, options: options, requests: \.allRuns) else { return }
        var ctx = chapter.context, runs = chapter.runs
        let plan = chapter.plan, hashes = chapter.hashes

        let trained = try runs.obtain(plan.allRuns)
        var curves: [RunRequest: [EpochPoint]] = [:]
        for run in trained { curves[run.request] = try EpochPoint.read(run) }

        let firstSeed = plan.seeds[0]
        var panels: [any Panel] = []
        for dataset in plan.datasets {
            let shown = ([ExperimentPlan.stage1] + plan.models).map { RunRequest(model: $0, dataset: dataset, seed: firstSeed) }
                + [RunRequest(model: "resnet18", dataset: ExperimentPlan.normalLight(dataset), seed: firstSeed)]
            let labels = shown.map { $0.model == "resnet18" && !$0.dataset.hasPrefix("ll-") ? "ResNet-18 (normal light)" : DisplayNames.model($0.model) }
            panels += curvePanels(title: DisplayNames.dataset(dataset, settings: ctx.settings), series: Array(zip(labels, shown.map { curves[$0]! })))
        }
        try ctx.add(Figure(rows: plan.datasets.count, cols: 2, title: "Training of the runs of chapter 04 (seed \(firstSeed))",
                           panelSize: Size(width: 330, height: 230), sharedLegend: true) { panels },
                    name: "curves",
                    caption: "Training loss and per-epoch test accuracy of the runs of chapter 04 (seed \(firstSeed)), a row per dataset. LLDif's stage-1 curve is its oracle (the prior reads the label); LLDif's own curve is stage 2. The per-epoch test accuracy documents training; nothing is chosen by it.")
        let studySeed = plan.studySeeds[0]
        let variants = Ablation.all.map { ($0.label, plan.ablationRun($0, seed: studySeed)) }
            + plan.steps.filter { $0 != 4 }.map { ("T = \($0)", plan.stepRun(steps: $0, seed: studySeed)) }
        let study = curvePanels(title: "LLDif variants on \(DisplayNames.dataset(plan.studyDataset, settings: ctx.settings))",
                                series: variants.map { ($0.0, curves[$0.1]!) })
        try ctx.add(Figure(rows: 1, cols: 2, panelSize: Size(width: 330, height: 230), sharedLegend: true) { study },
                    name: "curves-study",
                    caption: "Stage-2 training of the LLDif variants of chapters 06 and 07 (seed \(studySeed)).")

        let rows: [[ResultCell]] = trained.map { run in
            [.text(DisplayNames.model(run.request.model)), .text(run.request.dataset), .number(Double(run.request.seed), format: .integer),
             .text(run.request.variant.isEmpty ? "–" : run.request.variant.joined(separator: " ")),
             .number(Double(curves[run.request]!.count), format: .integer), .number(run.wallSeconds, format: .fixed(0)),
             .number(run.metrics.accuracy, format: .percent(1)), .text(run.folder.spec.name)]
        }
        ctx.results.table("runs", columns: ["Model", "Dataset", "Seed", "Variant", "Epochs", "Wall s", "Test accuracy", "Run"], rows: rows,
                          caption: "Every training run behind chapters 04–07. Wall seconds are as measured while the run trained (runs trained side by side by `make runs` share the cores, so each one's wall time is longer than alone). The run name is its folder in the run store: the model and the hash of its settings.")
        ctx.results.value("runs", Double(trained.count), format: .integer)
        ctx.results.value("training_wall_seconds", trained.reduce(0) { $0 + $1.wallSeconds }, unit: "s", format: .fixed(0))
        try ctx.finish(dataSource: plan.datasets.map { DisplayNames.dataset($0, settings: ctx.settings) }.joined(separator: ", "),
                       seeds: Array(Set(plan.seeds + plan.studySeeds)).sorted().map(UInt64.init), runHashes: hashes)
    }

    /// Solid lines for the palette's first round of colours, dashed for the second, so no two lines look alike.
    func dash(_ index: Int) -> [Double] { index / Palette.okabeIto.count % 2 == 1 ? [5, 3] : [] }

    /// Two panels, training loss and test accuracy per epoch, a line per labelled run.
    func curvePanels(title: String, series: [(String, [EpochPoint])]) -> [any Panel] {
        let lines = series.filter { !$0.1.isEmpty }
        return [
            Axes(title: title, x: .linear("epoch"), y: .linear("training loss")) {
                lines.enumerated().map { i, line in
                    Line(x: line.1.map(\.epoch), y: line.1.map(\.loss), label: line.0, color: Palette.color(i), dash: dash(i))
                }
            },
            Axes(title: title, x: .linear("epoch"), y: .linear("test accuracy", limits: 0...1)) {
                lines.enumerated().map { i, line in
                    let measured = line.1.filter { $0.accuracy != nil }
                    return Line(x: measured.map(\.epoch), y: measured.map { $0.accuracy! }, label: line.0, color: Palette.color(i), dash: dash(i))
                }
            },
        ]
    }
}

/// One epoch of a run's log, as the curves draw it.
struct EpochPoint {
    var epoch: Double
    var loss: Double
    var accuracy: Double?

    /// The epochs of a run's log; of LLDif's stage-1 run only stage 1 (stage 0 trains LA-CLIP and
    /// LandmarkNet, whose losses are on other scales), renumbered from 1.
    static func read(_ run: TrainedRun) throws -> [EpochPoint] {
        func number(_ value: SettingValue?) -> Double? {
            switch value {
            case .double(let x)?: return x
            case .int(let x)?: return Double(x)
            default: return nil
            }
        }
        var entries = try run.folder.logEntries()
        if run.request.model == ExperimentPlan.stage1 { entries = entries.filter { number($0["stage"]) == 1 } }
        return entries.enumerated().compactMap { index, entry in
            number(entry["loss"]).map { EpochPoint(epoch: Double(index + 1), loss: $0, accuracy: number(entry["val_accuracy"])) }
        }
    }
}

TrainingRecordChapter.main()
