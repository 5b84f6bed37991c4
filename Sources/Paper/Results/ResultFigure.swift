/// A figure a chapter reports: the files one drawing was saved as, and its caption.
public struct ResultFigure: Sendable, Hashable, Codable {
    /// File paths relative to the figures directory, e.g. `01-low-light/histograms.png`, one per
    /// format (`.png`, `.svg`, `.pdf`). The HTML report embeds the SVG when there is one, else the PNG;
    /// the PDF booklet draws the PNG, so every figure needs a PNG.
    public var files: [String]
    /// The caption; the report puts "Figure N." before it.
    public var caption: String

    /// A figure saved as `files` (relative to the figures directory) with `caption`.
    public init(files: [String], caption: String) {
        self.files = files
        self.caption = caption
    }

    /// The first file whose name ends in `.ext` (compared without case), if any.
    public func file(withExtension ext: String) -> String? {
        files.first { $0.lowercased().hasSuffix("." + ext.lowercased()) }
    }
}
