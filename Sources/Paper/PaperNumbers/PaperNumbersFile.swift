import Foundation

/// The paper's own numbers as reviewers enter them from the PDF (`chapters/paper-numbers.json`): per
/// table a tolerance and its reason, and per cell the paper's number or null (not entered). Never
/// filled from memory or from another paper.
///
/// ```json
/// {"tables": {"accuracy": {"tolerance": 2, "rationale": "…",
///                          "cells": {"SCN": {"LL-RAF-DB": null, "LL-FERPlus": 71.3, …}, …}}, …}}
/// ```
public struct PaperNumbersFile: Sendable {
    /// One table's tolerance (in the paper's unit, percentage points for accuracies) and its reason.
    public struct Table: Sendable, Equatable {
        public var tolerance: Double
        public var rationale: String
    }

    /// The file it was read from.
    public var path: String
    /// Each table's tolerance, by table id.
    public var tables: [String: Table]
    /// The entered numbers, by cell; a cell the file leaves null or out is not entered.
    public var entered: [PaperCell: Double]

    /// Reads and checks `url`: every table and cell must be one the kit reproduces (`PaperCell.all`),
    /// every table needs a non-negative tolerance, and every cell is a number or null. Errors name the
    /// file and the cell.
    public static func load(_ url: URL) throws -> PaperNumbersFile {
        let path = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw PaperNumbersError.unreadable(path) }
        let raw: RawFile
        do { raw = try JSONDecoder().decode(RawFile.self, from: data) } catch {
            throw PaperNumbersError.invalid(path, at: "tables", "the file must be an object with a \"tables\" object of tables (\(error))")
        }
        let known = Dictionary(grouping: PaperCell.all, by: \.table)
        var file = PaperNumbersFile(path: path, tables: [:], entered: [:])
        for (id, table) in raw.tables.sorted(by: { $0.key < $1.key }) {
            guard let cells = known[id] else {
                throw PaperNumbersError.invalid(path, at: id, "is not a table the kit reproduces (tables: \(known.keys.sorted().joined(separator: ", ")))")
            }
            guard case .number(let tolerance)? = table.tolerance, tolerance >= 0 else {
                throw PaperNumbersError.invalid(path, at: "\(id) / tolerance", "needs a non-negative number")
            }
            file.tables[id] = Table(tolerance: tolerance, rationale: table.rationale ?? "")
            for (row, columns) in (table.cells ?? [:]).sorted(by: { $0.key < $1.key }) {
                for (column, slot) in columns.sorted(by: { $0.key < $1.key }) {
                    guard let cell = cells.first(where: { $0.row == row && $0.column == column }) else {
                        throw PaperNumbersError.invalid(path, at: "\(id) / \(row) / \(column)", "is not a cell the kit reproduces")
                    }
                    switch slot {
                    case .empty: continue
                    case .number(let x): file.entered[cell] = x
                    case .invalid(let text):
                        throw PaperNumbersError.invalid(path, at: cell.name, "\(text) is not a number (enter the paper's number, or null)")
                    }
                }
            }
        }
        return file
    }

    private struct RawFile: Decodable { var tables: [String: RawTable] }
    private struct RawTable: Decodable {
        var tolerance: Slot?
        var rationale: String?
        var cells: [String: [String: Slot]]?
    }

    /// A cell as written: null, a finite number, or anything else (kept as text for the error).
    private enum Slot: Decodable {
        case empty, number(Double), invalid(String)

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .empty }
            else if let b = try? c.decode(Bool.self) { self = .invalid("\(b)") }
            else if let x = try? c.decode(Double.self), x.isFinite { self = .number(x) }
            else if let text = try? c.decode(String.self) { self = .invalid("'\(text)'") }
            else { self = .invalid("a list or object") }
        }
    }
}

/// A paper-numbers file that cannot be read, or names a cell wrongly.
public enum PaperNumbersError: Error, Equatable, CustomStringConvertible {
    /// The file cannot be read.
    case unreadable(String)
    /// The file, at a table or cell, is wrong in the way given.
    case invalid(String, at: String, String)

    public var description: String {
        switch self {
        case .unreadable(let path): return "\(path): cannot read the paper-numbers file"
        case .invalid(let path, let at, let why): return "\(path) (\(at)): \(why)"
        }
    }
}
