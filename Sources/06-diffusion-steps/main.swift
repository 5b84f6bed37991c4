// Chapter 06 — diffusion steps: LLDif's stage 2 retrained for each number of diffusion steps T on the
// fixed-terminal schedule (stage 1 shared), T = 0 (no diffusion) and DiffIR's literal schedule at
// T = 1; test accuracy with intervals, the spread over inference noise, diagnostics of what the
// diffusion does, and the inference time per image.
import Analysis
import ArgumentParser
import Chapters
import Configuration
import DatasetStore
import FaceData
import Foundation
import LLDif
import Paper
import Plot

struct DiffusionStepsChapter: Chapter {
    static let configuration = CommandConfiguration(
        commandName: "06-diffusion-steps",
        abstract: "Chapter 06: LLDif's accuracy, inference-noise spread and inference time against the number of diffusion steps T.")

    @OptionGroup var options: ChapterOptions

    @Option(help: "Test images timed per T (a seeded subset of the test split).")
    var timedImages = 256

    @Option(help: "Timed passes per T after a warm-up; the fastest is reported.")
    var timingRepeats = 5

    @Option(help: "Inference-noise seeds per T for the spread over noise (at least 5 to read a spread).")
    var noiseSeeds = 5

    var inputs: [String] { ["timed=\(timedImages)", "repeats=\(timingRepeats)", "noise-seeds=\(noiseSeeds)"] }

    func validate() throws {
        guard timedImages >= 1 else { throw ValidationError("--timed-images must be at least 1") }
        guard timingRepeats >= 1 else { throw ValidationError("--timing-repeats must be at least 1") }
        guard noiseSeeds >= 2 else { throw ValidationError("--noise-seeds must be at least 2 (a spread needs two)") }
    }

    func requests(_ plan: ExperimentPlan) -> [RunRequest] { plan.stepRuns }

    func write(_ ctx: inout ChapterRun) throws {
        let plan = ctx.plan
        var validationConfig = ctx.config
        validationConfig.data = validationConfig.data.validationDraw
        let validation = try TrainingRuns.openData(dataset: plan.studyDataset, config: validationConfig, store: ctx.runs.store).test
        let measurement = StepMeasurement(noiseSeeds: (1...noiseSeeds).map { 1000 + UInt64($0) }, validation: validation,
                                          validationKey: TrainingRuns.dataKey(dataset: plan.studyDataset, config: validationConfig, store: ctx.runs.store),
                                          store: ctx.runs.store, timed: (timedImages, timingRepeats))
        var rows: [StepRow] = []
        let variants = plan.steps.map { ($0, DiffusionSchedule.fixedTerminal) }
            + [(ExperimentPlan.literalScheduleSteps, DiffusionSchedule.diffir)]
        for (t, schedule) in variants {
            let runs = try plan.studySeeds.map { try ctx.runs.obtain(plan.stepRun(steps: t, schedule: schedule, seed: $0)) }
            let row = try measurement.row(steps: t, schedule: schedule, runs: runs)
            rows.append(row)
            print(String(format: "06-diffusion-steps: T = %d (%@)  test %.3f  validation %.3f  %.2f ms per image",
                         t, schedule.rawValue, row.test.mean, row.validation.mean, row.msPerImage))
        }
        try StepReport(rows: rows, plan: plan, dataset: ctx.displayName(plan.studyDataset), noiseSeeds: noiseSeeds,
                       timedImages: timedImages, timingRepeats: timingRepeats).write(into: &ctx)
        ctx.dataSource = ctx.displayName(plan.studyDataset)
        ctx.seeds = plan.studySeeds
    }
}

DiffusionStepsChapter.main()
