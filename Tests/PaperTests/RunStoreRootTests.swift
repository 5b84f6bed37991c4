import Configuration
import Foundation
import Paper
import Testing

/// An unusable run store root is one line naming the path and the reason.
@Suite struct RunStoreRootTests {
    static let spec = try? RunSpec(model: .resnet18, revision: 1, dataset: DatasetID(.synRAF, lowLight: true),
                                   config: Profile.smoke.config, reads: ["data", "train", "model"])

    /// A fresh temporary folder.
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("store-root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The error obtaining a run in a store at `root` gives (the trainer is never called).
    func obtainError(_ root: URL) throws -> RunStoreError? {
        let spec = try #require(Self.spec)
        do {
            try RunStore(root: root).obtain(spec) { _ in Issue.record("trained in an unusable store") }
            return nil
        } catch let error as RunStoreError {
            return error
        }
    }

    @Test func aRootThatIsAFileOrIsUnderAFileIsNamed() throws {
        let parent = try folder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let file = parent.appendingPathComponent("runs")
        try Data("not a folder".utf8).write(to: file)
        #expect(try obtainError(file) == .unusableRoot(file.path, "it is a file, not a folder"))
        #expect(try obtainError(file)?.description == "run store \(file.path): it is a file, not a folder")
        #expect(throws: RunStoreError.unusableRoot(file.path, "it is a file, not a folder")) { try RunStore(root: file).list() }
        let below = file.appendingPathComponent("more")
        #expect(try obtainError(below) == .unusableRoot(below.path, "\(file.path) is a file, not a folder"))
    }

    @Test func aRootUnderProcCannotBeCreated() throws {
        let root = URL(fileURLWithPath: "/proc/lldif-runs-\(UUID().uuidString)")
        let error = try obtainError(root)
        guard case .unusableRoot(let path, let reason)? = error else {
            Issue.record("expected unusableRoot, got \(String(describing: error))")
            return
        }
        #expect(path == root.path)
        #expect(reason.hasPrefix("cannot create it: "), "\(reason)")
    }

    @Test(.enabled(if: getuid() != 0, "as root, permission bits do not stop writes; the /proc case covers a root that cannot be written"))
    func aReadOnlyRootIsNamed() throws {
        let root = try folder()
        defer {
            chmod(root.path, 0o755)
            try? FileManager.default.removeItem(at: root)
        }
        #expect(chmod(root.path, 0o555) == 0)
        #expect(try obtainError(root) == .unusableRoot(root.path, "cannot create files in it: Permission denied"))
        let below = root.appendingPathComponent("runs")
        #expect(try obtainError(below) == .unusableRoot(below.path, "cannot create it: Permission denied"))
    }

    @Test func aUsableRootIsCreatedAndLeftClean() throws {
        let parent = try folder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let root = parent.appendingPathComponent("a/b/runs")
        try RunStore(root: root).prepareRoot()
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty, "the write test leaves nothing")
    }
}
