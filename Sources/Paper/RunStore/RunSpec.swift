import Configuration
import FaceData
import Foundation

/// What identifies a training run and what it trains with: the model and its code revision, the
/// dataset, its SynFER flavour's generator revision, the part of the resolved configuration the
/// model reads (`ModelEntry.reads`), and the runs it starts from, by their own identities. Every
/// other setting is held at the profile's value when the run trains (`config()`), so a setting
/// outside the identity cannot change a run. Because a prerequisite's name holds its revision and
/// its own prerequisites, a run trained from an older face pretraining or stage-1 run is another
/// run, never reused in its place. Not file times.
public struct RunSpec: Hashable, Sendable, Codable {
    /// The model.
    public var model: ModelID
    /// The model's code revision (bumped when its code changes meaning).
    public var revision: Int
    /// The dataset it trains and is tested on.
    public var dataset: DatasetID
    /// Its SynFER flavour's generator revision, so runs made from older faces of that flavour are
    /// not reused.
    public var generatorRevision: Int
    /// The settings the model reads: the configuration tree cut to `profile` and the model's sections.
    public var settings: ConfigValue
    /// The runs it starts from (`model/hash`, sorted); empty for a run that starts from nothing.
    public var startsFrom: [String]

    /// The spec of `model` (revision `revision`, reading the sections `reads`) on `dataset` with
    /// `config`, starting from the runs named `startsFrom`.
    public init(model: ModelID, revision: Int, dataset: DatasetID, config: ExperimentConfig, reads: [String],
                startsFrom: [String] = []) throws {
        self.model = model
        self.revision = revision
        self.dataset = dataset
        generatorRevision = dataset.flavour.generatorRevision
        settings = try config.tree().keeping(paths: ["profile"] + reads)
        self.startsFrom = startsFrom.sorted()
    }

    enum CodingKeys: String, CodingKey {
        case model, revision, dataset, settings
        case generatorRevision = "generator_revision"
        case startsFrom = "starts_from"
    }

    /// Reads a stored spec; one written before `starts_from` existed starts from nothing.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(ModelID.self, forKey: .model)
        revision = try container.decode(Int.self, forKey: .revision)
        dataset = try container.decode(DatasetID.self, forKey: .dataset)
        generatorRevision = try container.decode(Int.self, forKey: .generatorRevision)
        settings = try container.decode(ConfigValue.self, forKey: .settings)
        startsFrom = try container.decodeIfPresent([String].self, forKey: .startsFrom) ?? []
    }

    /// Writes `starts_from` only when the run starts from other runs, so that a run that starts from
    /// nothing (the face pretraining, a model from scratch) keeps the identity it has always had.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(revision, forKey: .revision)
        try container.encode(dataset, forKey: .dataset)
        try container.encode(generatorRevision, forKey: .generatorRevision)
        try container.encode(settings, forKey: .settings)
        if !startsFrom.isEmpty { try container.encode(startsFrom, forKey: .startsFrom) }
    }

    /// The configuration the run trains with: its profile's, with the settings it reads written over.
    public func config() throws -> ExperimentConfig {
        guard case .string(let name)? = settings[path: "profile"], let profile = Profile(rawValue: name) else {
            throw SettingsError.unknownName(kind: "profile in run \(self.name)", name: settings[path: "profile"]?.description ?? "",
                                            known: Profile.allCases.map(\.rawValue))
        }
        return try profile.config.tree().overlaid(with: settings).decode(ExperimentConfig.self)
    }

    /// The canonical text the identity is computed from: sorted-key JSON of every field.
    public func canonicalJSON() throws -> Data {
        try ConfigValue(encoding: self).canonicalJSON()
    }

    /// The run's identity: `FNV1a` of the canonical JSON.
    public var hash: String {
        // Encoding a tree of finite numbers, texts and flags cannot fail; an empty text would give the offset basis.
        FNV1a.hex((try? canonicalJSON()) ?? Data())
    }

    /// `model/hash`: how runs are named in logs, results files and `lldif runs`.
    public var name: String { "\(model.rawValue)/\(hash)" }
}
