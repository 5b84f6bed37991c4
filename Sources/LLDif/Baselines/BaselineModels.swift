/// The baselines of the paper's comparison, each trained by the shared loop on the same data,
/// input size, augmentation and budget as LLDif, with no external pre-training.
public let baselineModels: [ModelEntry] = [
    ModelEntry(name: "resnet18", revision: 1, summary: "width-scaled ResNet-18 with cross entropy",
               build: { try ResNet18Classifier($0) }),
    ModelEntry(name: "scn", revision: 1, summary: "Self-Cure Network: importance weights, rank regularisation, relabelling",
               settingPrefixes: ["data", "train", "model", "scn"], build: { try SCN($0) }),
    ModelEntry(name: "rul", revision: 1, summary: "Relative Uncertainty Learning: uncertainty-weighted feature mixing",
               settingPrefixes: ["data", "train", "model", "rul"], build: { try RUL($0) }),
    ModelEntry(name: "eac", revision: 1, summary: "Erasing Attention Consistency: flip-consistent class activation maps",
               settingPrefixes: ["data", "train", "model", "eac"], build: { try EAC($0) }),
    ModelEntry(name: "poster-lite", revision: 1,
               summary: "POSTER-lite: landmark/image window cross-attention (DLNet) and fusion transformer, no prior",
               settingPrefixes: ["data", "train", "model", "poster"], build: { try POSTERLite($0) }),
]

/// The warm-start share at `key` (0 when absent): the share of training, from the start, that a
/// baseline trains with plain cross entropy before its method's loss takes over, standing in for
/// the face pre-training its paper starts from. Throws a `TrainingError` naming the key unless in [0, 1).
func warmupShare(_ settings: Hyperparameters, key: String) throws -> Double {
    let share = try settings.double(key, default: 0)
    guard share >= 0 && share < 1 else { throw TrainingError.badSetting(key: key, value: "\(share)", expected: "a share in [0, 1)") }
    return share
}
