/// `landmarks.*`: the landmark predictor of real images. The real datasets come without the 31
/// landmarks LLDif's DLNet and POSTER-lite train on, so the kit trains a LandmarkNet on SynFER
/// faces of the matching flavour (normal light, `data.image_size`) and predicts them. Only runs on
/// real data read these settings.
public struct LandmarkPredictorConfig: Codable, Equatable, Sendable {
    /// SynFER training faces the predictor learns from.
    public var faces = 2000
    /// Passes over those faces.
    public var epochs = 8
    /// Adam's learning rate.
    public var learningRate = 2e-3
    /// Faces per step.
    public var batchSize = 32

    /// The quick profile's values.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case faces, epochs
        case learningRate = "learning_rate", batchSize = "batch_size"
    }

    func validate() throws {
        try ConfigCheck.that(faces > 0, "landmarks.faces", faces, "a positive count")
        try ConfigCheck.that(epochs > 0, "landmarks.epochs", epochs, "a positive count")
        try ConfigCheck.positive(learningRate, "landmarks.learning_rate")
        try ConfigCheck.that(batchSize > 0, "landmarks.batch_size", batchSize, "a positive count")
    }
}
