import Foundation

/// The parts of the provenance block that come from where the report is woven rather than from the
/// results files: the commit, the machine and the date.
public struct ReportEnvironment: Sendable, Hashable {
    /// The git commit hash of the kit, or `unknown` outside a git checkout.
    public var commit: String
    /// Whether the working tree had uncommitted changes; nil when unknown.
    public var dirty: Bool?
    /// The CPU model, e.g. from `/proc/cpuinfo`.
    public var cpuModel: String
    /// The number of CPU cores the process may use.
    public var cores: Int
    /// The date the report is dated with; it is also the PDF's creation date, so the same inputs and
    /// date give the same bytes.
    public var date: Date

    /// An environment given field by field (tests use a fixed one).
    public init(commit: String, dirty: Bool?, cpuModel: String, cores: Int, date: Date) {
        self.commit = commit
        self.dirty = dirty
        self.cpuModel = cpuModel
        self.cores = cores
        self.date = date
    }

    /// The environment of this process: git state of `repository`, `/proc/cpuinfo`, and the date from
    /// `SOURCE_DATE_EPOCH` when set (for reproducible builds), else now.
    public static func current(repository: URL) -> ReportEnvironment {
        let commit = Git.run(["rev-parse", "HEAD"], in: repository)?.trimmingCharacters(in: .whitespacesAndNewlines)
        let status = Git.run(["status", "--porcelain", "--untracked-files=no"], in: repository)
        var date = Date()
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Double(epoch) {
            date = Date(timeIntervalSince1970: seconds)
        }
        return ReportEnvironment(commit: commit.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown",
                                 dirty: status.map { !$0.isEmpty }, cpuModel: cpuModel(),
                                 cores: ProcessInfo.processInfo.activeProcessorCount, date: date)
    }

    /// The date as ISO 8601 in UTC, seconds precision: `2026-11-28T23:50:00Z`.
    public var isoDate: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// The commit with its state, as printed: `3f2a…9c (uncommitted changes)`.
    public var commitDescription: String {
        switch dirty {
        case .some(true): return "\(commit) (with uncommitted changes)"
        case .some(false): return "\(commit) (clean)"
        case .none: return commit
        }
    }

    /// The first `model name` line of `/proc/cpuinfo`, or `unknown CPU`.
    private static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown CPU" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown CPU"
    }
}
