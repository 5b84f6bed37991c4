/// `pretrain.*`: the face pretraining that stands in for the baselines' MS-Celeb-1M backbones and
/// POSTER's landmark detector. One run (`face-pretrain`) trains the width-scaled ResNet-18 trunk on
/// identity classification (and, with `landmark_weight` > 0, landmark regression) and a landmark
/// detector over the `syn-faces` corpus, which never shows an expression label; every method, as
/// its paper starts from a pretrained network, then fine-tunes from them.
public struct PretrainConfig: Codable, Equatable, Sendable {
    /// Whether the trunks start from the face pretraining (`face`, the default since it was measured
    /// on the validation draw, bench/pretraining/FINDINGS.md) or from scratch (`none`, an ablation).
    public var backbone = PretrainedBackbone.face
    /// Passes over the corpus's training faces.
    public var epochs = 6
    /// AdamW's peak learning rate of the pretraining.
    public var learningRate = 3e-3
    /// Weight of the landmark-regression term beside identity classification (0: identity only).
    /// 100, chosen on the validation draw: identity alone did not transfer to expressions, identity
    /// with landmarks did (bench/pretraining/FINDINGS.md).
    public var landmarkWeight = 100.0

    /// The quick profile's values.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case backbone, epochs
        case learningRate = "learning_rate", landmarkWeight = "landmark_weight"
    }

    func validate() throws {
        try ConfigCheck.that(epochs > 0, "pretrain.epochs", epochs, "a positive integer")
        try ConfigCheck.positive(learningRate, "pretrain.learning_rate")
        try ConfigCheck.nonNegative(landmarkWeight, "pretrain.landmark_weight")
    }
}

/// Where a method's trunk starts.
public enum PretrainedBackbone: String, NamedChoice {
    /// The `face-pretrain` run's trunk (identity classification on `syn-faces`).
    case face
    /// A fresh initialisation: the method trains from scratch.
    case none
}
