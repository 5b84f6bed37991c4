/// Quoting for the shell scripts the kit writes.
public enum Shell {
    /// `text` as one shell word: bare when it holds only safe characters, else in single quotes
    /// (a single quote inside written as `'\''`).
    public static func quote(_ text: String) -> String {
        let safe = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_=.,/:+@%".contains($0)) }
        return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// `words` as one shell command line.
    public static func line(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }
}
