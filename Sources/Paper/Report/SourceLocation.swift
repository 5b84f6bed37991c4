/// A line of a chapter file, for error messages: `chapters/01-low-light.md:12`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The chapter file's path as the weaver was given it.
    public var file: String
    /// The 1-based line number.
    public var line: Int

    /// The location of `line` in `file`.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}
