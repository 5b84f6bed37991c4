import Foundation

extension WovenReport {
    /// The report as one self-contained HTML page: styles inline, figures embedded as data URIs, no
    /// reference to any outside file.
    public func html() throws -> String {
        var page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escape(title))</title>
        <style>\(ReportStyle.css)</style>
        </head>
        <body>
        <main>
        <header class="title">
        <h1>\(HTMLText.escape(title))</h1>
        <p class="meta">Woven \(HTMLText.escape(environment.isoDate)) from commit <code>\(HTMLText.escape(environment.commitDescription))</code></p>
        </header>

        """
        page += try tableOfContents()
        for chapter in chapters {
            let body = try resolvingPlaceholders(in: chapter.html, of: chapter)
            page += "<section class=\"chapter\" id=\"chapter-\(chapter.name)\">\n\(body)\n</section>\n"
        }
        page += provenanceSection()
        page += "</main>\n</body>\n</html>\n"
        return page
    }

    /// `html` with each placeholder of `chapter` replaced by its rendering; a block placeholder takes
    /// the place of the paragraph Ink wrapped around it.
    private func resolvingPlaceholders(in html: String, of chapter: WovenChapter) throws -> String {
        var out = html
        for (placeholder, placement) in chapter.placements where out.contains(placeholder) {
            let fragment = try htmlFragment(placement)
            out = out.replacing("<p>\(placeholder)</p>", with: fragment).replacing(placeholder, with: fragment)
        }
        return out
    }

    /// Writes `html()` to `url`.
    public func writeHTML(to url: URL) throws {
        let text = try html()
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw ReportError.unwritableOutput(path: url.path, reason: error.localizedDescription)
        }
    }

    private func tableOfContents() throws -> String {
        var out = "<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n"
        for chapter in chapters {
            let top = chapter.headings.first { $0.level == 1 }
            let title = try resolvingPlaceholders(in: HTMLText.escape(chapter.title), of: chapter)
            out += "<li><a href=\"#\(top?.id ?? "chapter-" + chapter.name)\">\(title)</a>"
            let sections = chapter.headings.filter { $0.level == 2 }
            if !sections.isEmpty {
                out += "\n<ol>\n"
                for section in sections {
                    let text = try resolvingPlaceholders(in: HTMLText.escape(section.text), of: chapter)
                    out += "<li><a href=\"#\(section.id)\">\(text)</a></li>\n"
                }
                out += "</ol>\n"
            }
            out += "</li>\n"
        }
        out += "<li><a href=\"#provenance\">Provenance</a></li>\n</ol>\n</nav>\n"
        return out
    }

    private func htmlFragment(_ placement: DirectivePlacement) throws -> String {
        switch placement {
        case .value(let text, let key, let isNumber):
            return "<span class=\"\(isNumber ? "value number" : "value")\" title=\"\(HTMLText.escape(key.description))\">\(HTMLText.escape(text))</span>"
        case .reference(let kind, let number):
            return "<a href=\"#\(kind.rawValue)-\(number)\">\(kind.title)&nbsp;\(number)</a>"
        case .figure(let figure):
            return try figureHTML(figure)
        case .table(let woven):
            return tableHTML(woven.table, id: "table-\(woven.number)",
                             label: "Table \(woven.number).", caption: woven.table.caption)
        case .claims:
            return claimsHTML()
        case .paperNumbers:
            return paperNumbersHTML()
        }
    }

    private func figureHTML(_ figure: WovenFigure) throws -> String {
        let source = figure.svg ?? figure.png
        let type = figure.svg == nil ? "image/png" : "image/svg+xml"
        let data: Data
        do {
            data = try Data(contentsOf: source)
        } catch {
            throw ReportError.unreadableFigure(path: source.path, reason: error.localizedDescription)
        }
        let caption = HTMLText.escape(figure.caption)
        return """
        <figure id="figure-\(figure.number)">
        <img src="data:\(type);base64,\(data.base64EncodedString())" alt="Figure \(figure.number): \(caption)">
        <figcaption><span class="label">Figure \(figure.number).</span> \(caption)</figcaption>
        </figure>
        """
    }

    private func tableHTML(_ table: ResultTable, id: String, label: String, caption: String) -> String {
        var out = "<div class=\"table-block\" id=\"\(id)\">\n"
        out += "<p class=\"caption\"><span class=\"label\">\(label)</span> \(HTMLText.escape(caption))</p>\n"
        out += "<div class=\"table-wrap\"><table>\n<thead><tr>"
        for (column, name) in table.columns.enumerated() {
            let numeric = !table.rows.isEmpty && table.rows.allSatisfy { column < $0.count && $0[column].value.isNumber }
            out += (numeric ? "<th class=\"num\">" : "<th>") + HTMLText.escape(name) + "</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for cell in row {
                var classes: [String] = []
                if cell.value.isNumber { classes.append("num") }
                if cell.highlight { classes.append("hl") }
                let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                out += "<td\(attribute)>\(HTMLText.escape(cell.value.formatted()))</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table></div>\n"
        if let notes = table.notes, !notes.isEmpty {
            out += "<p class=\"notes\">\(HTMLText.escape(notes))</p>\n"
        }
        return out + "</div>"
    }

    private func claimsHTML() -> String {
        var out = "<div class=\"table-block claims\" id=\"claims\">\n"
        out += "<p class=\"caption\"><span class=\"label\">Claims.</span> \(HTMLText.escape(WovenReport.claimsCaption))</p>\n"
        for line in preRegistration { out += "<p class=\"notes\">\(HTMLText.escape(line))</p>\n" }
        out += "<div class=\"table-wrap\"><table>\n<thead><tr><th>#</th><th>Claim</th><th>Verdict</th><th>Measured</th><th>Rule</th><th>Chapter</th></tr></thead>\n<tbody>\n"
        if claims.isEmpty {
            out += "<tr><td colspan=\"6\" class=\"verdict-none\">No claims are listed or measured yet.</td></tr>\n"
        }
        for claim in claims {
            let verdictClass = claim.status == .notMeasured ? "verdict-none" : "verdict-\(claim.status.rawValue)"
            let cells = [("", claim.id), ("statement", claim.statement), (verdictClass, claim.verdictText),
                         ("", claim.measured ?? "—"), ("", claim.criterion), ("nowrap", claim.chapter)]
            out += "<tr>" + cells.map { style, text in
                (style.isEmpty ? "<td>" : "<td class=\"\(style)\">") + HTMLText.escape(text) + "</td>"
            }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n</div>"
    }

    private func paperNumbersHTML() -> String {
        var out = "<div class=\"table-block paper-numbers\" id=\"paper-numbers\">\n"
        out += "<p class=\"caption\"><span class=\"label\">The paper's numbers.</span> \(HTMLText.escape(WovenReport.paperNumbersCaption))</p>\n"
        out += "<div class=\"table-wrap\"><table>\n<thead><tr>" + WovenReport.paperNumbersColumns.map { "<th>\(HTMLText.escape($0))</th>" }.joined()
            + "</tr></thead>\n<tbody>\n"
        for row in paperNumberCells {
            out += "<tr>" + row.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n</div>"
    }

    private func provenanceSection() -> String {
        let env = environment
        var out = "<section class=\"provenance\" id=\"provenance\">\n<h1>Provenance</h1>\n<dl>\n"
        out += "<dt>Commit</dt><dd><code>\(HTMLText.escape(env.commitDescription))</code></dd>\n"
        out += "<dt>Machine</dt><dd>\(HTMLText.escape(env.cpuModel)), \(env.cores) cores</dd>\n"
        out += "<dt>Woven</dt><dd>\(HTMLText.escape(env.isoDate))</dd>\n</dl>\n"
        out += "<div class=\"table-wrap\"><table>\n<thead><tr><th>Chapter</th><th>Profile</th><th>Data</th><th>Seeds</th><th>Wall time</th><th>Runs</th></tr></thead>\n<tbody>\n"
        for row in provenance {
            out += "<tr><td class=\"nowrap\">\(HTMLText.escape(row.chapter))</td>"
            guard let p = row.provenance else {
                out += "<td colspan=\"5\" class=\"verdict-none\">no provenance recorded</td></tr>\n"
                continue
            }
            let runs = p.runHashes.isEmpty ? "none"
                : p.runHashes.map { "<code class=\"hash\">\(HTMLText.escape($0))</code>" }.joined(separator: " ")
            out += "<td>\(HTMLText.escape(p.profile))</td><td>\(HTMLText.escape(p.dataSource))</td>"
            out += "<td>\(HTMLText.escape(ProvenanceText.seeds(p.seeds)))</td>"
            out += "<td class=\"num\">\(ProvenanceText.duration(p.wallTimeSeconds))</td><td>\(runs)</td></tr>\n"
        }
        let total = provenance.compactMap(\.provenance?.wallTimeSeconds).reduce(0, +)
        out += "<tr class=\"total\"><td class=\"nowrap\">all chapters</td><td colspan=\"3\"></td><td class=\"num\">\(ProvenanceText.duration(total))</td><td></td></tr>\n"
        return out + "</tbody>\n</table></div>\n</section>\n"
    }
}

/// How provenance numbers are written in both outputs.
enum ProvenanceText {
    /// `12.3 s`, `4 min 05 s`, `1 h 02 min`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "—" }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%d min %02d s", whole / 60, whole % 60) }
        return String(format: "%d h %02d min", whole / 3600, (whole % 3600) / 60)
    }

    /// `1, 2, 3`, or `none`.
    static func seeds(_ seeds: [UInt64]) -> String {
        seeds.isEmpty ? "none" : seeds.map(String.init).joined(separator: ", ")
    }
}
