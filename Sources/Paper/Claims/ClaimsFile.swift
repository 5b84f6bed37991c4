import Foundation

/// The claims data file: a JSON array of `Claim` objects, read with errors that name the file and
/// the claim at fault.
public enum ClaimsFile {
    /// The paper's chapters: the names of the prose files (`<chapter>.md`) in `directory`, the same
    /// files the report weaves and whose names the chapters' results folders carry. An error when
    /// there are none.
    public static func chapterNames(in directory: URL) throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let chapters = names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.map { String($0.dropLast(3)) }.sorted()
        guard !chapters.isEmpty else { throw ClaimsError.noChapters(directory.path) }
        return chapters
    }

    /// Reads and validates the claims at `url`: unique ids, a known kind, a positive margin exactly
    /// for the kinds that need one, at least one quantity, every quantity of the form chapter/key or
    /// chapter/prefix.* in the claim's chapter, and, when `chapters` is given (`chapterNames(in:)`), a
    /// chapter that is one of them. Errors name the file, the claim (by id where it has one) and the field.
    public static func load(_ url: URL, chapters: [String]? = nil) throws -> [Claim] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw ClaimsError.unreadable(url.path) }
        let claims: [Claim]
        do { claims = try JSONDecoder().decode([Claim].self, from: data) }
        catch let DecodingError.keyNotFound(key, context) {
            throw ClaimsError.invalid(url.path, at: position(context.codingPath, data), "missing field '\(key.stringValue)'")
        } catch let DecodingError.dataCorrupted(context) {
            let field = context.codingPath.last?.stringValue
            let why = field == "kind" ? "unknown kind (kinds: \(ClaimKind.allCases.map(\.rawValue).joined(separator: ", ")))"
                : context.debugDescription
            throw ClaimsError.invalid(url.path, at: position(context.codingPath, data), why)
        } catch let DecodingError.typeMismatch(_, context) {
            throw ClaimsError.invalid(url.path, at: position(context.codingPath, data), "wrong type: \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw ClaimsError.invalid(url.path, at: position(context.codingPath, data), "missing value: \(context.debugDescription)")
        } catch { throw ClaimsError.invalid(url.path, at: "", "\(error)") }
        var seen = Set<String>()
        for (i, c) in claims.enumerated() {
            if !seen.insert(c.id).inserted { throw ClaimsError.invalid(url.path, at: "claim \(i + 1)", "duplicate id '\(c.id)'") }
            try validate(c, file: url.path, chapters: chapters)
        }
        return claims
    }

    /// Checks one claim's chapter, kind, margin and quantities.
    static func validate(_ c: Claim, file: String, chapters: [String]?) throws {
        if let chapters, !chapters.contains(c.chapter) {
            throw ClaimsError.invalid(file, at: "claim \(c.id), field chapter",
                                      "'\(c.chapter)' is not a chapter of the paper (chapters: \(chapters.joined(separator: ", ")))")
        }
        switch (c.kind.needsMargin, c.margin) {
        case (true, nil):
            throw ClaimsError.invalid(file, at: "claim \(c.id), field margin",
                                      "a \(c.kind.rawValue) claim needs a margin (a positive number in the quantities' unit)")
        case (true, let m?) where !(m > 0 && m.isFinite):
            throw ClaimsError.invalid(file, at: "claim \(c.id), field margin", "must be a positive number, got \(m)")
        case (false, _?):
            throw ClaimsError.invalid(file, at: "claim \(c.id), field margin", "a \(c.kind.rawValue) claim takes no margin (its boundary is 0)")
        default: break
        }
        guard !c.quantities.isEmpty else {
            throw ClaimsError.invalid(file, at: "claim \(c.id), field quantities", "lists no quantity")
        }
        let named = c.quantities.enumerated().map { ("quantities[\($0.offset)]", $0.element) }
            + (c.informativeIf.map { [("informativeIf.quantity", $0.quantity)] } ?? [])
        for (field, quantity) in named {
            let parts = quantity.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count != 2 || parts[0] != Substring(c.chapter) || parts[1].isEmpty || parts[1] == "*" {
                throw ClaimsError.invalid(file, at: "claim \(c.id), field \(field)",
                                          "quantity '\(quantity)' must be '\(c.chapter)/<value key>' or '\(c.chapter)/<prefix>.*'")
            }
        }
        if let floor = c.informativeIf, QuantityName(floor.quantity).isFamily,
           !c.quantities.allSatisfy({ QuantityName($0).isFamily }) {
            throw ClaimsError.invalid(file, at: "claim \(c.id), field informativeIf.quantity",
                                      "a family floor ('\(floor.quantity)') needs every quantity to be a family (prefix.*) to match its members")
        }
    }

    /// "claim C3, field kind": the claim by its id when the file gives one, else by its position.
    private static func position(_ path: [CodingKey], _ data: Data) -> String {
        guard let first = path.first, let index = first.intValue else { return "" }
        struct Identified: Decodable { var id: String? }
        let ids = (try? JSONDecoder().decode([Identified].self, from: data))?.map(\.id)
        let name = ids.flatMap { index < $0.count ? $0[index] : nil } ?? "\(index + 1)"
        let field = path.dropFirst().map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        return "claim \(name)" + (field.isEmpty ? "" : ", field \(field)")
    }
}

/// A claim's quantity name: `chapter/key`, or a family `chapter/prefix.*` naming every value whose
/// key starts with `prefix.`.
struct QuantityName {
    let chapter: String
    let key: String

    init(_ name: String) {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        chapter = parts.first ?? ""
        key = parts.count > 1 ? parts[1] : ""
    }

    /// Whether it names a family (`prefix.*`).
    var isFamily: Bool { key.hasSuffix(".*") }

    /// The family's key prefix including the dot (`resnet18_light_gap.`), or the key itself.
    var prefix: String { isFamily ? String(key.dropLast()) : key }

    /// The member keys of `keys` it names, each with its suffix (the part after the prefix; empty
    /// for a single value).
    func members(of keys: [String]) -> [(key: String, suffix: String)] {
        guard isFamily else { return keys.contains(key) ? [(key, "")] : [] }
        return keys.filter { $0.hasPrefix(prefix) && $0.count > prefix.count }.sorted().map { ($0, String($0.dropFirst(prefix.count))) }
    }
}

/// A claims file that cannot be read or does not validate, or results that cannot answer it.
public enum ClaimsError: Error, CustomStringConvertible, Equatable {
    /// The claims file cannot be read.
    case unreadable(String)
    /// The claims file, at a claim or field, is wrong in the way given.
    case invalid(String, at: String, String)
    /// A claim's quantity is recorded as a text or a plain number, not as an interval: the claim,
    /// the quantity and what it is.
    case notAnInterval(claim: String, quantity: String, recordedAs: String)
    /// An `informativeIf` floor is recorded as text.
    case textQuantity(String)
    /// A chapter's results file exists (the chapter ran) but has no value of that name: the
    /// quantity, the results file and the values it has.
    case noSuchValue(String, file: String, available: [String])
    /// A claim's quantity (field `quantity` or `informativeIf.quantity`) names a value its
    /// chapter, which ran, does not write.
    case unknownQuantity(claim: String, field: String, quantity: String, file: String, available: [String])
    /// The chapters directory holds no chapter prose files.
    case noChapters(String)
    /// The figures folder is missing, or holds no chapter's results: nothing can be verified.
    case noResults(String, reason: String)

    public var description: String {
        func listed(_ names: [String]) -> String {
            names.isEmpty ? "it has none" : "it has: " + names.prefix(12).joined(separator: ", ")
                + (names.count > 12 ? ", … (\(names.count - 12) more)" : "")
        }
        switch self {
        case .noSuchValue(let q, let file, let available):
            return "\(file): no value '\(q.split(separator: "/").last ?? "")' for quantity '\(q)' (\(listed(available)))"
        case .unknownQuantity(let claim, let field, let q, let file, let available):
            return "claim \(claim), field \(field): '\(q)' is not a value its chapter writes: \(file) has no '\(q.split(separator: "/").last ?? "")' (\(listed(available)))"
        case .noChapters(let p): return "\(p): no chapter files (<chapter>.md)"
        case .noResults(let p, let why): return "\(p): \(why)"
        case .unreadable(let p): return "\(p): cannot read the claims file"
        case .invalid(let p, let at, let why): return "\(p)\(at.isEmpty ? "" : " (\(at))"): \(why)"
        case .textQuantity(let q): return "claim quantity '\(q)' is recorded as text, not as a number"
        case .notAnInterval(let claim, let q, let what):
            return "claim \(claim), field quantities: '\(q)' is recorded as \(what), not as an interval; claims judge intervals"
        }
    }
}
