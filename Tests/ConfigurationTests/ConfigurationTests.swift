import Configuration
import FaceData
import Foundation
import Testing

@Suite struct OverrideTests {
    @Test func overridesParseAsTheSettingsType() throws {
        let c = try Profile.quick.config(overriding: ["train.epochs=3", "train.learning_rate=0.25", "paper.seeds=4, 5",
                                                      "data.recipe=gamma", "ablation.dlnet=false", "paper.datasets=ll-syn-kdef"])
        #expect(c.train.epochs == 3)
        #expect(c.train.learningRate == 0.25)
        #expect(c.paper.seeds == [4, 5])
        #expect(c.data.recipe == .gamma)
        #expect(c.ablation.dlnet == false)
        #expect(c.paper.datasets == [DatasetID(.synKDEF, lowLight: true)])
    }

    @Test func aWholeNumberIsAcceptedWhereANumberIsExpected() throws {
        #expect(try Profile.quick.config(overriding: ["train.clip_norm=2"]).train.clipNorm == 2)
        #expect(try Profile.quick.config(overriding: ["train.clip_norm=2.5"]).train.clipNorm == 2.5)
    }

    @Test func badValuesAreNamedErrors() {
        let cases: [(String, SettingsError)] = [
            ("train.epochs=many", .badValue(key: "train.epochs", text: "many", expected: "an integer")),
            ("train.epochs=2.5", .badValue(key: "train.epochs", text: "2.5", expected: "an integer")),
            ("train.learning_rate=nan", .badValue(key: "train.learning_rate", text: "nan", expected: "a finite number")),
            ("train.clip_norm=inf", .badValue(key: "train.clip_norm", text: "inf", expected: "a finite number")),
            ("train.clip_norm=nan", .badValue(key: "train.clip_norm", text: "nan", expected: "a finite number")),
            ("train.learning_rate=inf", .badValue(key: "train.learning_rate", text: "inf", expected: "a finite number")),
            ("train.learning_rate=-inf", .badValue(key: "train.learning_rate", text: "-inf", expected: "a finite number")),
            ("ablation.dlnet=maybe", .badValue(key: "ablation.dlnet", text: "maybe", expected: "true or false")),
            ("data.source=cloud", .badValue(key: "data.source", text: "cloud", expected: "one of synthetic, real")),
            ("data.recipe=night", .badValue(key: "data.recipe", text: "night", expected: "one of sensor, gamma")),
            ("train.epochs", .malformedOverride("train.epochs")),
            ("diffusion.schedule=cosine", .badValue(key: "diffusion.schedule", text: "cosine", expected: "one of fixed-terminal, diffir")),
            ("diffusion.time_input=sinusoidal", .badValue(key: "diffusion.time_input", text: "sinusoidal",
                                                          expected: "one of step-fraction, diffir")),
            ("diffusion.steps=-1", .badValue(key: "diffusion.steps", text: "-1", expected: "a non-negative integer (0: no diffusion)")),
            ("diffusion.lambda_l1=-0.5", .badValue(key: "diffusion.lambda_l1", text: "-0.5", expected: "a non-negative number")),
        ]
        for (text, expected) in cases {
            #expect(throws: expected) { try Profile.smoke.config(overriding: [text]) }
        }
    }

    @Test func unknownNamesListTheKnownOnes() {
        func expectListing(_ override: String, key: String, known: String) {
            do {
                _ = try Profile.quick.config(overriding: [override])
                Issue.record("\(override) was accepted")
            } catch let error as SettingsError {
                guard case .badValue(key, _, let expected) = error else { Issue.record("wrong error \(error)"); return }
                #expect(expected.contains(known), "\(override)")
            } catch { Issue.record("unexpected error \(error)") }
        }
        expectListing("paper.datasets=ll-syn-raf,ll-syn-foo", key: "paper.datasets", known: "ll-syn-kdef")
        expectListing("paper.ablations=no_kl,no_vision", key: "paper.ablations", known: "no_caption")
        #expect(throws: SettingsError.self) { try Profile.quick.config(overriding: ["paper.baselines=resnet18,vgg"]) }
    }

    @Test func zeroDiffusionStepsIsNoDiffusion() throws {
        #expect(try Profile.quick.config(overriding: ["diffusion.steps=0"]).diffusion.steps == 0)
        #expect(try Profile.quick.config(overriding: ["paper.steps=0,4"]).paper.steps == [0, 4])
    }

    @Test func rangesAreCheckedAfterParsing() {
        let cases: [(String, String)] = [
            ("model.width=0", "model.width"), ("model.width=-4", "model.width"), ("train.learning_rate=0", "train.learning_rate"),
            ("train.clip_norm=-1", "train.clip_norm"),
            ("train.learning_rate=-1", "train.learning_rate"), ("train.batch_size=1", "train.batch_size"),
            ("train.warmup_epochs=32", "train.warmup_epochs"), ("diffusion.steps=-2", "diffusion.steps"),
            ("diffusion.tau=0", "diffusion.tau"), ("scn.warmup=1", "scn.warmup"), ("eac.erasing=1.5", "eac.erasing"),
            ("paper.steps=1,2,8", "paper.steps"), ("paper.steps=0,4,4", "paper.steps"), ("paper.steps=-1,4", "paper.steps"), ("paper.seeds=", "paper.seeds"),
            ("paper.baselines=lldif", "paper.baselines"), ("paper.ablations=lldif", "paper.ablations"),
            ("paper.ablations=no_diffusion", "paper.ablations"), ("paper.ablations=no_kl,no_kl", "paper.ablations"), ("paper.datasets=syn-raf", "paper.datasets"),
            ("data.source=real", "data.root"), ("lldif.stage1.caption_dropout=2", "lldif.stage1.caption_dropout"),
        ]
        for (text, key) in cases {
            do {
                _ = try Profile.quick.config(overriding: [text])
                Issue.record("\(text) was accepted")
            } catch let error as SettingsError {
                guard case .badValue(let named, _, _) = error else { Issue.record("\(text): wrong error \(error)"); continue }
                #expect(named == key, "\(text)")
            } catch { Issue.record("\(text): unexpected error \(error)") }
        }
    }

    @Test func anUnknownKeySuggestsTheNearest() {
        for (typo, nearest) in [("epochs", "train.epochs"), ("train.learnig_rate", "train.learning_rate"),
                                ("diffusion.step", "diffusion.steps"), ("seeds", "paper.seeds")] {
            do {
                _ = try Profile.quick.config(overriding: ["\(typo)=3"])
                Issue.record("\(typo) was accepted")
            } catch let error as SettingsError {
                guard case .unknownKey(typo, let suggestions) = error else { Issue.record("wrong error \(error)"); continue }
                #expect(suggestions.contains(nearest), "\(typo): \(suggestions)")
            } catch { Issue.record("unexpected error \(error)") }
        }
    }

    @Test func sectionsAndTheProfileAreNotSettings() {
        #expect(throws: SettingsError.self) { try Profile.quick.config(overriding: ["train=3"]) }
        #expect(throws: SettingsError.self) { try Profile.quick.config(overriding: ["profile=smoke"]) }
    }
}

@Suite struct ProfileTests {
    @Test(arguments: Profile.allCases) func eachProfileRoundTripsThroughItsEncoding(profile: Profile) throws {
        let config = profile.config
        try config.validate()
        let data = try JSONEncoder().encode(config)
        #expect(try JSONDecoder().decode(ExperimentConfig.self, from: data) == config)
        #expect(try config.tree().decode(ExperimentConfig.self) == config)
        #expect(config.profile == profile)
    }

    @Test func everyProfileHasTheSameKeys() throws {
        let keys = { (p: Profile) in try p.config.tree().leaves.map(\.key) }
        #expect(try keys(.smoke) == keys(.quick))
        #expect(try keys(.full) == keys(.quick))
    }

    @Test func theStepStudyDoesNotDependOnDiffusionSteps() throws {
        let changed = try Profile.quick.config(overriding: ["diffusion.steps=8"])
        #expect(changed.paper.steps == Profile.quick.config.paper.steps)
        #expect(changed.paper.steps.contains(DiffusionConfig.paperSteps))
    }

    /// The quick profile's resolved configuration is committed (`Golden/quick.json`, written by
    /// `make config-golden`), so a change of any default shows up in review.
    @Test func theQuickProfileMatchesItsGoldenFile() throws {
        let url = try #require(Bundle.module.url(forResource: "Golden/quick", withExtension: "json"))
        let golden = try ConfigValue(encoding: JSONDecoder().decode(ConfigValue.self, from: Data(contentsOf: url)))
        let current = try Profile.quick.config.tree()
        for (key, value) in golden.leaves { #expect(current[path: key] == value, "\(key) drifted from Golden/quick.json") }
        #expect(golden.leaves.map(\.key) == current.leaves.map(\.key))
    }
}

@Suite struct ConfigValueTests {
    @Test func keepingAndOverlayingPaths() throws {
        let tree = try Profile.quick.config.tree()
        let kept = tree.keeping(paths: ["scn", "ablation.dlnet"])
        #expect(kept.leaves.map(\.key) == ["ablation.dlnet"] + tree.leaves.map(\.key).filter { $0.hasPrefix("scn.") })
        let changed = try Profile.quick.config(overriding: ["scn.beta=0.5", "ablation.dlnet=false", "eac.lambda=9"])
        let back = try tree.overlaid(with: try changed.tree().keeping(paths: ["scn", "ablation.dlnet"])).decode(ExperimentConfig.self)
        #expect(back.scn.beta == 0.5)
        #expect(back.ablation.dlnet == false)
        #expect(back.eac.lambda == Profile.quick.config.eac.lambda)
    }

    @Test func datasetNamesParse() throws {
        #expect(try DatasetID(parsing: "ll-syn-raf") == DatasetID(.synRAF, lowLight: true))
        #expect(try DatasetID(parsing: "kdef") == DatasetID(.synKDEF, lowLight: false, source: .real))
        #expect(try DatasetID(parsing: "ll-raf-db") == DatasetID(.synRAF, lowLight: true, source: .real))
        #expect(DatasetID(.synFERPlus, lowLight: true).on(.real).name == "ll-ferplus")
        #expect(DatasetID(.synRAF, lowLight: true, source: .real).displayName == "LL-RAF-DB")
        #expect(DatasetID(.synRAF, lowLight: true).displayName == "ll-syn-raf")
        #expect(throws: SettingsError.self) { try DatasetID(parsing: "ll-syn-foo") }
        for dataset in DatasetID.all { #expect(try DatasetID(parsing: dataset.name) == dataset) }
        #expect(Set(DatasetID.all.map(\.name)).count == 12)
    }

    @Test func dataRootIsMadeAbsoluteAndHoldsTheDatasetFolders() throws {
        let config = try Profile.smoke.config(overriding: ["data.source=real", "data.root=some/where/../data"])
        let here = FileManager.default.currentDirectoryPath
        #expect(config.data.root == URL(fileURLWithPath: here).appendingPathComponent("some/data").standardizedFileURL.path)
        #expect(config.data.realFolder(of: .synRAF).path == config.data.root + "/raf-db")
        #expect(config.data.realFolder(of: .synKDEF).lastPathComponent == "kdef")
    }
}
