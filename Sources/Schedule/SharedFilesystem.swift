import Foundation

/// Where it can be told before submitting, whether a run store cannot be on a filesystem the
/// compute nodes share. A task's marker check catches the rest.
public enum SharedFilesystem {
    /// A warning when `store` is on a filesystem that is local to this machine by nature (under
    /// /tmp, /dev/shm or /run, or on tmpfs by /proc/mounts), nil otherwise.
    public static func warning(for store: URL, mounts: String? = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8)) -> String? {
        let path = store.standardizedFileURL.path
        if ["/tmp/", "/dev/shm/", "/run/"].contains(where: { (path + "/").hasPrefix($0) }) {
            return "the run store \(path) is in a node-local folder; on a cluster, nodes other than this one will not see it (tasks there fail saying so)"
        }
        if let type = filesystemType(of: path, mounts: mounts ?? ""), ["tmpfs", "ramfs"].contains(type) {
            return "the run store \(path) is on \(type), which only this machine sees"
        }
        return nil
    }

    /// The type of the filesystem holding `path`: the `/proc/mounts` entry with the longest mount
    /// point that contains it.
    static func filesystemType(of path: String, mounts: String) -> String? {
        var best: (length: Int, type: String)?
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let point = String(fields[1])
            let contains = point == "/" || path == point || path.hasPrefix(point + "/")
            if contains, point.count > (best?.length ?? -1) { best = (point.count, String(fields[2])) }
        }
        return best?.type
    }
}
