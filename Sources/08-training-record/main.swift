// Chapter 08 — training record: loss and accuracy curves of every run behind chapters 04–07, with
// each run's seed, epochs, wall time and identity in the run store.
import ArgumentParser
import Chapters
import Configuration
import LLDif
import Foundation
import Paper
import Plot

struct TrainingRecordChapter: Chapter {
    static let configuration = CommandConfiguration(
        commandName: "08-training-record",
        abstract: "Chapter 08: loss and accuracy curves, wall time and seed of every training run behind chapters 04-07.",
        discussion: "`lldif plan` lists these runs; `make runs` trains them in parallel.")

    @OptionGroup var options: ChapterOptions

    /// Every run of the plan once, the stage-1 runs that only others start from included.
    func requests(_ plan: ExperimentPlan) throws -> [RunRequest] {
        try RunPlan.runs(of: plan, store: ChapterRuns(plan: plan).store).map(\.request)
    }

    func write(_ ctx: inout ChapterRun) throws {
        let plan = ctx.plan
        let trained = try ctx.runs.obtain(try requests(plan))
        var curves: [String: [EpochPoint]] = [:]
        for run in trained { curves[run.folder.spec.name] = try EpochPoint.read(run) }
        let runs = ctx.runs
        func curve(_ request: RunRequest) throws -> [EpochPoint] {
            try curves.required(try runs.spec(request).name, "the log of \(request)")
        }

        let firstSeed = try plan.seeds.requiredFirst("seed in paper.seeds")
        var panels: [any Panel] = []
        for dataset in plan.datasets {
            let shown = ([ModelID.lldifStage1] + plan.models).map { RunRequest(model: $0, dataset: dataset, seed: firstSeed) }
                + [RunRequest(model: .resnet18, dataset: dataset.normalLight, seed: firstSeed)]
            let labels = shown.map { $0.dataset.lowLight ? $0.model.paperName : "\($0.model.paperName) (normal light)" }
            panels += curvePanels(title: ctx.displayName(dataset), series: Array(zip(labels, try shown.map(curve))))
        }
        try ctx.add(Figure(rows: plan.datasets.count, cols: 2, title: "Training of the runs of chapter 04 (seed \(firstSeed))",
                           panelSize: Size(width: 330, height: 230), sharedLegend: true) { panels },
                    name: "curves",
                    caption: "Training loss and per-epoch test accuracy of the runs of chapter 04 (seed \(firstSeed)), a row per dataset. LLDif's stage-1 curve is its oracle (the prior reads the label); LLDif's own curve is stage 2. The per-epoch test accuracy documents training; nothing is chosen by it.")
        let studySeed = try plan.studySeeds.requiredFirst("seed in paper.study_seeds")
        let variants = plan.ablations.map { ($0.label, plan.ablationRun($0, seed: studySeed)) }
            + plan.steps.filter { $0 != DiffusionConfig.paperSteps }.map { ("T = \($0)", plan.stepRun(steps: $0, seed: studySeed)) }
        let study = curvePanels(title: "LLDif variants on \(ctx.displayName(plan.studyDataset))",
                                series: try variants.map { ($0.0, try curve($0.1)) })
        try ctx.add(Figure(rows: 1, cols: 2, panelSize: Size(width: 330, height: 230), sharedLegend: true) { study },
                    name: "curves-study",
                    caption: "Stage-2 training of the LLDif variants of chapters 06 and 07 (seed \(studySeed)).")

        let rows: [[ResultCell]] = try trained.map { run in
            [.text(run.request.model.paperName), .text(run.request.dataset.name), .number(Double(run.request.seed), format: .integer),
             .text(run.request.variant.description.isEmpty ? "–" : run.request.variant.description),
             .number(Double(try curve(run.request).count), format: .integer), .number(run.wallSeconds, format: .fixed(0)),
             .number(run.metrics.accuracy, format: .percent(1)), .text(run.folder.spec.name)]
        }
        ctx.results.table("runs", columns: ["Model", "Dataset", "Seed", "Variant", "Epochs", "Wall s", "Test accuracy", "Run"], rows: rows,
                          caption: "Every training run behind chapters 04–07. Wall seconds are as measured while the run trained (runs trained side by side by `make runs` share the cores, so each one's wall time is longer than alone). The run name is its folder in the run store: the model and the hash of its settings.")
        ctx.results.value("runs", Double(trained.count), format: .integer)
        ctx.results.value("training_wall_seconds", trained.reduce(0) { $0 + $1.wallSeconds }, unit: "s", format: .fixed(0))
        ctx.dataSource = plan.datasets.map(ctx.displayName).joined(separator: ", ")
        ctx.seeds = plan.seeds + plan.studySeeds
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
                    let measured = line.1.compactMap { point in point.accuracy.map { (point.epoch, $0) } }
                    return Line(x: measured.map(\.0), y: measured.map(\.1), label: line.0, color: Palette.color(i), dash: dash(i))
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
        var entries = try run.folder.logEntries()
        if run.request.model == .lldifStage1 { entries = entries.filter { $0.stage == LLDifStage.stage1.rawValue } }
        return entries.enumerated().map { index, entry in
            EpochPoint(epoch: Double(index + 1), loss: entry.loss, accuracy: entry.valAccuracy)
        }
    }
}

TrainingRecordChapter.main()
