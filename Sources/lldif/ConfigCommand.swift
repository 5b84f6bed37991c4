import ArgumentParser
import Paper

/// `lldif config`: prints the settings a profile resolves to, with overrides applied.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the resolved settings of a profile (with --set overrides applied)."
    )

    @Option(help: "Profile: smoke, quick or full.")
    var profile: Profile = .quick

    @Option(name: .customLong("set"), help: "Override a setting, as key=value (repeatable).")
    var overrides: [String] = []

    func run() throws {
        do { print(try profile.settings(overriding: overrides).listing) }
        catch let error as SettingsError { throw ValidationError(error.description) }
    }
}

extension Profile: ExpressibleByArgument {}
