import FaceData

/// A setting whose value is one of a fixed set of names; decoding anything else is an error that
/// lists the names.
public protocol NamedChoice: RawRepresentable, CaseIterable, Codable, Sendable where RawValue == String {}

extension NamedChoice {
    public init(from decoder: Decoder) throws {
        let raw = try String(from: decoder)
        guard let value = Self(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: ConfigCheck.oneOf(Self.allCases.map(\.rawValue))))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws { try rawValue.encode(to: encoder) }
}

extension DataSource: NamedChoice {}
extension LowLightRecipe: NamedChoice {}

/// A model the kit can train, by the name `lldif train --model` takes.
public enum ModelID: String, NamedChoice, Comparable {
    case resnet18
    case scn
    case rul
    case eac
    case posterLite = "poster-lite"
    /// LLDif's stage 0: LA-CLIP (and LandmarkNet when it is not the face pretraining's), shared by
    /// every stage-1 run that differs only in stage-1 settings. Its accuracy is LA-CLIP's zero-shot
    /// accuracy (nearest emotion caption), a diagnostic, never a result.
    case lldifStage0 = "lldif-stage0"
    /// LLDif's stage 1 on its `lldifStage0` run; its accuracy is an oracle (its prior reads the
    /// label's caption).
    case lldifStage1 = "lldif-stage1"
    /// LLDif's stage 2 on its `lldifStage1` run: the method's real inference.
    case lldif
    /// Chapter 04's control "E_I + linear head": LLDif's stage-0 image encoder E_I, frozen, and a
    /// linear head; LLDif without the LLformer and without the diffusion.
    case encoderLinearHead = "ei-linear"
    /// The face pretraining: a ResNet-18 trunk trained on identity classification over `syn-faces`,
    /// which the methods' trunks start from (`pretrain.backbone = face`). Its accuracy is identity
    /// accuracy on held-out faces of the corpus's people, never an expression result.
    case facePretrain = "face-pretrain"

    /// The baselines of the paper's comparison, in table order.
    public static let baselines: [ModelID] = [.resnet18, .scn, .rul, .eac, .posterLite]

    /// Whether the model is one of the baselines.
    public var isBaseline: Bool { ModelID.baselines.contains(self) }

    /// The model's name as the paper writes it.
    public var paperName: String {
        switch self {
        case .resnet18: return "ResNet-18"
        case .scn: return "SCN"
        case .rul: return "RUL"
        case .eac: return "EAC"
        case .posterLite: return "POSTER-lite"
        case .lldifStage0: return "LLDif stage 0 (LA-CLIP zero-shot)"
        case .lldifStage1: return "LLDif stage 1 (oracle)"
        case .lldif: return "LLDif"
        case .encoderLinearHead: return "E_I + linear head"
        case .facePretrain: return "face pretraining (identity)"
        }
    }

    public static func < (a: ModelID, b: ModelID) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

/// A dataset a run trains and is tested on: which of the paper's datasets (as its SynFER flavour),
/// in normal or low light, read from SynFER or from the real dataset. Written as the name of the
/// source opened: `ll-syn-raf`, `syn-kdef` (SynFER) or `ll-raf-db`, `kdef` (real), so a real-data
/// run is never recorded under a SynFER name. The low-light recipe is `data.recipe`.
public struct DatasetID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The SynFER flavour that mirrors the dataset.
    public var flavour: SynFERFlavour
    /// Whether the images are degraded to low light.
    public var lowLight: Bool
    /// SynFER or the real dataset the flavour mirrors.
    public var source: DataSource
    /// True for `syn-faces`, the face-pretraining corpus (labelled with identities, not expressions).
    public private(set) var isPretrainingCorpus = false

    /// The dataset `flavour` in low light (`lowLight`) or in normal light, from `source`.
    public init(_ flavour: SynFERFlavour, lowLight: Bool, source: DataSource = .synthetic) {
        self.flavour = flavour
        self.lowLight = lowLight
        self.source = source
    }

    /// `syn-faces`: the face-pretraining corpus (`FacePretrainingCorpus`), drawn by syn-raf's
    /// generator in normal light. It is always SynFER's, whatever `data.source` the FER runs read,
    /// and it is none of the paper's datasets (`all` leaves it out).
    public static let pretrainingCorpus: DatasetID = {
        var corpus = DatasetID(.synRAF, lowLight: false, source: .synthetic)
        corpus.isPretrainingCorpus = true
        return corpus
    }()

    /// The dataset named `name`: a SynFER name (`ll-syn-raf`) or a real one (`ll-raf-db`, `kdef`).
    public init(parsing name: String) throws {
        if name == FacePretrainingCorpus.sourceName {
            self = DatasetID.pretrainingCorpus
            return
        }
        let lowLight = name.hasPrefix(DatasetID.lowLightPrefix)
        let base = lowLight ? String(name.dropFirst(DatasetID.lowLightPrefix.count)) : name
        if let flavour = SynFERFlavour(rawValue: base) {
            self.init(flavour, lowLight: lowLight, source: .synthetic)
        } else if let flavour = SynFERFlavour.allCases.first(where: { $0.realFolder == base }) {
            self.init(flavour, lowLight: lowLight, source: .real)
        } else {
            throw SettingsError.unknownName(kind: "dataset", name: name,
                                            known: DatasetID.all.map(\.name) + [FacePretrainingCorpus.sourceName])
        }
    }

    /// The prefix of low-light names.
    public static let lowLightPrefix = LowLightSource.namePrefix

    /// Every dataset: each flavour in low and in normal light, SynFER's first, then the real ones.
    public static let all: [DatasetID] = DataSource.allCases.flatMap { source in
        [true, false].flatMap { low in SynFERFlavour.allCases.map { DatasetID($0, lowLight: low, source: source) } }
    }

    /// The low-light SynFER datasets of the paper's tables.
    public static let lowLightDatasets = all.filter { $0.lowLight && $0.source == .synthetic }

    /// The name of the source opened: `ll-syn-raf` on SynFER, `ll-raf-db` on the real dataset.
    public var name: String {
        if isPretrainingCorpus { return FacePretrainingCorpus.sourceName }
        return (lowLight ? DatasetID.lowLightPrefix : "") + (source == .synthetic ? flavour.rawValue : flavour.realFolder)
    }

    /// The same dataset read from `source`.
    public func on(_ source: DataSource) -> DatasetID {
        isPretrainingCorpus ? self : DatasetID(flavour, lowLight: lowLight, source: source)
    }

    /// The same dataset in normal light.
    public var normalLight: DatasetID { isPretrainingCorpus ? self : DatasetID(flavour, lowLight: false, source: source) }

    /// How tables name it: the SynFER name on synthetic data, the real dataset's otherwise (`LL-RAF-DB`).
    public var displayName: String {
        if isPretrainingCorpus { return name }
        switch source {
        case .synthetic: return name
        case .real: return (lowLight ? "LL-" : "") + flavour.realName
        }
    }

    public var description: String { name }

    public init(from decoder: Decoder) throws {
        let name = try String(from: decoder)
        do { try self.init(parsing: name) } catch let error as SettingsError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.expected))
        }
    }

    public func encode(to encoder: Encoder) throws { try name.encode(to: encoder) }

    public static func < (a: DatasetID, b: DatasetID) -> Bool {
        (DatasetID.all.firstIndex(of: a) ?? 0) < (DatasetID.all.firstIndex(of: b) ?? 0)
    }
}
