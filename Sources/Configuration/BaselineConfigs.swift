/// `baselines.*`: what SCN, RUL and EAC share.
public struct BaselinesConfig: Codable, Equatable, Sendable {
    /// Keep plain cross entropy until a training epoch beats the majority share (`PriorGate`);
    /// false: each method's own loss from the first step (what their papers do).
    public var priorGate = true

    /// The defaults of every profile.
    public init() {}

    enum CodingKeys: String, CodingKey { case priorGate = "prior_gate" }
}

/// `scn.*`: the Self-Cure Network's importance weighting, rank regularisation and relabelling.
public struct SCNConfig: Codable, Equatable, Sendable {
    /// β: the share of the batch in the high-importance group.
    public var beta = 0.7
    /// δ₁: the margin between the mean importance of the high and low groups.
    public var rankMargin = 0.15
    /// δ₂: how much more probable another class must be than the label to relabel a sample.
    public var relabelMargin = 0.2
    /// The share of training after which relabelling starts. Half since session 23's study on the
    /// validation draw (bench/pretraining/FINDINGS.md): from a quarter on, the network relabelled
    /// while at 52–60 % training accuracy, and the seeds that relabelled most ended 10–15 points
    /// lower; from half-way SCN gained 2.5–8.5 points and its seeds agreed better on every dataset.
    /// (SCN's paper starts at epoch 10 of 70, from a network pretrained far longer than the kit's.)
    public var relabelFrom = 0.5
    /// Relabel any sample (true) or only those of the low-importance group (false, as SCN).
    public var relabelAll = false
    /// Weight of the rank-regularisation loss.
    public var rankWeight = 1.0
    /// The least share of training with plain cross entropy before SCN's loss takes over.
    public var warmup = 0.0

    /// The defaults of every profile.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case beta, warmup
        case rankMargin = "rank_margin", relabelMargin = "relabel_margin", relabelFrom = "relabel_from"
        case relabelAll = "relabel_all", rankWeight = "rank_weight"
    }

    func validate() throws {
        try ConfigCheck.that(beta > 0 && beta < 1, "scn.beta", beta, "a share in (0, 1)")
        try ConfigCheck.nonNegative(rankMargin, "scn.rank_margin")
        try ConfigCheck.nonNegative(relabelMargin, "scn.relabel_margin")
        try ConfigCheck.probability(relabelFrom, "scn.relabel_from")
        try ConfigCheck.nonNegative(rankWeight, "scn.rank_weight")
        try ConfigCheck.share(warmup, "scn.warmup")
    }
}

/// `rul.*`: Relative Uncertainty Learning's uncertainty-weighted mixing.
public struct RULConfig: Codable, Equatable, Sendable {
    /// Weight of the uncertainty regulariser.
    public var regulariserWeight = 1.0
    /// Mix the two labels with equal weights instead of the uncertainties' (an ablation).
    public var equalLabelWeights = false
    /// The least share of training with plain cross entropy before RUL's loss takes over.
    public var warmup = 0.0

    /// The defaults of every profile.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case warmup
        case regulariserWeight = "regulariser_weight", equalLabelWeights = "equal_label_weights"
    }

    func validate() throws {
        try ConfigCheck.nonNegative(regulariserWeight, "rul.regulariser_weight")
        try ConfigCheck.share(warmup, "rul.warmup")
    }
}

/// `eac.*`: Erasing Attention Consistency.
public struct EACConfig: Codable, Equatable, Sendable {
    /// λ, the weight of the flip-consistency loss.
    public var lambda = 5.0
    /// The least share of training with plain cross entropy before EAC's loss takes over.
    public var warmup = 0.0
    /// Probability of EAC's own random erasing (patches of zeros).
    public var erasing = 0.5
    /// The share of training over which λ ramps up linearly after the warm start (0: at once).
    public var ramp = 0.5

    /// The quick profile's values.
    public init() {}

    func validate() throws {
        try ConfigCheck.nonNegative(lambda, "eac.lambda")
        try ConfigCheck.share(warmup, "eac.warmup")
        try ConfigCheck.probability(erasing, "eac.erasing")
        try ConfigCheck.share(ramp, "eac.ramp")
    }
}

/// `poster.*`: POSTER-lite's landmark branch.
public struct POSTERConfig: Codable, Equatable, Sendable {
    /// Weight of LandmarkNet's heatmap loss, trained jointly.
    public var landmarkWeight = 1.0

    /// The defaults of every profile.
    public init() {}

    enum CodingKeys: String, CodingKey { case landmarkWeight = "landmark_weight" }

    func validate() throws { try ConfigCheck.nonNegative(landmarkWeight, "poster.landmark_weight") }
}
