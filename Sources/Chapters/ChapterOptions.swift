import ArgumentParser
import Paper

/// The options every chapter executable takes: which profile, which data, where the figures go.
/// `make` passes them from its PROFILE, DATA, DATA_ROOT and SEEDS knobs.
public struct ChapterOptions: ParsableArguments {
    @Option(help: "Profile: smoke, quick or full.")
    public var profile: Profile = .quick

    @Option(name: .customLong("set"), help: "Override a setting, as key=value (repeatable; `lldif config` lists them).")
    public var overrides: [String] = []

    @Option(help: "Folder the chapter writes its figures and results file under.")
    public var figures = "figures"

    @Flag(help: "Redo the chapter even when its results are up to date.")
    public var force = false

    @Flag(help: "Print the `lldif train` arguments of every training run the chapter needs, one run a line, and exit (`make runs` trains them in parallel).")
    public var listRuns = false

    public init() {}
}

extension Profile: ExpressibleByArgument {}

extension ChapterOptions {
    /// Prints the `lldif train` arguments of each request on a line of its own (quoted for `xargs`).
    public func printTrainArguments(_ requests: [RunRequest]) {
        for request in requests {
            print(request.trainArguments(profile: profile, overrides: overrides).map(Self.quoted).joined(separator: " "))
        }
    }

    /// `text` quoted when `xargs` would otherwise split or unquote it (xargs has no escapes inside
    /// quotes, so a text with a single quote goes in double quotes).
    static func quoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "-_=.,/:+".contains($0) }
        if plain { return text }
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'"
    }
}
