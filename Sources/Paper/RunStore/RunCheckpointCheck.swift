import Foundation
import NN

/// What reading a finished run's checkpoint found (`RunFolder.checkCheckpoint`).
public enum RunCheckpointCheck: Equatable, Sendable {
    /// It reads back whole and matches the checksum recorded in it.
    case verified
    /// It reads back whole but records no checksum: written before checkpoints carried one.
    case unchecked
    /// It is missing, truncated, malformed or fails its checksum: the file and the damage, in one line.
    case damaged(String)

    /// True for `.damaged`.
    public var isDamaged: Bool {
        if case .damaged = self { return true }
        return false
    }
}

extension RunFolder {
    /// Reads the run's checkpoint and checks its layout and its checksum.
    public func checkCheckpoint() -> RunCheckpointCheck {
        guard FileManager.default.fileExists(atPath: checkpointURL.path) else {
            return .damaged("\(checkpointURL.path): missing")
        }
        do {
            return try SafeTensorsFile(contentsOf: checkpointURL).isChecksummed ? .verified : .unchecked
        } catch let error as SafeTensorsError {
            return .damaged(error.description)
        } catch {
            return .damaged("\(checkpointURL.path): \(error)")
        }
    }

    /// Whether a complete run whose checkpoint gave `check` is reused; tells `report` about a
    /// checkpoint without a checksum (reused) and a damaged one (not reused: trained again).
    func reuse(_ check: RunCheckpointCheck, report: (String) -> Void) -> Bool {
        switch check {
        case .verified:
            return true
        case .unchecked:
            report("warning: \(checkpointURL.path) records no checksum (written before checkpoints carried one); reusing run \(spec.name) on its intact layout")
            return true
        case .damaged(let damage):
            report("run \(spec.name) is not reused: \(damage); training it again")
            return false
        }
    }

    /// Removes the completion record and the checkpoint of a run that is to be trained again
    /// (the completion record first, so that a run stopped here is never taken as complete).
    func forgetCompletion() throws {
        for url in [statusURL, checkpointURL] where FileManager.default.fileExists(atPath: url.path) {
            do { try FileManager.default.removeItem(at: url) } catch {
                throw RunStoreError.cannotWrite(url.path, "cannot remove: \(error.localizedDescription)")
            }
        }
    }
}
