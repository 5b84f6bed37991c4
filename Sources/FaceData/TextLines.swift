/// The lines of a text file whatever its line endings: LF, CR, or CRLF. Swift treats "\r\n" as one
/// `Character`, so `split(separator: "\n")` never splits a CRLF file (many published copies of the
/// RAF-DB and FERPlus label files have Windows line endings); every newline character, CRLF
/// included, ends a line here. Empty lines are kept, so line numbers in errors match the file's.
func textLines(_ text: String) -> [Substring] {
    text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
}
