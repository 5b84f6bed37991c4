import Foundation

/// The claims data file: a JSON array of `Claim` objects, read with errors that name the file and
/// the claim at fault.
public enum ClaimsFile {
    /// Reads and validates the claims at `url` (unique ids, `quantity` of the form chapter/key).
    public static func load(_ url: URL) throws -> [Claim] {
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

/// A claims file that cannot be read or does not validate.
public enum ClaimsError: Error, CustomStringConvertible, Equatable {
    case unreadable(String)
    case invalid(String, at: String, String)
    case textQuantity(String)

    public var description: String {
        switch self {
        case .unreadable(let p): return "\(p): cannot read the claims file"
        case .invalid(let p, let at, let why): return "\(p)\(at.isEmpty ? "" : " (\(at))"): \(why)"
        case .textQuantity(let q): return "claim quantity '\(q)' is recorded as text, not as a number"
        }
    }
}
