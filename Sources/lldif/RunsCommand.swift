import ArgumentParser
import Foundation
import Paper

/// `lldif runs`: lists the training runs in the run store with their state.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List training runs in the run store (runs/, or $LLDIF_RUNS) and their state."
    )

    @Option(help: "Run store folder (default: $LLDIF_RUNS or ./runs).")
    var store: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let runStore = store.map { RunStore(root: URL(fileURLWithPath: $0, isDirectory: true)) } ?? .standard()
        let records = try runStore.list()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(records), as: UTF8.self))
            return
        }
        if records.isEmpty { print("no runs in \(runStore.root.path)"); return }
        let width = records.map(\.name.count).max() ?? 0
        for r in records {
            let wall = r.wallSeconds.map { String(format: "%8.1f s", $0) } ?? "       —"
            print(r.name.padding(toLength: width, withPad: " ", startingAt: 0), r.state.padding(toLength: 11, withPad: " ", startingAt: 0), wall)
        }
    }
}
