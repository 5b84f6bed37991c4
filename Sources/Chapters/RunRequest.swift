import Paper

/// One training run a result chapter needs: a model on a dataset with a seed, and the settings
/// that make it a variant (an ablation, a diffusion-step count). Everything else comes from the
/// chapter's profile and overrides, so two chapters that ask for the same request share one run.
public struct RunRequest: Hashable, Sendable, CustomStringConvertible {
    /// A registry model name (`lldif train --help` lists them).
    public var model: String
    /// A dataset name as `lldif train` takes it, e.g. `ll-syn-raf`.
    public var dataset: String
    /// The training seed (`train.seed`); the data are the same for every seed.
    public var seed: Int
    /// The variant's settings as `key=value`, applied after the chapter's own overrides.
    public var variant: [String]

    /// A request for `model` on `dataset` with `seed` and the variant settings `variant`.
    public init(model: String, dataset: String, seed: Int, variant: [String] = []) {
        self.model = model
        self.dataset = dataset
        self.seed = seed
        self.variant = variant
    }

    /// The settings this run trains with: `base` (the chapter's) with the seed and the variant applied.
    public func settings(base: Settings) throws -> Settings {
        var settings = base
        for override in ["train.seed=\(seed)"] + variant {
            do { try settings.apply(override: override) }
            catch let error as SettingsError { throw ChapterError.settings("run \(self): \(error.description)") }
        }
        return settings
    }

    /// The `lldif train` arguments that train this run in a separate process with the same
    /// identity: the profile, the chapter's overrides, then the seed and the variant.
    public func trainArguments(profile: Profile, overrides: [String]) -> [String] {
        var arguments = ["--model", model, "--dataset", dataset, "--profile", profile.rawValue]
        for override in overrides + ["train.seed=\(seed)"] + variant { arguments += ["--set", override] }
        return arguments
    }

    /// The request in words, for messages.
    public var description: String {
        ([model, "on", dataset, "seed \(seed)"] + variant).joined(separator: " ")
    }
}
