import Foundation

/// Looks up the numbers claims are checked against: `chapter/key` names value `key` in
/// `<figures>/<chapter>/results.json`. A chapter that has not run measures nothing (nil); a results
/// file that exists but cannot be read, or a quantity recorded as text, is an error.
public struct MeasuredQuantities {
    public let figuresDirectory: URL
    private var cache: [String: Results?] = [:]

    public init(figuresDirectory: URL) { self.figuresDirectory = figuresDirectory }

    /// The measured number for `quantity`, or nil when its chapter has not run or did not measure it.
    public mutating func number(for quantity: String) throws -> Double? {
        let parts = quantity.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let (chapter, key) = (parts[0], parts[1])
        if cache[chapter] == nil {
            let url = Results.fileURL(chapter: chapter, figuresDirectory: figuresDirectory)
            cache[chapter] = FileManager.default.fileExists(atPath: url.path) ? try Results.read(from: url) : nil
        }
        guard let results = cache[chapter] ?? nil, let value = results.values[key] else { return nil }
        guard case .number(let x, _, _, _) = value else { throw ClaimsError.textQuantity(quantity) }
        return x
    }

    /// Checks every claim against the results under the figures directory.
    public static func check(_ claims: [Claim], figuresDirectory: URL) throws -> [ClaimCheck] {
        var measured = MeasuredQuantities(figuresDirectory: figuresDirectory)
        return try ClaimCheck.run(claims) { try measured.number(for: $0) }
    }
}
