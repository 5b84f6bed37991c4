/// Small text helpers for writing HTML by hand: escaping, stripping tags, and heading slugs.
enum HTMLText {
    /// Escapes `&`, `<`, `>` and `"` so that `text` is safe in element content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The text of an HTML fragment: tags removed and the entities Ink writes decoded.
    static func strippingTags<S: StringProtocol>(_ html: S) -> String {
        var out = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag {
                out.append(character)
            }
        }
        return out.replacingAll([("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")])
    }

    /// A lowercase id made of letters, digits and dashes: "Pixel histograms (LL)" → "pixel-histograms-ll".
    static func slug(_ text: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "section" : out
    }
}

extension String {
    /// Applies each replacement in turn.
    func replacingAll(_ pairs: [(String, String)]) -> String {
        pairs.reduce(self) { $0.replacing($1.0, with: $1.1) }
    }
}
