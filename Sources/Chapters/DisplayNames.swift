import Paper

/// How models and datasets are named in tables and figures.
public enum DisplayNames {
    /// A model's name as the paper writes it.
    public static func model(_ name: String) -> String {
        let names = ["resnet18": "ResNet-18", "scn": "SCN", "rul": "RUL", "eac": "EAC", "poster-lite": "POSTER-lite",
                     "lldif": "LLDif", "lldif-stage1": "LLDif stage 1 (oracle)"]
        return names[name] ?? name
    }

    /// A dataset's name: the SynFER name on synthetic data, the real dataset's otherwise
    /// (`ll-syn-raf` → `LL-RAF-DB` with `data.source=real`).
    public static func dataset(_ name: String, settings: Settings) -> String {
        guard (try? settings.string("data.source")) == "real" else { return name }
        let lowLight = name.hasPrefix("ll-")
        let base = lowLight ? String(name.dropFirst(3)) : name
        let real = ["syn-raf": "RAF-DB", "syn-ferplus": "FERPlus", "syn-kdef": "KDEF"][base] ?? base
        return (lowLight ? "LL-" : "") + real
    }
}
