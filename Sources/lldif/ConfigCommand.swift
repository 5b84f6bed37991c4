import ArgumentParser
import Configuration
import Foundation

/// `lldif config`: prints the configuration a profile resolves to, with overrides applied.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the resolved configuration of a profile (with --set overrides applied).",
        discussion: "Every key it lists can be changed with --set key.path=value on any command that takes a profile.")

    @Option(help: "Profile: \(Profile.allCases.map(\.rawValue).joined(separator: ", ")).")
    var profile: Profile = .quick

    @Option(name: .customLong("set"), help: "Override a setting, as key.path=value (repeatable).")
    var overrides: [String] = []

    @Option(help: "Output: text (one key = value a line) or json (the whole configuration, sorted keys).")
    var format: OutputFormat = .text

    func run() throws {
        let config: ExperimentConfig
        do { config = try profile.config(overriding: overrides) } catch let error as SettingsError {
            throw ValidationError(error.description)
        }
        switch format {
        case .text: print(try config.listing())
        case .json: print(try OutputFormat.prettyJSON(config.tree()))
        }
    }
}

/// How a listing command prints: for people or for programs.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json

    /// `value` as indented JSON with sorted keys.
    static func prettyJSON<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension Profile: ExpressibleByArgument {}
