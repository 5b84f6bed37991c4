/// One cell of a `Figure`'s grid: an `Axes`, a `Heatmap`, an `ImageGrid` or a `Table`.
/// The figure asks each panel for the space its labels need around the plotting area, aligns
/// those margins across each grid row and column, then lets the panel draw.
public protocol Panel: Sendable {
    /// Throws a `PlotError` for data the panel cannot draw.
    func validate() throws
    /// The space needed around the plotting area (titles, tick labels, colour bars) when the panel
    /// fills `cell`.
    func margins(in canvas: Canvas, cell: Rect) -> Insets
    /// Draws the panel; its plotting area is `area`.
    func draw(in canvas: Canvas, area: Rect)
    /// Entries a figure's shared legend gathers from this panel.
    func legendEntries() -> [LegendEntry]
}

/// Collects the panels of a `Figure` written one per line, in row-major order.
@resultBuilder
public enum PanelBuilder {
    /// One panel.
    public static func buildExpression(_ panel: any Panel) -> [any Panel] { [panel] }
    /// Several panels from a helper.
    public static func buildExpression(_ panels: [any Panel]) -> [any Panel] { panels }
    /// The panels of a block.
    public static func buildBlock(_ parts: [any Panel]...) -> [any Panel] { parts.flatMap { $0 } }
    /// An `if` without `else`.
    public static func buildOptional(_ part: [any Panel]?) -> [any Panel] { part ?? [] }
    /// The taken branch of an `if`/`else`.
    public static func buildEither(first part: [any Panel]) -> [any Panel] { part }
    /// The taken branch of an `if`/`else`.
    public static func buildEither(second part: [any Panel]) -> [any Panel] { part }
    /// A `for` loop.
    public static func buildArray(_ parts: [[any Panel]]) -> [any Panel] { parts.flatMap { $0 } }
}

/// Draws a panel title centred over `area`. A title much wider than `area` is cut short with an
/// ellipsis rather than run into the neighbouring panel.
func drawPanelTitle(_ title: String?, canvas: Canvas, area: Rect, above: Double) {
    guard let title else { return }
    let maxWidth = area.width + 40
    var block = canvas.text(title, .panelTitle)
    if block.size.width > maxWidth { block = canvas.text(title, .panelTitle, maxWidth: maxWidth) }
    canvas.draw(block, at: Point(x: area.center.x, y: area.y - above), h: .center, v: .bottom)
}

/// The height a panel title takes, with its gap.
func panelTitleHeight(_ title: String?, canvas: Canvas) -> Double {
    guard let title else { return 0 }
    return canvas.measure(title, .panelTitle).height + canvas.theme.padding
}
