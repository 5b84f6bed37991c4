import Foundation

/// A one-line live progress display on standard error, redrawn in place; silent when standard
/// error is not a terminal (logs and tests get the per-epoch records instead).
struct ProgressLine {
    private let enabled: Bool
    private var lastDraw = Date.distantPast

    /// A progress line, shown only when `enabled` and standard error is a terminal.
    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    /// Redraws the line (at most ten times a second unless `force`).
    mutating func show(_ text: String, force: Bool = false) {
        guard enabled else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    /// Ends the line so later output starts on a fresh one.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    /// A bar of `width` cells, `done` of `total` filled.
    static func bar(_ done: Int, of total: Int, width: Int = 24) -> String {
        let filled = total > 0 ? min(width, done * width / total) : width
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }
}
