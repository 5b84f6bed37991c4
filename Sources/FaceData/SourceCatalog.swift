import Foundation

/// Opens a source by name. Names: `syn-raf`, `syn-ferplus`, `syn-kdef` (SynFER), `raf-db`,
/// `ferplus`, `kdef` (real, read from `root`), `syn-faces` (the face-pretraining corpus), and any
/// of them prefixed with `ll-` for the low-light version (`ll-syn-raf`, `ll-raf-db`, ...).
public enum SourceCatalog {
    /// Every base source name.
    public static let baseNames = SynFERFlavour.allCases.map(\.rawValue) + [FacePretrainingCorpus.sourceName, "raf-db", "ferplus", "kdef"]

    /// The source with the given name; real datasets need `root`.
    public static func open(_ name: String, root: String? = nil, seed: UInt64 = 0,
                            lowLight: LowLightConfig = LowLightConfig(),
                            options: ReaderOptions = ReaderOptions()) throws -> any FaceSource {
        let prefix = LowLightSource.namePrefix
        if name.hasPrefix(prefix) {
            let base = try open(String(name.dropFirst(prefix.count)), root: root, seed: seed, lowLight: lowLight, options: options)
            return LowLightSource(base: base, config: lowLight, seed: seed)
        }
        if let flavour = SynFERFlavour(rawValue: name) { return SynFER(flavour: flavour, seed: seed) }
        if name == FacePretrainingCorpus.sourceName { return FacePretrainingCorpus() }
        guard baseNames.contains(name) else {
            throw DataError.unknownName(kind: "data source", name: name, known: baseNames + baseNames.map { prefix + $0 })
        }
        guard let root else { throw DataError.invalidRequest("\(name) is a real dataset: give its folder (--root DIR)") }
        switch name {
        case "raf-db": return try RAFDB(root: root, options: options)
        case "ferplus": return try FERPlus(root: root, options: options)
        default: return try KDEF(root: root, options: options)
        }
    }
}
