import Paper

/// Progress read from the run store: the epochs each run's log (`RunFolder.logEntries`) holds.
public struct RunStoreProgress: RunProgress {
    private let folders: [String: RunFolder]

    /// Progress of the planned `runs` in `store`.
    public init(runs: [PlannedRun], store: RunStore) {
        folders = Dictionary(runs.map { ($0.spec.name, store.folder(for: $0.spec)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The highest epoch number the run's log holds (epochs are numbered across a run's phases); 0
    /// for a run with no log yet or one being written.
    public func epochsDone(_ run: ScheduledRun) -> Int {
        guard let folder = folders[run.name], let entries = try? folder.logEntries() else { return 0 }
        return entries.map(\.epoch).max() ?? 0
    }
}
