import Chapters
import Configuration
import Foundation
import LLDif
import Paper
import Testing

@Suite struct FacePretrainingPlanTests {
    let store = RunStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("no-runs-\(UUID().uuidString)"))

    @Test func oneFacePretrainingRunServesEveryResNetFamilyRunOfEveryDatasetAndSeed() throws {
        let config = try Profile.quick.config(overriding: ["pretrain.backbone=face"])
        let runs = try RunPlan.runs(of: try ExperimentPlan(config: config), store: store)
        let pretraining = runs.filter { $0.spec.model == .facePretrain }
        #expect(pretraining.count == 1)
        let name = try #require(pretraining.first).spec.name
        #expect(pretraining.first?.spec.dataset == .pretrainingCorpus)
        let position = try #require(runs.firstIndex { $0.spec.name == name })
        #expect(runs.prefix(position).allSatisfy { $0.dependencies.isEmpty }, "the pretraining is among the first runs")
        for run in runs {
            // The ResNet-18 family and POSTER-lite load the trunk; LLDif's stage 0 E_I's trunk and the
            // landmark detector (stages 1 and 2 start from the stage before);
            // except the from-scratch rows (chapter 04's ResNet-18 control, the no_pretraining ablation).
            let expected = run.config.pretrain.backbone == .face
                && ([ModelID.resnet18, .scn, .rul, .eac, .posterLite].contains(run.spec.model)
                    || (run.spec.model == .lldifStage0
                        && (run.config.ablation.dlnet || run.config.lldif.model.imageEncoder == .resnet18)))
            #expect(run.dependencies.contains(name) == expected, "\(run.spec.name)")
        }
        #expect(runs.contains { $0.spec.model == .resnet18 && $0.config.pretrain.backbone == .none })
        #expect(runs.contains { $0.spec.model == .lldifStage0 && $0.config.pretrain.backbone == .none })
        // Several datasets and seeds, one pretraining.
        let users = runs.filter { $0.dependencies.contains(name) }
        #expect(Set(users.map(\.spec.dataset)).count > 1 && Set(users.map(\.request.seed)).count > 1)
        // From scratch (`none`) nothing depends on it and it is not planned.
        let scratch = try RunPlan.runs(of: try ExperimentPlan(config: Profile.quick.config(overriding: ["pretrain.backbone=none"])), store: store)
        #expect(!scratch.contains { $0.spec.model == .facePretrain })
    }

    @Test func thePretrainingRunDoesNotDependOnTheFERDataOrSeedButOnItsOwnSettings() throws {
        let entry = try ModelRegistry.entry(.facePretrain)
        func name(_ overrides: [String]) throws -> String {
            try TrainingRuns.spec(entry: entry, dataset: .pretrainingCorpus, config: try Profile.quick.config(overriding: overrides)).name
        }
        let base = try name([])
        #expect(try name(["data.seed=1", "train.seed=2", "data.train_count=100", "train.epochs=3", "data.source=real", "data.root=/x"]) == base)
        #expect(try name(["pretrain.epochs=2"]) != base)
        // Whether a run starts from it is the user's business, not the pretraining's.
        #expect(try name(["pretrain.backbone=face"]) == base)
        #expect(try name(["model.width=16"]) != base)
        #expect(try name(["data.image_size=48"]) != base)
    }
}
