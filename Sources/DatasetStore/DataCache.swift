#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FaceData
import Foundation
import NN

/// A folder of held splits (`InMemorySource`) saved to disk, one safetensors file per key, so that
/// processes opening the same data (the ~60 training runs of `make paper` on 3 datasets) produce it
/// once. Measured on ll-syn-raf at the quick profile (4000 + 1000 faces at 64 px; a 311 MB file):
/// a whole `lldif train` process up to its data being held costs 9.7 CPU s cold (SynFER rendering,
/// low-light synthesis, writing the file) and 1.2 CPU s warm (reading it); peak memory 1.1 and
/// 1.2 GB. Measured with
/// `/usr/bin/time lldif train --model resnet18 --dataset ll-syn-raf --store DIR --set train.batch_size=0`
/// (the bad batch size stops the run right after its data is opened).
///
/// Concurrency: a key's file is looked up, and built when absent, under an exclusive flock(2) on a
/// lock file beside it, so two processes (or threads) asking for the same key at once build it
/// once; the second waits and then reads it. Files are written to a temporary name and renamed, so
/// a reader never sees a partial file. A truncated or damaged file is detected (safetensors layout,
/// the key it was written for, a checksum of its data) and rebuilt.
public struct DataCache: Sendable {
    /// Version of the file layout and of the code that makes held splits from a source (`SubsetSource`'s
    /// choice, `InMemorySource`'s resizing); part of every key, so files of an older layout are never
    /// read. Changes to SynFER or the low-light synthesis bump the flavour's `generatorRevision`
    /// instead; the files of a real dataset are not part of the key (only its folder is), as they are not of a run's.
    public static let formatVersion = 1

    /// The cache folder (created when the first file is written).
    public let folder: URL

    /// A cache in `folder`.
    public init(folder: URL) { self.folder = folder }

    /// The file that holds `key`'s splits.
    public func url(for key: DataCacheKey) -> URL { folder.appendingPathComponent(key.fileName) }

    /// The splits stored for `key`, or nil when there is no file for it; a file that is truncated,
    /// damaged or written for another key throws `DataCacheError.damaged`.
    public func read(_ key: DataCacheKey) throws -> InMemorySource? {
        let url = url(for: key)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: url, options: .alwaysMapped))
        } catch {
            throw DataCacheError.io(file: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        return try DataCacheFile.decode(bytes, key: key, file: url.path)
    }

    /// The splits of `key`: read from the cache, or made by `build` and stored (a damaged file is
    /// replaced). Runs under the key's lock, so concurrent callers build once.
    public func heldSplits(for key: DataCacheKey, build: () throws -> InMemorySource) throws
        -> (source: InMemorySource, outcome: DataCacheOutcome) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw DataCacheError.io(file: folder.path, reason: "cannot create the cache folder: \(error.localizedDescription)")
        }
        let url = url(for: key)
        return try withLock(on: url.appendingPathExtension("lock")) {
            var damage: String?
            do {
                if let stored = try read(key) { return (stored, .loaded(file: url.path)) }
            } catch DataCacheError.damaged(_, let reason) {
                damage = reason
            }
            let source = try build()
            let bytes: [UInt8]
            do {
                bytes = try DataCacheFile.encode(source, key: key)
            } catch DataCacheError.notStorable(let reason) {
                return (source, .notStored(reason: reason))
            }
            try removeTemporaries(of: url)
            try writeAtomically(bytes, to: url)
            return (source, damage.map { .rebuilt(file: url.path, damage: $0) } ?? .built(file: url.path))
        }
    }

    /// Removes the temporary files a writer of `url` killed mid-write left behind (called under
    /// `url`'s lock, so no live writer's file is removed).
    private func removeTemporaries(of url: URL) throws {
        let prefix = ".\(url.lastPathComponent)."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            do {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            } catch {
                throw DataCacheError.io(file: folder.appendingPathComponent(name).path,
                                        reason: "cannot remove a left-over temporary file: \(error.localizedDescription)")
            }
        }
    }

    /// Writes `bytes` to `url` through `AtomicFile` (a temporary sibling `.NAME.PID.RANDOM.tmp`,
    /// renamed into place; removed when the write fails).
    private func writeAtomically(_ bytes: [UInt8], to url: URL) throws {
        do {
            try AtomicFile.write(bytes, to: url)
        } catch let error as AtomicFile.WriteError {
            throw DataCacheError.io(file: error.file, reason: error.reason)
        }
    }

    /// Runs `body` holding the lock file `lockURL`.
    private func withLock<T>(on lockURL: URL, _ body: () throws -> T) throws -> T {
        do { return try FileLock(lockURL).withLock(body) }
        catch let error as FileLockError { throw DataCacheError.io(file: error.path, reason: error.reason) }
    }
}

/// Everything that determines the bits of a set of held splits, as text: a file is read only for
/// the exact key it was written for.
public struct DataCacheKey: Sendable, Equatable, CustomStringConvertible {
    /// A readable prefix of the file name (the source name and image size).
    public let label: String
    /// The key's fields, `name=value` one a line, sorted by name, the format version included.
    public let text: String

    /// A key from a readable label and its fields.
    public init(label: String, fields: [String: String]) {
        var fields = fields
        fields["cache_format"] = "\(DataCache.formatVersion)"
        self.label = String(label.unicodeScalars.map { scalar -> Character in
            CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "." ? Character(scalar) : "_"
        })
        text = fields.keys.sorted().map { "\($0)=\(fields[$0]!)" }.joined(separator: "\n")
    }

    /// The file name: the label and a 64-bit hash of the text.
    public var fileName: String {
        let hash = String(SeededRandom.key(text), radix: 16)
        return "\(label)-\(String(repeating: "0", count: 16 - hash.count) + hash).safetensors"
    }

    /// The key's text on one line.
    public var description: String { text.replacingOccurrences(of: "\n", with: ", ") }
}

/// What `DataCache.heldSplits` did.
public enum DataCacheOutcome: Sendable, Equatable, CustomStringConvertible {
    /// Read from the file.
    case loaded(file: String)
    /// Built and written to the file.
    case built(file: String)
    /// The file was damaged; built again and written over it.
    case rebuilt(file: String, damage: String)
    /// Built, but its samples do not fit the file layout (images of different shapes); not stored.
    case notStored(reason: String)

    /// One line for a run's log.
    public var description: String {
        switch self {
        case .loaded(let file): return "data read from the cache (\(file))"
        case .built(let file): return "data built and stored in the cache (\(file))"
        case .rebuilt(let file, let damage): return "cache file \(file) was damaged (\(damage)); data rebuilt and stored again"
        case .notStored(let reason): return "data built but not cached: \(reason)"
        }
    }
}

/// Failures of the data cache, each naming the file at fault.
public enum DataCacheError: Error, Equatable, CustomStringConvertible {
    /// The file is truncated, damaged or written for another key.
    case damaged(file: String, reason: String)
    /// The file or folder cannot be read, written or locked.
    case io(file: String, reason: String)
    /// The samples do not fit the file layout.
    case notStorable(reason: String)

    public var description: String {
        switch self {
        case .damaged(let file, let reason): return "\(file): damaged data-cache file: \(reason)"
        case .io(let file, let reason): return "\(file): \(reason)"
        case .notStorable(let reason): return "samples cannot be cached: \(reason)"
        }
    }
}
