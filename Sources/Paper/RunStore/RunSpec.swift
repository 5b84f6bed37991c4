import Configuration
import FaceData
import Foundation

/// What identifies a training run and what it trains with: the model and its code revision, the
/// dataset, SynFER's generator revision, and the part of the resolved configuration the model reads
/// (`ModelEntry.reads`). Every other setting is held at the profile's value when the run trains
/// (`config()`), so a setting outside the identity cannot change a run. Not file times.
public struct RunSpec: Hashable, Sendable, Codable {
    /// The model.
    public var model: ModelID
    /// The model's code revision (bumped when its code changes meaning).
    public var revision: Int
    /// The dataset it trains and is tested on.
    public var dataset: DatasetID
    /// SynFER's generator revision, so runs made from an older SynFER are not reused.
    public var generatorRevision: Int
    /// The settings the model reads: the configuration tree cut to `profile` and the model's sections.
    public var settings: ConfigValue

    /// The spec of `model` (revision `revision`, reading the sections `reads`) on `dataset` with `config`.
    public init(model: ModelID, revision: Int, dataset: DatasetID, config: ExperimentConfig, reads: [String]) throws {
        self.model = model
        self.revision = revision
        self.dataset = dataset
        generatorRevision = SynFER.generatorRevision
        settings = try config.tree().keeping(paths: ["profile"] + reads)
    }

    enum CodingKeys: String, CodingKey {
        case model, revision, dataset, settings
        case generatorRevision = "generator_revision"
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
