import Foundation
import Plot

extension WovenReport {
    /// Writes the PDF booklet: the title, then for each chapter its figures and tables with their
    /// numbers and captions in the order the chapter places them, then the provenance. The file's
    /// creation date is the environment's date, so the same inputs give the same bytes.
    public func writePDF(to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            let canvas = try BookletPages(path: temporary.path, title: title, isoDate: environment.isoDate)
            canvas.paragraph(PangoText.escape(title), font: .title, spaceAfter: 4)
            canvas.paragraph(PangoText.escape("Woven \(environment.isoDate) from commit \(environment.commitDescription)"),
                             font: .small, spaceAfter: 18, color: Self.grey)
            for chapter in chapters where !chapter.blocks.isEmpty {
                let heading = canvas.layout("<b>x</b>", font: .heading).size.height + 10
                canvas.ensureSpace(heading + (try leadHeight(of: chapter.blocks[0], on: canvas)))
                canvas.paragraph("<b>\(PangoText.escape(plainText(chapter.title, in: chapter)))</b>", font: .heading, spaceAfter: 10)
                for block in chapter.blocks {
                    switch block {
                    case .figure(let figure): try drawFigure(figure, on: canvas)
                    case .table(let woven):
                        drawCaption("Table \(woven.number).", woven.table.caption, on: canvas)
                        PDFTable(woven.table).draw(on: canvas)
                        drawNotes(woven.table.notes, on: canvas)
                    case .claims:
                        drawCaption("Claims.", Self.claimsCaption + " " + preRegistration.joined(separator: " "), on: canvas)
                        claimsTable().draw(on: canvas)
                        drawNotes(nil, on: canvas)
                    case .paperNumbers:
                        drawCaption("The paper's numbers.", Self.paperNumbersCaption, on: canvas)
                        PDFTable(columns: Self.paperNumbersColumns,
                                 rows: paperNumberCells.map { $0.map { PDFTable.Cell(markup: PangoText.escape($0)) } }).draw(on: canvas)
                        drawNotes(nil, on: canvas)
                    case .value, .reference: break
                    }
                }
            }
            drawProvenance(on: canvas)
            try canvas.finish()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw ReportError.unwritableOutput(path: url.path, reason: String(cString: strerror(errno)))
        }
    }

    /// The grey of the notes and the date line.
    private static let grey = Color(red: 0.35, green: 0.38, blue: 0.42)
    /// The grey of captions.
    private static let captionGrey = Color(red: 0.25, green: 0.27, blue: 0.3)

    /// `text` with the placeholders of `chapter`'s inline directives replaced by their plain text.
    func plainText(_ text: String, in chapter: WovenChapter) -> String {
        var out = text
        for (placeholder, placement) in chapter.placements {
            switch placement {
            case .value(let value, _, _): out = out.replacing(placeholder, with: value)
            case .reference(let kind, let number): out = out.replacing(placeholder, with: "\(kind.title) \(number)")
            case .figure, .table, .claims, .paperNumbers: break
            }
        }
        return out
    }

    /// The height a chapter's first block needs on the page, so that the chapter heading is never
    /// left alone at the bottom of a page: a figure's full height, or a table's caption and first rows.
    private func leadHeight(of block: DirectivePlacement, on canvas: BookletPages) throws -> Double {
        guard case .figure(let figure) = block else { return 90 }
        return try PlacedImage(figure, on: canvas).height
    }

    /// A figure's PNG scaled to fit the page width (and height, with its caption), never enlarged.
    private struct PlacedImage {
        let image: PNGImage
        let caption: TextBlock
        /// The image's size on the page.
        let size: Size
        /// The height of image and caption together.
        let height: Double

        init(_ figure: WovenFigure, on canvas: BookletPages) throws {
            do { image = try PNGImage(contentsOfFile: figure.png.path) } catch let PlotError.read(_, reason) {
                throw ReportError.unreadableFigure(path: figure.png.path, reason: reason)
            }
            caption = canvas.layout("<b>Figure \(figure.number).</b> \(PangoText.escape(figure.caption))",
                                    font: .caption, width: BookletPages.contentWidth)
            let pageRoom = BookletPages.bottom - BookletPages.margin - caption.size.height - 8
            let (width, pixelHeight) = (Double(image.width), Double(image.height))
            let scale = min(BookletPages.contentWidth / width, pageRoom / pixelHeight, 1)
            size = Size(width: width * scale, height: pixelHeight * scale)
            height = size.height + 8 + caption.size.height
        }
    }

    private func drawFigure(_ figure: WovenFigure, on canvas: BookletPages) throws {
        let placed = try PlacedImage(figure, on: canvas)
        canvas.ensureSpace(placed.height)
        canvas.canvas.draw(placed.image, in: Rect(x: BookletPages.margin + (BookletPages.contentWidth - placed.size.width) / 2,
                                                  y: canvas.y, width: placed.size.width, height: placed.size.height))
        canvas.y += placed.height - placed.caption.size.height
        canvas.draw(placed.caption, x: BookletPages.margin, y: canvas.y, color: Self.captionGrey)
        canvas.y += placed.caption.size.height + 22
    }

    private func drawCaption(_ label: String, _ caption: String, on canvas: BookletPages) {
        let layout = canvas.layout("<b>\(PangoText.escape(label))</b> \(PangoText.escape(caption))",
                                   font: .caption, width: BookletPages.contentWidth)
        canvas.ensureSpace(layout.size.height + 60)
        canvas.draw(layout, x: BookletPages.margin, y: canvas.y, color: Self.captionGrey)
        canvas.y += layout.size.height + 5
    }

    private func drawNotes(_ notes: String?, on canvas: BookletPages) {
        canvas.y += 4
        if let notes, !notes.isEmpty {
            canvas.paragraph(PangoText.escape(notes), font: .small, spaceAfter: 0, color: Self.grey)
        }
        canvas.y += 18
    }

    private func claimsTable() -> PDFTable {
        let rows = claims.map { claim -> [PDFTable.Cell] in
            let verdictColour = switch claim.status {
            case .passed: Color(red: 0.1, green: 0.5, blue: 0.22)
            case .failed: Color(red: 0.81, green: 0.13, blue: 0.18)
            case .notMeasured: Color(red: 0.45, green: 0.45, blue: 0.45)
            case .inconclusive: Color(red: 0.72, green: 0.45, blue: 0.05)
            }
            let verdict = claim.status == .notMeasured ? "<i>\(claim.verdictText)</i>" : "<b>\(claim.verdictText)</b>"
            let cell = { (text: String) in PDFTable.Cell(markup: PangoText.escape(text)) }
            return [cell(claim.id), cell(claim.statement), PDFTable.Cell(markup: verdict, color: verdictColour),
                    cell(claim.measured ?? "—"), cell(claim.criterion), cell(claim.chapter)]
        }
        let empty = [[PDFTable.Cell(markup: "<i>none listed or measured yet</i>")] + Array(repeating: PDFTable.Cell(markup: ""), count: 5)]
        return PDFTable(columns: ["#", "Claim", "Verdict", "Measured", "Rule", "Chapter"],
                        rows: rows.isEmpty ? empty : rows)
    }

    private func drawProvenance(on canvas: BookletPages) {
        canvas.ensureSpace(160)
        canvas.paragraph("<b>Provenance</b>", font: .heading, spaceAfter: 8)
        let env = environment
        for (label, value) in [("Commit", env.commitDescription), ("Machine", "\(env.cpuModel), \(env.cores) cores"),
                               ("Woven", env.isoDate)] {
            canvas.paragraph("<b>\(label)</b>  \(PangoText.escape(value))", font: .body, spaceAfter: 3)
        }
        canvas.y += 8
        var rows: [[PDFTable.Cell]] = provenance.map { row in
            guard let p = row.provenance else {
                return [PDFTable.Cell(markup: PangoText.escape(row.chapter)), PDFTable.Cell(markup: "<i>no provenance recorded</i>")]
                    + Array(repeating: PDFTable.Cell(markup: ""), count: 4)
            }
            let runs = p.runHashes.isEmpty ? "none" : p.runHashes.map { String($0.prefix(12)) }.joined(separator: " ")
            return [row.chapter, p.profile, p.dataSource, ProvenanceText.seeds(p.seeds)].map { PDFTable.Cell(markup: PangoText.escape($0)) }
                + [PDFTable.Cell(markup: ProvenanceText.duration(p.wallTimeSeconds), alignRight: true),
                   PDFTable.Cell(markup: "<tt>\(PangoText.escape(runs))</tt>")]
        }
        let total = provenance.compactMap(\.provenance?.wallTimeSeconds).reduce(0, +)
        rows.append([PDFTable.Cell(markup: "<b>all chapters</b>")] + Array(repeating: PDFTable.Cell(markup: ""), count: 3)
                    + [PDFTable.Cell(markup: "<b>\(ProvenanceText.duration(total))</b>", alignRight: true), PDFTable.Cell(markup: "")])
        PDFTable(columns: ["Chapter", "Profile", "Data", "Seeds", "Wall time", "Runs (first 12 characters)"], rows: rows).draw(on: canvas)
    }
}
