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

    /// Reads and validates the claims at `url`: unique ids, `quantity` of the form chapter/key, and,
    /// when `chapters` is given (`chapterNames(in:)`), a chapter that is one of them.
    public static func load(_ url: URL, chapters: [String]? = nil) throws -> [Claim] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw ClaimsError.unreadable(url.path) }
        let claims: [Claim]
        do { claims = try JSONDecoder().decode([Claim].self, from: data) }
        catch let DecodingError.keyNotFound(key, context) {
            throw ClaimsError.invalid(url.path, at: position(context.codingPath), "missing field '\(key.stringValue)'")
        } catch let DecodingError.dataCorrupted(context) {
            throw ClaimsError.invalid(url.path, at: position(context.codingPath), context.debugDescription)
        } catch let DecodingError.typeMismatch(_, context) {
            throw ClaimsError.invalid(url.path, at: position(context.codingPath), "wrong type: \(context.debugDescription)")
        } catch { throw ClaimsError.invalid(url.path, at: "", "\(error)") }
        var seen = Set<String>()
        for (i, c) in claims.enumerated() {
            if !seen.insert(c.id).inserted { throw ClaimsError.invalid(url.path, at: "claim \(i + 1)", "duplicate id '\(c.id)'") }
            if let chapters, !chapters.contains(c.chapter) {
                throw ClaimsError.invalid(url.path, at: "claim \(c.id), field chapter",
                                          "'\(c.chapter)' is not a chapter of the paper (chapters: \(chapters.joined(separator: ", ")))")
            }
            for quantity in [c.quantity] + (c.informativeIf.map { [$0.quantity] } ?? []) {
                let parts = quantity.split(separator: "/")
                if parts.count != 2 || parts[0] != Substring(c.chapter) {
                    throw ClaimsError.invalid(url.path, at: "claim \(c.id)",
                                              "quantity '\(quantity)' must be '\(c.chapter)/<value key>'")
                }
            }
        }
        return claims
    }

    private static func position(_ path: [CodingKey]) -> String {
        guard let first = path.first, let index = first.intValue else { return "" }
        let field = path.dropFirst().map(\.stringValue).joined(separator: ".")
        return "claim \(index + 1)" + (field.isEmpty ? "" : ", field \(field)")
    }
}

/// A claims file that cannot be read or does not validate, or results that cannot answer it.
public enum ClaimsError: Error, CustomStringConvertible, Equatable {
    /// The claims file cannot be read.
    case unreadable(String)
    /// The claims file, at a claim or field, is wrong in the way given.
    case invalid(String, at: String, String)
    /// A quantity is recorded as text, not as a number.
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
        }
    }
}
