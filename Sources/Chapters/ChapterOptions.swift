import ArgumentParser
import Configuration

/// The options every chapter executable takes: which profile, which settings, where the figures
/// go. `make` passes them from its PROFILE, DATA, DATA_ROOT and SEEDS knobs.
public struct ChapterOptions: ParsableArguments {
    @Option(help: "Profile: smoke, quick or full.")
    public var profile: Profile = .quick

    @Option(name: .customLong("set"), help: "Override a setting, as key.path=value (repeatable; `lldif config` lists them).")
    public var overrides: [String] = []

    @Option(help: "Folder the chapter writes its figures and results file under.")
    public var figures = "figures"

    @Flag(help: "Redo the chapter even when its results are up to date.")
    public var force = false

    public init() {}
}

extension Profile: ExpressibleByArgument {}
