/// The one typographic scale and line style of every chart: the font family, the sizes of each
/// kind of text, and the stroke widths. Change it here and every figure follows.
public struct Theme: Sendable {
    /// Font family; DejaVu Sans ships with Debian's `fonts-dejavu-core`, so renders are the same
    /// on every machine built from the Makefile's package list.
    public var fontFamily = "DejaVu Sans"
    /// The figure title.
    public var figureTitleSize = 11.0
    /// Panel titles.
    public var panelTitleSize = 9.5
    /// Axis labels.
    public var axisLabelSize = 8.5
    /// Tick labels, legend entries, table cells, row and column labels.
    public var tickLabelSize = 7.5
    /// Small annotations: bar values, heatmap cells.
    public var annotationSize = 6.5
    /// Width of data lines.
    public var lineWidth = 1.4
    /// Width of axis spines and ticks.
    public var spineWidth = 0.7
    /// Width of grid lines.
    public var gridWidth = 0.5
    /// Length of ticks, pointing outwards.
    public var tickLength = 3.0
    /// Padding between a label and what it labels.
    public var padding = 4.0

    /// The default theme.
    public init() {}
    /// The theme every figure uses unless given another.
    public static let standard = Theme()
}

/// The role of a piece of text, which picks its size and weight from the `Theme`.
enum TextRole: Sendable {
    case figureTitle, panelTitle, axisLabel, tickLabel, annotation
}
