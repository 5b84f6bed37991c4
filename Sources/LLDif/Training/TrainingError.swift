/// Failures of training, evaluation and model lookup, each naming the setting, file or model at fault.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// No model is registered under the name.
    case unknownModel(String, known: [String])
    /// A checkpoint that cannot be resumed from or evaluated.
    case badCheckpoint(file: String, reason: String)
    /// A request that cannot be served as given.
    case invalid(String)
    /// The loss became NaN or infinite.
    case diverged(epoch: Int, step: Int)

    public var description: String {
        switch self {
        case .unknownModel(let name, let known):
            return "unknown model '\(name)'; known models: \(known.joined(separator: ", "))"
        case .badCheckpoint(let file, let reason):
            return "\(file): \(reason)"
        case .invalid(let message):
            return message
        case .diverged(let epoch, let step):
            return "the loss is not finite at epoch \(epoch + 1), step \(step); lower train.learning_rate or raise train.clip_norm"
        }
    }
}
