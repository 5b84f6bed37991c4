import Foundation

/// The claims file's record in git: the commit that last changed it and its date, so that the
/// report and `lldif verify` show when the criteria were fixed, and whether they changed after the
/// results they judge were made.
public struct PreRegistration: Sendable, Hashable {
    /// Where the claims file stands in git.
    public enum Record: Sendable, Hashable {
        /// Last changed by commit `hash` (short) on `date`; `modified` when the working copy differs from it.
        case committed(hash: String, date: Date, modified: Bool)
        /// Inside a git repository but never committed.
        case uncommitted
        /// git is missing, or the file is not in a repository.
        case notUnderGit
    }

    /// The claims file's path as printed.
    public var file: String
    /// Its record.
    public var record: Record

    /// A record given directly (tests use fixed ones).
    public init(file: String, record: Record) {
        self.file = file
        self.record = record
    }

    /// The record of `claimsFile` from `git log -1 -- <file>` in its folder; never fails: without git
    /// or a repository it is `.notUnderGit`.
    public static func of(claimsFile: URL) -> PreRegistration {
        let folder = claimsFile.deletingLastPathComponent()
        let name = claimsFile.lastPathComponent
        guard Git.run(["rev-parse", "--is-inside-work-tree"], in: folder) != nil else {
            return PreRegistration(file: claimsFile.path, record: .notUnderGit)
        }
        let log = Git.run(["log", "-1", "--format=%h%x09%cI", "--", name], in: folder)?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let parts = log.split(separator: "\t").map(String.init)
        guard parts.count == 2, let date = ISO8601DateFormatter().date(from: parts[1]) else {
            return PreRegistration(file: claimsFile.path, record: .uncommitted)
        }
        let status = Git.run(["status", "--porcelain", "--", name], in: folder) ?? ""
        return PreRegistration(file: claimsFile.path, record: .committed(hash: parts[0], date: date,
                                                                          modified: !status.isEmpty))
    }

    /// The line the report and `lldif verify` print, e.g. "Claims fixed by commit 3f2a9c1 of
    /// 2026-01-05T10:00:00Z (chapters/claims.json)."
    public var line: String {
        let name = URL(fileURLWithPath: file).lastPathComponent
        switch record {
        case .committed(let hash, let date, let modified):
            return "Claims fixed by commit \(hash) of \(Self.iso(date)) (last change to \(name))"
                + (modified ? "; the working copy of \(name) has changed since, so the criteria used here are not that commit's." : ".")
        case .uncommitted:
            return "\(name) is not committed: the criteria used here are on no record."
        case .notUnderGit:
            return "\(name) is not under git: no record of when the criteria were fixed."
        }
    }

    /// A warning when the claims changed after results they judge were made: each chapter of
    /// `results` whose creation time is before the claims' commit (or unknown); nil when there is none.
    public func staleness(_ results: [(chapter: String, provenance: ChapterProvenance?)]) -> String? {
        guard case .committed(let hash, let date, _) = record else { return nil }
        var older: [String] = [], undated: [String] = []
        for (chapter, provenance) in results {
            guard let created = provenance?.creationDate else { undated.append(chapter); continue }
            if created < date { older.append("\(chapter) (\(Self.iso(created)))") }
        }
        var parts: [String] = []
        if !older.isEmpty {
            parts.append("Commit \(hash) changed the claims after these results were made: \(older.joined(separator: ", ")); they were not judged by criteria fixed in advance.")
        }
        if !undated.isEmpty {
            parts.append("The results of \(undated.joined(separator: ", ")) record no creation time, so whether the claims predate them is unknown.")
        }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
