import Analysis
import FaceData
import Configuration
import Chapters
import Foundation
import LLDif
import NN
import Paper
import Testing

/// A stored evaluation written and read back through the real file format.
func storedEvaluation(labels: [Int], predictions: [Int], classes: Int = 3, run: String = "m/abc") throws -> ClassifierEvaluation {
    let n = labels.count
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("eval-\(UUID().uuidString).safetensors")
    defer { try? FileManager.default.removeItem(at: url) }
    let probabilities = predictions.flatMap { p in (0..<classes).map { $0 == p ? Float(1) : 0 } }
    try SafeTensors.write([
        "features": StoredTensor(shape: [n, 2], values: (0..<(2 * n)).map(Float.init)),
        "probabilities": StoredTensor(shape: [n, classes], values: probabilities),
        "labels": StoredTensor(shape: [n], values: labels.map(Float.init)),
        "predictions": StoredTensor(shape: [n], values: predictions.map(Float.init)),
    ], metadata: ["run": run, "class_names": (0..<classes).map { "c\($0)" }.joined(separator: ",")], to: url)
    return try ClassifierEvaluation(contentsOf: url)
}

@Suite struct StoredEvaluationTests {
    @Test func readsWhatTheExportWrites() throws {
        let e = try storedEvaluation(labels: [0, 1, 2, 1], predictions: [0, 2, 2, 1])
        #expect(e.classNames == ["c0", "c1", "c2"])
        #expect(e.labels == [0, 1, 2, 1] && e.predictions == [0, 2, 2, 1])
        #expect(e.probabilities[3..<6] == [0, 0, 1])
        #expect(e.features == (0..<8).map(Float.init))
        #expect(e.accuracy == 0.75)
        #expect(e.featureSize == 2)
    }

    @Test func rejectsAFileWithoutPredictions() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensors.write(["labels": StoredTensor(shape: [1], values: [0])], to: url)
        #expect(throws: SafeTensorsError.self) { try ClassifierEvaluation(contentsOf: url) }
    }
}

@Suite struct SeedAccuracyTests {
    @Test func poolsSeedsPerImage() throws {
        let a = try storedEvaluation(labels: [0, 1, 2, 1], predictions: [0, 1, 0, 0])  // 0.5
        let b = try storedEvaluation(labels: [0, 1, 2, 1], predictions: [0, 0, 2, 0])  // 0.5
        let pooled = try SeedAccuracy([a, b])
        #expect(pooled.perSeed == [0.5, 0.5])
        #expect(pooled.mean == 0.5)
        #expect(pooled.summary.standardDeviation == 0)
        #expect(pooled.hitRate == [1, 0.5, 0.5, 0])
        // Class 1 has images 1 and 3: hit rates 0.5 and 0 → 0.25; class 2: 0.5.
        let perClass = pooled.perClassAccuracy(classes: 4)
        #expect(perClass[0] == 1 && perClass[1] == 0.25 && perClass[2] == 0.5 && perClass[3] == nil)
        #expect(pooled.pooledConfusion(classes: 3) == [[2, 0, 0], [3, 1, 0], [1, 0, 1]])
    }

    @Test func refusesDifferentTestSets() throws {
        let a = try storedEvaluation(labels: [0, 1], predictions: [0, 1])
        let b = try storedEvaluation(labels: [1, 0], predictions: [0, 1])
        #expect(throws: ChapterError.self) { try SeedAccuracy([a, b]) }
    }

    @Test func pairedDifferenceAndItsStandardError() throws {
        let labels = [0, 0, 0, 0]
        let a = try SeedAccuracy([try storedEvaluation(labels: labels, predictions: [0, 0, 0, 1])])
        let b = try SeedAccuracy([try storedEvaluation(labels: labels, predictions: [0, 1, 1, 1])])
        let d = try PairedDifference(a, b, seed: 1)
        // d_i = [0, 1, 1, 0]: mean 0.5, sample sd √(1/3), SE = √(1/3)/2.
        #expect(abs(d.difference - 0.5) < 1e-12)
        #expect(abs(d.standardError - (1.0 / 3).squareRoot() / 2) < 1e-12)
        #expect(d.interval.lower <= 0.5 && d.interval.upper >= 0.5)
        #expect(d.interval.lower >= 0 && d.interval.upper <= 1)
    }
}

@Suite struct EPDAgreementTests {
    @Test func perfectEstimatesOfOrthogonalClassPriors() throws {
        // Two images of different classes whose estimates equal their targets, orthogonal to each other.
        let z: [Float] = [1, 0, 0, 2]
        let a = try EPDAgreement(targets: z, estimates: z, dimension: 2, labels: [0, 1])
        #expect(abs(a.ownCosine - 1) < 1e-12)
        #expect(abs(a.otherClassCosine) < 1e-12)
        #expect(abs(a.cosineMargin - 1) < 1e-12)
        #expect(abs(a.kl) < 1e-12)
    }

    @Test func swappedEstimatesHaveANegativeMarginAndAPositiveKL() throws {
        let targets: [Float] = [1, 0, 0, 1], estimates: [Float] = [0, 1, 1, 0]
        let a = try EPDAgreement(targets: targets, estimates: estimates, dimension: 2, labels: [0, 1])
        #expect(abs(a.cosineMargin + 1) < 1e-12)
        // KL(softmax([1,0]) ‖ softmax([0,1])) = (p − q)·log(p/q) summed = (2σ(1) − 1)·1.
        let p = 1 / (1 + exp(-1.0))
        #expect(abs(a.kl - (2 * p - 1)) < 1e-9)
    }

    @Test func rejectsMismatchedSizes() {
        #expect(throws: ChapterError.self) {
            try EPDAgreement(targets: [1, 2, 3], estimates: [1, 2], dimension: 2, labels: [0])
        }
    }
}

@Suite struct ExperimentPlanTests {
    let store = RunStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("no-runs-\(UUID().uuidString)"))

    @Test(arguments: [Profile.smoke, .quick, .full])
    func everyRunOnceDependenciesFirstStableHashes(profile: Profile) throws {
        let plan = try ExperimentPlan(config: profile.config)
        let runs = try RunPlan.runs(of: plan, store: store)
        let names = runs.map(\.spec.name)
        #expect(Set(names).count == names.count)
        for (i, run) in runs.enumerated() {
            for dependency in run.dependencies {
                #expect(names.firstIndex(of: dependency).map { $0 < i } == true, "\(run.spec.name) before \(dependency)")
            }
            // The runs it starts from are part of its identity, and its own configuration (what
            // `lldif train` gets from `run-plan` and `submit`) gives the same identity.
            #expect(run.spec.startsFrom == run.dependencies.sorted())
            #expect(try TrainingRuns.spec(entry: ModelRegistry.entry(run.spec.model), dataset: run.request.dataset, config: run.config).name
                    == run.spec.name)
        }
        // Every request of every chapter resolves to a listed run.
        let runs0 = ChapterRuns(plan: plan)
        for request in plan.chapters.flatMap(\.requests) { #expect(names.contains(try runs0.spec(request).name)) }
        #expect(try RunPlan.runs(of: try ExperimentPlan(config: profile.config), store: store).map(\.spec.name) == names)
    }

    @Test func chapterFoursControlsShareLLDifsStageOneAndTrainResNetAsLongAsLLDif() throws {
        // The quick profile matches budgets: its ResNet-18 already trains as long as LLDif, so the
        // long control is the table's run. With the baselines' epochs set apart it comes back.
        let matched = try ExperimentPlan(config: Profile.quick.config)
        #expect(matched.budgetsMatched && matched.lldifEpochs == 24 + 2 + 1 + 5)
        #expect(matched.controlRuns.count == 4 * matched.seeds.count * matched.datasets.count)
        #expect(matched.controlRuns(dataset: matched.datasets[0], seed: 0).longResNet18 == nil)
        let plan = try ExperimentPlan(config: Profile.quick.config(overriding: ["train.epochs=16"]))
        #expect(!plan.budgetsMatched)
        #expect(plan.controlRuns.count == 5 * plan.seeds.count * plan.datasets.count)
        #expect(Set(plan.controlRuns.map(\.dataset)) == Set(plan.datasets), "on every dataset of the tables")
        let runs = try RunPlan.runs(of: plan, store: store)
        let chapterRuns = ChapterRuns(plan: plan)
        func stage1Dependencies(_ request: RunRequest) throws -> [String] {
            let name = try chapterRuns.spec(request).name
            return try #require(runs.first { $0.spec.name == name }).dependencies.filter { $0.hasPrefix("lldif-stage1/") }
        }
        let controls = plan.controlRuns(dataset: plan.datasets[1], seed: 1)
        // E_I + linear head starts from the very stage-1 run LLDif's stage 2 starts from.
        let lldifStage1 = try stage1Dependencies(controls.lldif)
        #expect(lldifStage1.count == 1)
        #expect(try stage1Dependencies(controls.encoderLinearHead) == lldifStage1)
        // The long ResNet-18 differs from the table's only in its epochs.
        let longRun = try #require(controls.longResNet18)
        let long = try chapterRuns.spec(longRun).config(), short = try chapterRuns.spec(controls.resnet18).config()
        #expect(long.train.epochs == plan.lldifEpochs && short.train.epochs == 16)
        var shortened = long
        shortened.train.epochs = short.train.epochs
        #expect(shortened == short)
        #expect(longRun.variant.description == "32 epochs")
        // From scratch differs from the table's ResNet-18 only in its pretraining.
        var scratch = try chapterRuns.spec(controls.scratchResNet18).config()
        #expect(scratch.pretrain.backbone == .none && short.pretrain.backbone == .face)
        scratch.pretrain.backbone = .face
        #expect(scratch == short)
    }

    @Test func paperAblationsAndControlsLeaveOutOnlyWhatNoClaimReads() throws {
        let all = try ExperimentPlan(config: Profile.quick.config)
        #expect(all.ablations == Ablation.allCases)
        let claimsOnly = try ExperimentPlan(config: Profile.quick.config(overriding: ["paper.ablations="]))
        #expect(claimsOnly.ablations == [.full, .noDiffusion])
        #expect(claimsOnly.ablationRuns.count == 2 * claimsOnly.studySeeds.count)
        let two = try ExperimentPlan(config: Profile.quick.config(overriding: ["paper.ablations=no_pretraining,no_kl"]))
        #expect(two.ablations == [.full, .noDiffusion, .noKL, .noPretraining], "table order, whatever the setting's order")
        // Leaving ablations out removes their runs and nothing else: every other run keeps its identity.
        let allRuns = Set(try RunPlan.runs(of: all, store: store).map(\.spec.name))
        let claimsRuns = try RunPlan.runs(of: claimsOnly, store: store).map(\.spec.name)
        #expect(Set(claimsRuns).isSubset(of: allRuns))
        let chapterRuns = ChapterRuns(plan: all)
        let left = try Set(Ablation.optional.flatMap { ablation in
            try all.studySeeds.map { try chapterRuns.spec(all.ablationRun(ablation, seed: $0)).name }
        })
        #expect(allRuns.subtracting(claimsRuns).isSubset(of: left.union(allRuns.filter { $0.hasPrefix("lldif-stage") })))
        #expect(left.isDisjoint(with: claimsRuns))
        // paper.controls=false leaves out chapter 04's controls, and only them.
        let noControls = try ExperimentPlan(config: Profile.quick.config(overriding: ["paper.controls=false"]))
        #expect(noControls.controlRuns.isEmpty && !all.controlRuns.isEmpty)
        let noControlRuns = Set(try RunPlan.runs(of: noControls, store: store).map(\.spec.name))
        let controlNames = Set(try all.controlRuns.map { try chapterRuns.spec($0).name })
        #expect(noControlRuns.isSubset(of: allRuns))
        #expect(allRuns.subtracting(noControlRuns).isSubset(of: controlNames))
        #expect(allRuns.subtracting(noControlRuns).count == 2 * all.seeds.count * all.datasets.count,
                "E_I + linear head and scratch ResNet-18 on every dataset (budgets matched: no long ResNet-18)")
    }

    @Test func stageOneAblationsShareStageZeroUnlessTheyChangeIt() throws {
        let plan = try ExperimentPlan(config: Profile.quick.config)
        let runs = try RunPlan.runs(of: plan, store: store)
        let chapterRuns = ChapterRuns(plan: plan)
        func stage0(_ request: RunRequest) throws -> String {
            let stage2 = try chapterRuns.spec(request).name
            let stage2Run = try #require(runs.first { $0.spec.name == stage2 })
            let stage1 = try #require(stage2Run.dependencies.first)
            let stage1Run = try #require(runs.first { $0.spec.name == stage1 })
            return try #require(stage1Run.dependencies.first)
        }
        for seed in plan.studySeeds {
            let full = try stage0(plan.ablationRun(.full, seed: seed))
            #expect(full.hasPrefix("lldif-stage0/"))
            for ablation in Ablation.allCases where ablation.retrainsStage1 {
                // Stage 0 reads the pretraining, not the caption, the prior modulation or its bias;
                // DLNet's switch only from scratch (with the pretraining LandmarkNet is frozen there).
                let own = ablation == .noPretraining
                #expect((try stage0(plan.ablationRun(ablation, seed: seed)) != full) == own, "\(ablation) seed \(seed)")
            }
        }
        let stage0Runs = runs.filter { $0.spec.model == .lldifStage0 }
        #expect(stage0Runs.count == plan.datasets.count * plan.seeds.count + plan.studySeeds.count)
        #expect(runs.filter { $0.spec.model == .lldifStage1 }.count
                == plan.datasets.count * plan.seeds.count + Ablation.allCases.filter(\.retrainsStage1).count * plan.studySeeds.count)
    }

    @Test func theNoDLNetStageZeroIsTheFullOneOnlyWhenLandmarkNetIsPretrained() throws {
        let entry = try ModelRegistry.entry(.lldifStage0)
        let dataset = try DatasetID(parsing: "ll-syn-raf")
        for backbone in PretrainedBackbone.allCases {
            var on = Profile.quick.config
            on.pretrain.backbone = backbone
            var off = on
            off.ablation.dlnet = false
            let (withDLNet, without) = (try TrainingRuns.spec(entry: entry, dataset: dataset, config: on),
                                        try TrainingRuns.spec(entry: entry, dataset: dataset, config: off))
            #expect((withDLNet.name == without.name) == (backbone == .face), "\(backbone)")
            // The shared run trains with DLNet's switch on, as the full stage 0 does.
            #expect(try without.config().ablation.dlnet == (backbone == .face), "\(backbone)")
        }
        // With E_I from scratch only DLNet's LandmarkNet starts from the pretraining; the request
        // without DLNet still names, and obtains, the shared run's face pretraining.
        var small = Profile.quick.config
        small.lldif.model.imageEncoder = .small
        small.ablation.dlnet = false
        let shared = try TrainingRuns.spec(entry: entry, dataset: dataset, config: small)
        #expect(shared.startsFrom.contains { $0.hasPrefix("face-pretrain/") })
        #expect(try TrainingRuns.prerequisites(of: entry, dataset: dataset, config: small).map(\.spec.name) == shared.startsFrom)
    }

    @Test func lldifsStagesKeepTheirNamesWhateverTheBaselinesTrain() throws {
        let dataset = try DatasetID(parsing: "ll-syn-raf")
        func name(_ model: ModelID, epochs: Int) throws -> String {
            var config = Profile.quick.config
            config.train.epochs = epochs
            return try TrainingRuns.spec(entry: try ModelRegistry.entry(model), dataset: dataset, config: config).name
        }
        // LLDif's stages never read train.epochs: one name, whatever it is, and it is the name the
        // quick paper's runs were trained under (a rename would retrain them: 3 CPU hours).
        for model in [ModelID.lldifStage0, .lldifStage1, .lldif] {
            #expect(try name(model, epochs: 8) == name(model, epochs: 32), "\(model.rawValue)")
        }
        #expect(try name(.lldifStage0, epochs: 32) == "lldif-stage0/5aef38bdc208366f")
        #expect(try name(.lldif, epochs: 32) == "lldif/095e2be1d8f37841")
        // The baselines and E_I + linear head's head train for train.epochs: it is in their names.
        for model in ModelID.baselines + [.encoderLinearHead] {
            #expect(try name(model, epochs: 16) != name(model, epochs: 32), "\(model.rawValue)")
        }
    }

    @Test func perEpochTestAccuracyOnlyWhereChapterEightDrawsIt() throws {
        let plan = try ExperimentPlan(config: Profile.quick.config)
        let runs = try RunPlan.runs(of: plan, store: store)
        #expect(runs.contains { $0.request.seed == 1 } && runs.contains { $0.request.seed == 0 })
        for run in runs { #expect(run.config.train.evalEveryEpoch == (run.request.seed == 0), "\(run.spec.name)") }
        // The replication's first seed is drawn; a setting of false stays false for every seed.
        var replication = Profile.quick.config
        replication.paper.seeds = [3, 4, 5]
        replication.paper.studySeeds = [3, 4, 5]
        let scn = { (seed: Int) in RunRequest(model: .scn, dataset: plan.studyDataset, seed: seed) }
        #expect(scn(3).config(base: replication).train.evalEveryEpoch && !scn(4).config(base: replication).train.evalEveryEpoch)
        replication.train.evalEveryEpoch = false
        #expect(!scn(3).config(base: replication).train.evalEveryEpoch)
    }

    @Test func theStepStudyTrainsEachTWhateverDiffusionStepsIs() throws {
        let plan = try ExperimentPlan(config: try Profile.smoke.config(overriding: ["diffusion.steps=8"]))
        let runs = ChapterRuns(plan: plan)
        #expect(plan.steps == Profile.smoke.config.paper.steps)
        for t in plan.steps {
            #expect(try runs.spec(plan.stepRun(steps: t, seed: 0)).config().diffusion.steps == t)
        }
        // The accuracy tables' LLDif trains with the set T; the step study's T = 4 with 4.
        #expect(try runs.spec(RunRequest(model: .lldif, dataset: plan.studyDataset, seed: 0)).config().diffusion.steps == 8)
    }

    @Test func studyRunsShareStageOneWhereOnlyStageTwoDiffers() throws {
        let plan = try ExperimentPlan(config: Profile.smoke.config)
        let runs = try RunPlan.runs(of: plan, store: store)
        func dependency(_ request: RunRequest) throws -> [String] {
            let name = try ChapterRuns(plan: plan).spec(request).name
            return try #require(runs.first { $0.spec.name == name }).dependencies
        }
        let full = try dependency(plan.ablationRun(.full, seed: 0))
        #expect(try dependency(plan.stepRun(steps: 1, seed: 0)) == full)
        #expect(try dependency(plan.stepRun(steps: 1, schedule: .diffir, seed: 0)) == full)
        // Each ablation retrains stage 1 exactly when it says so.
        for ablation in Ablation.allCases {
            #expect((try dependency(plan.ablationRun(ablation, seed: 0)) != full) == ablation.retrainsStage1, "\(ablation)")
        }
        #expect(plan.stepRun(steps: 4, seed: 0) != plan.ablationRun(.full, seed: 0))
        #expect(try ChapterRuns(plan: plan).spec(plan.stepRun(steps: 4, seed: 0)) == ChapterRuns(plan: plan).spec(plan.ablationRun(.full, seed: 0)))
    }

    @Test func theStepStudysEndsAreTheAblationsRunsAndItsLiteralRowIsDiffIRs() throws {
        let plan = try ExperimentPlan(config: Profile.smoke.config)
        let runs = ChapterRuns(plan: plan)
        // T = 0 on the fixed-terminal schedule is the no-diffusion ablation; T = 4 is the full LLDif.
        #expect(try runs.spec(plan.stepRun(steps: 0, seed: 0)) == runs.spec(plan.ablationRun(.noDiffusion, seed: 0)))
        #expect(try runs.spec(plan.stepRun(steps: 4, seed: 0)) == runs.spec(RunRequest(model: .lldif, dataset: plan.studyDataset, seed: 0)))
        let literal = try runs.spec(plan.stepRun(steps: 1, schedule: .diffir, seed: 0)).config()
        #expect(literal.diffusion.schedule == .diffir && literal.diffusion.steps == 1)
        #expect(plan.stepRuns.count == plan.studySeeds.count * (plan.steps.count + 1))
        #expect(plan.stepRuns.contains(plan.stepRun(steps: ExperimentPlan.literalScheduleSteps, schedule: .diffir, seed: 0)))
    }

    @Test func theDiffIRFaithfulVariantsChangeExactlyTheirSetting() throws {
        let plan = try ExperimentPlan(config: Profile.smoke.config)
        // The DiffIR-faithful variants change exactly their setting.
        func config(_ ablation: Ablation) throws -> ExperimentConfig { try ChapterRuns(plan: plan).spec(plan.ablationRun(ablation, seed: 0)).config() }
        #expect(try config(.jointL1).diffusion.lambdaL1 == 1)
        #expect(try config(.biasFreeModulation).lldif.model.modulationBias == false)
        #expect(try config(.diffirTimeInput).diffusion.timeInput == .diffir)
        #expect(try config(.noDiffusion).diffusion.steps == 0)
    }

    @Test func predictionSharesMatchAHandComputedCase() throws {
        // Labels: 3 of class 0, 1 of class 1 (p = 0.75, 0.25); predictions: 2 and 2 (q = 0.5, 0.5).
        let shares = try PredictionShares(predictions: [0, 1, 1, 0], labels: [0, 0, 0, 1], classes: 3)
        #expect(shares.predicted == [0.5, 0.5, 0] && shares.labels == [0.75, 0.25, 0])
        #expect(abs(shares.labelBlindAccuracy - (0.5 * 0.75 + 0.5 * 0.25)) < 1e-12 && shares.majorityRate == 0.75)
        // Always the majority class: the label-blind accuracy is the majority rate.
        #expect(try PredictionShares(predictions: [0, 0, 0, 0], labels: [0, 0, 0, 1], classes: 2).labelBlindAccuracy == 0.75)
        #expect(throws: ChapterError.self) { try PredictionShares(predictions: [0], labels: [0, 1], classes: 2) }
        #expect(throws: ChapterError.self) { try PredictionShares(predictions: [0, 2], labels: [0, 1], classes: 2) }
        #expect(throws: ChapterError.self) { try PredictionShares(predictions: [], labels: [], classes: 2) }
    }

    @Test func trainArgumentsResolveToThePlannedRun() throws {
        let config = try Profile.smoke.config(overriding: ["data.seed=3", "data.root=/a b", "paper.seeds=0,1"])
        for run in try RunPlan.runs(of: try ExperimentPlan(config: config), store: store) {
            let arguments = try run.trainArguments()
            var overrides: [String] = [], i = 0
            while i < arguments.count {
                if arguments[i] == "--set" { overrides.append(arguments[i + 1]) }
                i += 1
            }
            #expect(arguments.prefix(6) == ["--model", run.spec.model.rawValue, "--dataset", run.spec.dataset.name, "--profile", "smoke"])
            let entry = try ModelRegistry.entry(run.spec.model)
            let again = try TrainingRuns.spec(entry: entry, dataset: run.spec.dataset, config: try Profile.smoke.config(overriding: overrides))
            #expect(again == run.spec)
            #expect(arguments.suffix(2) == ["--expect-run", run.spec.name])
        }
    }

    @Test func realDataWithoutItsFoldersIsAnError() throws {
        let config = try Profile.smoke.config(overriding: ["data.source=real", "data.root=/nonexistent-\(UUID().uuidString)"])
        #expect(throws: DataError.self) { try ExperimentPlan(config: config) }
    }
}

@Suite struct ChapterInputsTests {
    @Test func theRunsAChapterReadsEnterItsInputs() throws {
        let config = Profile.smoke.config
        let alone = try ChapterRun.hash(name: "04-accuracy", config: config, runs: [], inputs: [])
        let withRuns = try ChapterRun.hash(name: "04-accuracy", config: config, runs: ["scn/1", "lldif/2"], inputs: [])
        #expect(try ChapterRun.hash(name: "04-accuracy", config: config, runs: ["lldif/2", "scn/1"], inputs: []) == withRuns)
        #expect(try ChapterRun.hash(name: "04-accuracy", config: config, runs: ["scn/1", "lldif/3"], inputs: []) != withRuns)
        #expect(withRuns != alone)
        #expect(try ChapterRun.hash(name: "05-tsne", config: config, runs: [], inputs: []) != alone)
    }
}

@Suite struct EPDEvidenceTests {
    @Test func centroidAccuracyAndDistanceGainHandComputed() throws {
        // Training Z_S1 of class 0 around (1, 0), of class 1 around (0, 1): centroids (1, 0) and (0, 1).
        let train: [Float] = [1.2, 0, 0.8, 0, 0, 1.1, 0, 0.9]
        // Three test images: labels 0, 1, 1. Ẑ_0 = (0.9, 0.1) → class 0 ✓; (0.2, 0.7) → 1 ✓; (0.8, 0.3) → 0 ✗.
        let stage2: [Float] = [0.9, 0.1, 0.2, 0.7, 0.8, 0.3]
        let stage1: [Float] = [1, 0, 0, 1, 0, 1]
        // c: (0.5, 0.5) for every image. ‖c − Z_S1‖ = √0.5 each.
        let condition: [Float] = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
        let e = try EPDEvidence(stage1: stage1, stage2: stage2, condition: condition, labels: [0, 1, 1], dimension: 2,
                                trainStage1: train, trainLabels: [0, 0, 1, 1])
        #expect(e.centroidHits == [1, 1, 0])
        #expect(e.majorityHits == [0, 1, 1], "class 1 is the majority of the test labels")
        let own = [(0.1 * 0.1 + 0.1 * 0.1), (0.2 * 0.2 + 0.3 * 0.3), (0.8 * 0.8 + 0.7 * 0.7)].map { $0.squareRoot() }
        for (gain, distance) in zip(e.distanceGain, own) { #expect(abs(gain - (0.5.squareRoot() - distance)) < 1e-6) }
        #expect(throws: ChapterError.self) {
            try EPDEvidence(stage1: stage1, stage2: stage2, condition: [0], labels: [0, 1, 1], dimension: 2,
                            trainStage1: train, trainLabels: [0, 0, 1, 1])
        }
    }

    @Test func anEstimateWithoutClassInformationCannotBeatTheMajorityRate() throws {
        // Every Ẑ_0 is the same point: nearest-centroid predicts one class for all, at most the majority rate.
        let train: [Float] = [1, 0, 0, 1, -1, 0]
        let labels = [0, 0, 0, 1, 2]
        let stage2 = [Float](repeating: 0.1, count: 10)
        let e = try EPDEvidence(stage1: stage2, stage2: stage2, condition: stage2, labels: labels, dimension: 2,
                                trainStage1: train, trainLabels: [0, 1, 2])
        #expect(e.centroidHits.reduce(0, +) <= e.majorityHits.reduce(0, +))
        #expect(e.distanceGain.allSatisfy { $0 == 0 })
    }
}

@Suite struct SeedScoresTests {
    @Test func hitsAndMajorityScoresPerSeed() throws {
        let a = try storedEvaluation(labels: [0, 1, 1, 2], predictions: [0, 1, 0, 0])
        let b = try storedEvaluation(labels: [0, 1, 1, 2], predictions: [1, 1, 1, 2])
        let pooled = try SeedAccuracy([a, b], seeds: [3, 7])
        #expect(try pooled.scores.rows == [[1, 1, 0, 0], [0, 1, 1, 1]])
        #expect(try pooled.scores.seeds == [3, 7])
        #expect(try pooled.majorityScores.rows == [[0, 1, 1, 0], [0, 1, 1, 0]])
        #expect(pooled.majorityRate == 0.5)
        #expect(majorityClass(of: [2, 1, 2, 1]) == 1, "a tie goes to the smaller label")
        #expect(throws: ChapterError.self) { try SeedAccuracy([a, b], seeds: [3, 3]) }
        let interval = try pooled.interval(seed: 1)
        #expect(interval.estimate == 0.625 && interval.seeds == 2 && interval.images == 4)
    }
}
