import Foundation

/// Looks up the numbers claims are checked against: `chapter/key` names value `key` in
/// `<figures>/<chapter>/results.json`. A chapter that has not run (no results file) measures
/// nothing (nil: "not measured"); a chapter that ran but wrote no such value is an error naming the
/// quantity and the file (a typo would otherwise stay "not measured" forever), and so are a results
/// file that cannot be read and a quantity recorded as text. The results files are the one record
/// of what each chapter writes.
public struct MeasuredQuantities {
    public let figuresDirectory: URL
    private var cache: [String: Results?] = [:]

    public init(figuresDirectory: URL) { self.figuresDirectory = figuresDirectory }

    /// The measured number for `quantity`, or nil when its chapter has not run.
    public mutating func number(for quantity: String) throws -> Double? {
        let parts = quantity.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let (chapter, key) = (parts[0], parts[1])
        if cache[chapter] == nil {
            let url = Results.fileURL(chapter: chapter, figuresDirectory: figuresDirectory)
            cache[chapter] = FileManager.default.fileExists(atPath: url.path) ? try Results.read(from: url) : nil
        }
        guard let results = cache[chapter] ?? nil else { return nil }
        guard let value = results.values[key] else {
            throw ClaimsError.noSuchValue(quantity, file: Results.fileURL(chapter: chapter, figuresDirectory: figuresDirectory).path,
                                          available: results.values.keys.sorted())
        }
        guard case .number(let x, _, _, _) = value else { throw ClaimsError.textQuantity(quantity) }
        return x
    }

    /// Checks every claim against the results under the figures directory; a quantity its
    /// chapter does not write is `ClaimsError.unknownQuantity` naming the claim and the field.
    public static func check(_ claims: [Claim], figuresDirectory: URL) throws -> [ClaimCheck] {
        var measured = MeasuredQuantities(figuresDirectory: figuresDirectory)
        return try claims.flatMap { claim in
            try ClaimCheck.run([claim]) { quantity in
                do {
                    return try measured.number(for: quantity)
                } catch ClaimsError.noSuchValue(let q, let file, let available) {
                    let field = q == claim.quantity ? "quantity" : "informativeIf.quantity"
                    throw ClaimsError.unknownQuantity(claim: claim.id, field: field, quantity: q, file: file, available: available)
                }
            }
        }
    }

    /// The chapters with a results file under `figuresDirectory`; `ClaimsError.noResults` when the
    /// folder is missing or holds none (verifying against it would report every claim "not measured").
    public static func chaptersWithResults(in figuresDirectory: URL) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: figuresDirectory.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ClaimsError.noResults(figuresDirectory.path, reason: "no such folder; run the chapters first (make paper) or pass the folder that holds <chapter>/results.json")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: figuresDirectory.path)) ?? []
        let chapters = names.filter {
            FileManager.default.fileExists(atPath: Results.fileURL(chapter: $0, figuresDirectory: figuresDirectory).path)
        }.sorted()
        guard !chapters.isEmpty else {
            throw ClaimsError.noResults(figuresDirectory.path, reason: "holds no chapter results (<chapter>/results.json); run the chapters first (make paper)")
        }
        return chapters
    }
}
