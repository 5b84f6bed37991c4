import Foundation

/// Where a chapter's numbers came from: the profile and data it ran on, its seeds, the training runs
/// it used and how long it took. The report prints one row of these per chapter.
public struct ChapterProvenance: Sendable, Hashable, Codable {
    /// The profile name: `smoke`, `quick` or `full`.
    public var profile: String
    /// The data source, e.g. `SynFER (embedded)` or `RAF-DB at /data/raf`.
    public var dataSource: String
    /// `synthetic` or `real` (`data.source`); the report weaves a chapter's real-data prose
    /// (`NN-name.real.md`) for `real`. Absent in files written before it existed.
    public var data: String?
    /// Every seed the chapter used.
    public var seeds: [UInt64]
    /// The hashes of the training runs behind the chapter's numbers (empty for data-only chapters).
    public var runHashes: [String]
    /// Wall-clock time of the chapter executable, in seconds, training included.
    public var wallTimeSeconds: Double
    /// A hash of everything the chapter's output depends on (its settings and code revision); a
    /// chapter whose inputs hash matches its existing results has nothing to redo.
    public var inputsHash: String?
    /// When the results were written, ISO 8601 in UTC (`2026-01-05T10:00:00Z`); absent in files
    /// written before it was recorded.
    public var createdAt: String?

    /// The provenance of one chapter run.
    public init(profile: String, dataSource: String, seeds: [UInt64], runHashes: [String] = [],
                wallTimeSeconds: Double, inputsHash: String? = nil, data: String? = nil, createdAt: Date? = nil) {
        self.profile = profile
        self.dataSource = dataSource
        self.seeds = seeds
        self.runHashes = runHashes
        self.wallTimeSeconds = wallTimeSeconds
        self.inputsHash = inputsHash
        self.data = data
        self.createdAt = createdAt.map(PreRegistration.iso)
    }

    /// `createdAt` as a date; nil when absent or unreadable.
    public var creationDate: Date? { createdAt.flatMap { ISO8601DateFormatter().date(from: $0) } }
}
