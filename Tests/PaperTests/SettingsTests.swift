import Foundation
import Testing
import Paper

@Suite struct SettingsTests {
    @Test func overridesParseAsTheKeysType() throws {
        var s = Profile.quick.settings
        try s.apply(override: "train.epochs=3")
        try s.apply(override: "train.learning_rate=0.25")
        try s.apply(override: "seeds=4, 5")
        try s.apply(override: "data.recipe=gamma")
        #expect(try s.int("train.epochs") == 3)
        #expect(try s.double("train.learning_rate") == 0.25)
        #expect(try s.ints("seeds") == [4, 5])
        #expect(try s.string("data.recipe") == "gamma")
    }

    @Test func badOverridesAreNamedErrors() {
        var s = Profile.smoke.settings
        #expect(throws: SettingsError.badValue(key: "train.epochs", text: "many", expected: "integer")) {
            try s.apply(override: "train.epochs=many")
        }
        #expect(throws: SettingsError.malformedOverride("train.epochs")) { try s.apply(override: "train.epochs") }
        do {
            try s.apply(override: "epochs=3")
            Issue.record("an unknown key was accepted")
        } catch let error as SettingsError {
            guard case .unknownKey("epochs", let nearest) = error else { Issue.record("wrong error \(error)"); return }
            #expect(nearest.contains("train.epochs"))
        } catch { Issue.record("unexpected error \(error)") }
    }

    @Test func restrictionKeepsOnlyTheNamedGroups() {
        let s = Profile.quick.settings.restricted(to: ["data", "seeds"])
        #expect(s.keys.allSatisfy { $0.hasPrefix("data.") || $0 == "seeds" })
        #expect(s["data.recipe"] == .string("sensor"))
        #expect(s["train.epochs"] == nil)
    }

    @Test func profilesDifferInBudgetOnly() {
        #expect(Set(Profile.smoke.settings.keys) == Set(Profile.quick.settings.keys))
        #expect(Set(Profile.full.settings.keys) == Set(Profile.quick.settings.keys))
        #expect(Profile.smoke.settings["profile"] == .string("smoke"))
    }
}
