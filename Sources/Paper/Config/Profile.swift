/// A named set of defaults sized for a purpose and a time budget (shared/spec/artefacts.md):
/// `smoke` for tests and CI, `quick` (the default) for `make paper` on the embedded data, `full`
/// for real datasets at paper scale.
public enum Profile: String, CaseIterable, Sendable {
    case smoke, quick, full

    /// The profile's settings before any override.
    public var settings: Settings {
        var s = Settings(Profile.common)
        for (k, v) in sized.merging(design, uniquingKeysWith: { $1 }) { s[k] = v }
        return s
    }

    /// Settings every profile shares.
    private static let common: [String: SettingValue] = [
        "profile": .string("quick"),
        "data.source": .string("synthetic"),
        "data.root": .string(""),
        "data.recipe": .string("sensor"),
        "data.seed": .int(0),
        "train.batch_size": .int(32),
        "model.stem_stride": .int(1),
        "train.learning_rate": .double(1e-3),
        "train.weight_decay": .double(0.05),
        "train.seed": .int(0),
        "train.clip_norm": .double(5),
        "train.flip": .double(0.5),
        "train.crop_padding": .int(4),
        "train.erasing": .double(0.25),
        "train.eval_every_epoch": .bool(true),
        "scn.beta": .double(0.7),
        "scn.rank_margin": .double(0.15),
        "scn.relabel_margin": .double(0.2),
        "scn.relabel_from": .double(0.25),
        "scn.relabel_all": .bool(false),
        "scn.rank_weight": .double(1),
        "scn.warmup": .double(0),
        "rul.regulariser_weight": .double(1),
        "rul.equal_label_weights": .bool(false),
        "rul.warmup": .double(0),
        "eac.lambda": .double(5),
        "eac.warmup": .double(0),
        "eac.erasing": .double(0.5),
        "eac.ramp": .double(0),
        "poster.landmark_weight": .double(1),
        "diffusion.steps": .int(4),
        "diffusion.lambda_kl": .double(1),
        "diffusion.tau": .double(1),
        "tsne.perplexity": .double(30),
        "lldif.stage2.warmup_epochs": .int(0),
        "lldif.stage0.learning_rate": .double(3e-3),
        "lldif.stage1.learning_rate": .double(3e-3),
        "lldif.stage2.learning_rate": .double(1e-3),
        "lldif.model.stem_stride": .int(2),
        "lldif.model.window": .int(4),
        "lldif.model.fusion_grid": .int(2),
        "lldif.model.fusion_width": .int(32),
        "lldif.model.fusion_depth": .int(2),
        "lldif.model.clip_width": .int(32),
        "lldif.model.denoiser_layers": .int(3),
        "lldif.model.standardise_input": .bool(true),
        "lldif.model.clip_batch_norm": .bool(true),
        "lldif.model.clip_residual": .bool(true),
        "lldif.stage1.caption_dropout": .double(0),
        "ablation.prior_modulation": .bool(true),
        "ablation.dlnet": .bool(true),
        "ablation.caption": .bool(true),
        "ablation.diffusion": .bool(true),
    ]

    /// Settings that scale with the profile's budget.
    private var sized: [String: SettingValue] {
        switch self {
        case .smoke:
            return ["profile": .string("smoke"), "data.image_size": .int(32), "data.train_count": .int(448),
                    "data.test_count": .int(224), "data.stats_count": .int(128), "train.epochs": .int(2),
                    "train.warmup_epochs": .int(0), "model.width": .int(8), "seeds": .ints([0]),
                    "lldif.stage0.epochs": .int(2), "lldif.stage1.epochs": .int(4), "lldif.stage2.epochs": .int(4)]
        case .quick:
            return ["profile": .string("quick"), "data.image_size": .int(64), "data.train_count": .int(4000),
                    "data.test_count": .int(1000), "data.stats_count": .int(1000), "train.epochs": .int(8),
                    "train.warmup_epochs": .int(1), "model.width": .int(8), "model.stem_stride": .int(2),
                    "train.learning_rate": .double(3e-3), "train.erasing": .double(0), "eac.ramp": .double(0.5), "seeds": .ints([0]),
                    "lldif.stage0.epochs": .int(12), "lldif.stage1.epochs": .int(2), "lldif.stage2.epochs": .int(5),
                    "lldif.stage2.warmup_epochs": .int(1), "lldif.stage2.learning_rate": .double(3e-3)]
        case .full:
            return ["profile": .string("full"), "data.image_size": .int(100), "data.train_count": .int(12271),
                    "data.test_count": .int(3068), "data.stats_count": .int(3068), "train.epochs": .int(60),
                    "train.warmup_epochs": .int(3), "model.width": .int(64), "seeds": .ints([0, 1, 2, 3, 4]),
                    "lldif.stage0.epochs": .int(10), "lldif.stage1.epochs": .int(40), "lldif.stage2.epochs": .int(40)]
        }
    }

    /// The profile's settings with `overrides` (`key=value` each) applied in order.
    public func settings(overriding overrides: [String]) throws -> Settings {
        var s = settings
        for o in overrides { try s.apply(override: o) }
        return s
    }
}
