import Configuration
import LLDif
import Testing

@Suite("Fine-tuning budgets (chapter 04)")
struct FineTuningBudgetTests {
    @Test("the quick profile's budgets, counted by hand from the settings and the models' passes")
    func quickProfile() throws {
        let quick = try Profile.quick.config(overriding: ["pretrain.backbone=none"])
        // 32 epochs; ResNet-18, SCN and RUL pass each image once, EAC and POSTER-lite twice.
        #expect(FineTuningBudget.of(.resnet18, config: quick)?.imagePasses(trainCount: 1) == 32)
        #expect(FineTuningBudget.of(.rul, config: quick)?.imagePasses(trainCount: 10) == 320)
        #expect(FineTuningBudget.of(.eac, config: quick)?.imagePasses(trainCount: 1) == 64)
        #expect(FineTuningBudget.of(.posterLite, config: quick)?.imagePasses(trainCount: 1) == 64)
        // LLDif from scratch: stage 0 24 × (E_I + LandmarkNet), stage 1 2 × 3, warm-up 1 × 1, stage 2 5 × 3.
        let lldif = try #require(FineTuningBudget.of(.lldif, config: quick))
        #expect(lldif.epochs == 24 + 2 + 1 + 5)
        #expect(lldif.imagePasses(trainCount: 1) == 48 + 6 + 1 + 15)
        #expect(FineTuningBudget.of(.lldifStage1, config: quick)?.imagePasses(trainCount: 1) == 48 + 6)
        // With the pretrained landmark detector stage 0 no longer runs LandmarkNet; without DLNet
        // no stage does.
        let face = try Profile.quick.config(overriding: ["pretrain.backbone=face"])
        #expect(FineTuningBudget.of(.lldif, config: face)?.imagePasses(trainCount: 1) == 24 + 6 + 1 + 15)
        let noDLNet = try Profile.quick.config(overriding: ["ablation.dlnet=false", "lldif.stage2.warmup_epochs=0", "pretrain.backbone=none"])
        #expect(FineTuningBudget.of(.lldif, config: noDLNet)?.phases.map(\.name) == ["stage 0", "stage 1", "stage 2"])
        #expect(FineTuningBudget.of(.lldif, config: noDLNet)?.imagePasses(trainCount: 1) == 24 + 4 + 10)
        #expect(FineTuningBudget.of(.facePretrain, config: quick) == nil)
    }

    @Test("the quick profile matches budgets: every baseline trains as many epochs as LLDif in all")
    func quickProfileMatchesEpochs() throws {
        let quick = Profile.quick.config
        let lldif = try #require(FineTuningBudget.of(.lldif, config: quick)).epochs
        for baseline in quick.paper.baselines {
            #expect(FineTuningBudget.of(baseline, config: quick)?.epochs == lldif, "\(baseline.rawValue)")
        }
    }
}
