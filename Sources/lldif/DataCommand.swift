import ArgumentParser
import FaceData

/// `lldif data`: generate, degrade, inspect and summarise face data.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Face data: SynFER generation, low-light synthesis, contact sheets and dataset statistics.",
        subcommands: [DataSynth.self, DataDegrade.self, DataStats.self, DataGrid.self, DataRealLayout.self]
    )
}

/// Parses a low-light option: "none" gives nil, otherwise a recipe name.
func parseLowLight(_ text: String) throws -> LowLightRecipe? {
    if text == "none" { return nil }
    guard let recipe = LowLightRecipe(rawValue: text) else {
        throw ValidationError("--low-light must be sensor, gamma or none (got '\(text)')")
    }
    return recipe
}

/// Parses a split name.
func parseSplit(_ text: String) throws -> Split {
    guard let split = Split(rawValue: text) else {
        throw ValidationError("--split must be train, val or test (got '\(text)')")
    }
    return split
}

/// Prints a progress line on standard error every `every` items and at the end.
func progress(_ done: Int, of total: Int, every: Int, label: String) {
    if done % every == 0 || done == total {
        FileHandleOutput.standardError("\r\(label): \(done)/\(total)" + (done == total ? "\n" : ""))
    }
}
