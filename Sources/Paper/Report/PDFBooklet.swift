import CCairo
import Foundation

extension WovenReport {
    /// Writes the PDF booklet: the title, then for each chapter its figures and tables with their
    /// numbers and captions in the order the chapter places them, then the provenance. The file's
    /// creation date is the environment's date, so the same inputs give the same bytes.
    public func writePDF(to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            let canvas = try PDFCanvas(path: temporary.path, title: title, isoDate: environment.isoDate)
            canvas.paragraph(PangoText.escape(title), font: .title, spaceAfter: 4)
            canvas.paragraph(PangoText.escape("Woven \(environment.isoDate) from commit \(environment.commitDescription)"),
                             font: .small, spaceAfter: 18, rgb: (0.35, 0.38, 0.42))
            for chapter in chapters where !chapter.blocks.isEmpty {
                let heading = canvas.layout("<b>x</b>", font: .heading).height + 10
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
                        drawCaption("Claims.", "The paper's claims: the verdict, the value reproduced here, the paper's value where known, and the criterion.", on: canvas)
                        claimsTable().draw(on: canvas)
                        drawNotes(nil, on: canvas)
                    case .value, .reference: break
                    }
                }
            }
            drawProvenance(on: canvas)
            try canvas.finish(path: url.path)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw ReportError.unwritableOutput(path: url.path, reason: String(cString: strerror(errno)))
        }
    }

    /// `text` with the placeholders of `chapter`'s inline directives replaced by their plain text.
    func plainText(_ text: String, in chapter: WovenChapter) -> String {
        var out = text
        for (placeholder, placement) in chapter.placements {
            switch placement {
            case .value(let value, _, _): out = out.replacing(placeholder, with: value)
            case .reference(let kind, let number): out = out.replacing(placeholder, with: "\(kind.title) \(number)")
            case .figure, .table, .claims: break
            }
        }
        return out
    }

    /// The height a chapter's first block needs on the page, so that the chapter heading is never
    /// left alone at the bottom of a page: a figure's full height, or a table's caption and first rows.
    private func leadHeight(of block: DirectivePlacement, on canvas: PDFCanvas) throws -> Double {
        guard case .figure(let figure) = block else { return 90 }
        return try PlacedImage(figure, on: canvas).height
    }

    /// A figure's PNG scaled to fit the page width (and height, with its caption), never enlarged.
    private final class PlacedImage {
        let image: OpaquePointer?
        let caption: PDFCanvas.Layout
        let width: Double
        let height: Double
        let scale: Double

        init(_ figure: WovenFigure, on canvas: PDFCanvas) throws {
            image = cairo_image_surface_create_from_png(figure.png.path)
            guard cairo_surface_status(image) == CAIRO_STATUS_SUCCESS else {
                let reason = String(cString: cairo_status_to_string(cairo_surface_status(image)))
                cairo_surface_destroy(image)
                throw ReportError.unreadableFigure(path: figure.png.path, reason: "not a PNG Cairo can read: " + reason)
            }
            width = Double(cairo_image_surface_get_width(image))
            let pixelHeight = Double(cairo_image_surface_get_height(image))
            caption = canvas.layout("<b>Figure \(figure.number).</b> \(PangoText.escape(figure.caption))",
                                    font: .caption, width: PDFCanvas.contentWidth)
            let pageRoom = PDFCanvas.bottom - PDFCanvas.margin - caption.height - 8
            scale = min(PDFCanvas.contentWidth / width, pageRoom / pixelHeight, 1)
            height = pixelHeight * scale + 8 + caption.height
        }

        deinit {
            cairo_surface_destroy(image)
        }
    }

    private func drawFigure(_ figure: WovenFigure, on canvas: PDFCanvas) throws {
        let placed = try PlacedImage(figure, on: canvas)
        let (image, caption, width, scale) = (placed.image, placed.caption, placed.width, placed.scale)
        canvas.ensureSpace(placed.height)
        let cr = canvas.cr
        cairo_save(cr)
        cairo_translate(cr, PDFCanvas.margin + (PDFCanvas.contentWidth - width * scale) / 2, canvas.y)
        cairo_scale(cr, scale, scale)
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        cairo_paint(cr)
        cairo_restore(cr)
        canvas.y += placed.height - caption.height
        canvas.draw(caption, x: PDFCanvas.margin, y: canvas.y, rgb: (0.25, 0.27, 0.3))
        canvas.y += caption.height + 22
    }

    private func drawCaption(_ label: String, _ caption: String, on canvas: PDFCanvas) {
        let layout = canvas.layout("<b>\(PangoText.escape(label))</b> \(PangoText.escape(caption))",
                                   font: .caption, width: PDFCanvas.contentWidth)
        canvas.ensureSpace(layout.height + 60)
        canvas.draw(layout, x: PDFCanvas.margin, y: canvas.y, rgb: (0.25, 0.27, 0.3))
        canvas.y += layout.height + 5
    }

    private func drawNotes(_ notes: String?, on canvas: PDFCanvas) {
        canvas.y += 4
        if let notes, !notes.isEmpty {
            canvas.paragraph(PangoText.escape(notes), font: .small, spaceAfter: 0, rgb: (0.35, 0.38, 0.42))
        }
        canvas.y += 18
    }

    private func claimsTable() -> PDFTable {
        let rows = claims.map { claim -> [PDFTable.Cell] in
            let verdictColour: (Double, Double, Double) = switch claim.status {
            case .passed: (0.1, 0.5, 0.22)
            case .failed: (0.81, 0.13, 0.18)
            case .notMeasured: (0.45, 0.45, 0.45)
            case .inconclusive: (0.72, 0.45, 0.05)
            }
            let verdict = claim.status == .notMeasured ? "<i>\(claim.verdictText)</i>" : "<b>\(claim.verdictText)</b>"
            let cell = { (text: String) in PDFTable.Cell(markup: PangoText.escape(text)) }
            return [cell(claim.id), cell(claim.statement), PDFTable.Cell(markup: verdict, rgb: verdictColour),
                    cell(claim.measured ?? "—"), cell(claim.reported ?? "—"), cell(claim.criterion ?? "—"), cell(claim.chapter)]
        }
        let empty = [[PDFTable.Cell(markup: "<i>none listed or measured yet</i>")] + Array(repeating: PDFTable.Cell(markup: ""), count: 6)]
        return PDFTable(columns: ["#", "Claim", "Verdict", "Reproduced", "Paper", "Criterion", "Chapter"],
                        rows: rows.isEmpty ? empty : rows)
    }

    private func drawProvenance(on canvas: PDFCanvas) {
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
