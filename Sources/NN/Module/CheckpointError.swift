/// A module state that does not fit the module it is loaded into, naming the source and every
/// mismatched entry.
public struct CheckpointError: Error, Equatable, CustomStringConvertible {
    /// The checkpoint file (its path), or `"<memory>"` for a state given in memory.
    public var file: String
    /// Names the module has but the state lacks.
    public var missing: [String]
    /// Names the state has but the module lacks.
    public var unexpected: [String]
    /// Names present in both whose shapes differ.
    public var shapeMismatches: [ShapeMismatch]
    /// Other problems (a malformed optimiser entry, a bad metadata value).
    public var other: [String]

    /// One entry whose stored shape differs from the module's.
    public struct ShapeMismatch: Equatable, Sendable {
        /// The parameter or buffer path.
        public var name: String
        /// The module's shape.
        public var expected: [Int]
        /// The checkpoint's shape.
        public var found: [Int]

        /// A mismatch of `name`: `expected` in the module, `found` in the checkpoint.
        public init(name: String, expected: [Int], found: [Int]) {
            self.name = name
            self.expected = expected
            self.found = found
        }
    }

    /// Creates an error listing the mismatches found while loading from `file`.
    public init(file: String, missing: [String] = [], unexpected: [String] = [],
                shapeMismatches: [ShapeMismatch] = [], other: [String] = []) {
        self.file = file
        self.missing = missing
        self.unexpected = unexpected
        self.shapeMismatches = shapeMismatches
        self.other = other
    }

    var isEmpty: Bool { missing.isEmpty && unexpected.isEmpty && shapeMismatches.isEmpty && other.isEmpty }

    /// One message listing every problem.
    public var description: String {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
        if !unexpected.isEmpty { parts.append("unexpected \(unexpected.joined(separator: ", "))") }
        for mismatch in shapeMismatches {
            parts.append("\(mismatch.name) has shape \(mismatch.found) in the checkpoint but \(mismatch.expected) in the module")
        }
        parts += other
        return "\(file): state does not fit: " + parts.joined(separator: "; ")
    }
}
