/// The whole configuration of an experiment, typed: every setting of every run, chapter and study
/// has exactly one home and one default here. The defaults written in the section types are the
/// quick profile's; `Profile` states how smoke and full differ. `--set key.path=value` patches it
/// (`applying(overrides:)`), and `lldif config` lists it.
public struct ExperimentConfig: Codable, Equatable, Sendable {
    /// The profile the values were resolved from.
    public var profile = Profile.quick
    /// `data.*`: which images, how many, at what size.
    public var data = DataConfig()
    /// `train.*`: the shared training loop.
    public var train = TrainingConfig()
    /// `model.*`: the trunks' width and stem.
    public var model = BackboneConfig()
    /// `baselines.*`: what SCN, RUL and EAC share.
    public var baselines = BaselinesConfig()
    /// `scn.*`: the Self-Cure Network.
    public var scn = SCNConfig()
    /// `rul.*`: Relative Uncertainty Learning.
    public var rul = RULConfig()
    /// `eac.*`: Erasing Attention Consistency.
    public var eac = EACConfig()
    /// `poster.*`: POSTER-lite.
    public var poster = POSTERConfig()
    /// `lldif.*`: LLDif's parts and stages.
    public var lldif = LLDifSection()
    /// `diffusion.*`: the EPD diffusion.
    public var diffusion = DiffusionConfig()
    /// `ablation.*`: LLDif's ablation switches.
    public var ablation = AblationSwitches()
    /// `paper.*`: the design of the result chapters.
    public var paper = PaperDesign()
    /// `analysis.*`: the analyses of trained runs.
    public var analysis = AnalysisConfig()
    /// `landmarks.*`: the landmark predictor of real images.
    public var landmarks = LandmarkPredictorConfig()
    /// `pretrain.*`: the face pretraining of the trunks.
    public var pretrain = PretrainConfig()

    /// The quick profile's configuration.
    public init() {}

    /// Throws a `SettingsError` naming the first setting out of its range.
    public func validate() throws {
        try data.validate()
        try train.validate()
        try model.validate()
        try scn.validate()
        try rul.validate()
        try eac.validate()
        try poster.validate()
        try lldif.validate()
        try diffusion.validate()
        try paper.validate()
        try analysis.validate()
        try landmarks.validate()
        try pretrain.validate()
    }
}
