import Configuration
import Tensor

/// The baselines of the paper's comparison, each trained by the shared loop on the same data,
/// input size, augmentation and budget as LLDif. The ResNet-18 trunks (ResNet-18, SCN, RUL, EAC,
/// POSTER-lite's image stream) and POSTER-lite's landmark stream start from the face pretraining
/// when `pretrain.backbone = face`, as in their papers.
public let baselineModels: [ModelEntry] = [
    ModelEntry(.resnet18, revision: 1, summary: "width-scaled ResNet-18 with cross entropy", pretrainableTrunk: ModelEntry.alwaysPretrainable,
               build: { ResNet18Classifier($0) }),
    ModelEntry(.scn, revision: 2, summary: "Self-Cure Network: importance weights, rank regularisation, relabelling",
               reads: ["scn", "baselines.prior_gate"], pretrainableTrunk: ModelEntry.alwaysPretrainable, build: { SCN($0) }),
    ModelEntry(.rul, revision: 2, summary: "Relative Uncertainty Learning: uncertainty-weighted feature mixing",
               reads: ["rul", "baselines.prior_gate"], pretrainableTrunk: ModelEntry.alwaysPretrainable, build: { RUL($0) }),
    ModelEntry(.eac, revision: 2, summary: "Erasing Attention Consistency: flip-consistent class activation maps",
               reads: ["eac", "baselines.prior_gate"], pretrainableTrunk: ModelEntry.alwaysPretrainable, build: { EAC($0) }),
    ModelEntry(.posterLite, revision: 3,
               summary: "POSTER-lite: ResNet-18 image stream and landmark stream, window cross-attention (DLNet) and fusion transformer",
               reads: ["poster", "lldif.model"], pretrainableTrunk: ModelEntry.alwaysPretrainable, checkSettings: POSTERLite.checkSizes,
               build: { try POSTERLite($0) }),
]

/// Whether a from-scratch network has left the class prior: latched open after the first training
/// epoch whose accuracy (on the dataset's labels) beats the share of its most frequent label.
///
/// The baselines' papers fine-tune face-pretrained backbones, so their extra machinery (SCN's
/// weighting and relabelling, RUL's mixing, EAC's consistency) meets a network that already
/// separates the classes. Trained from scratch, a network first sits on the class prior for a few
/// epochs, and those mechanisms then lengthen the plateau or feed on it; each baseline keeps plain
/// cross entropy until this gate opens. The decision is saved with the checkpoint.
///
/// `baselines.prior_gate = false` builds the gate open (after 0 epochs): each method's own loss from
/// the first step.
public struct PriorGate: Sendable {
    /// The number of epochs done when the gate opened; nil while closed.
    private(set) var openedAfter: Int?
    /// True once an epoch has beaten the majority share.
    var isOpen: Bool { openedAfter != nil }
    /// False: open from the start, whatever the epochs score.
    let gates: Bool
    private var correct = 0, seen = 0, perLabel: [Int: Int] = [:]

    /// A gate that waits for an epoch to beat the majority share (`gates`), or one open from the start.
    init(gates: Bool = true) {
        self.gates = gates
        openedAfter = gates ? nil : 0
    }

    /// The gate `baselines.prior_gate` of `config` asks for.
    init(_ config: ExperimentConfig) { self.init(gates: config.baselines.priorGate) }

    /// Counts a batch's predictions against the dataset's labels.
    mutating func count(logits: Tensor, labels: [Int]) {
        correct += zip(logits.argmax(axis: 1), labels).filter { $0 == $1 }.count
        seen += labels.count
        for label in labels { perLabel[label, default: 0] += 1 }
    }

    /// Closes the tally of `epoch` (counting from 0): opens the gate when the epoch beat its majority share.
    mutating func epochFinished(epoch: Int) {
        if openedAfter == nil && beatsMajorityShare(correct: correct, seen: seen, labelCounts: perLabel) {
            openedAfter = epoch + 1
        }
        (correct, seen, perLabel) = (0, 0, [:])
    }

    /// The gate as checkpoint metadata: "0" closed, otherwise the number of epochs done when it opened.
    var state: String { String(openedAfter ?? 0) }

    /// Restores the gate from checkpoint metadata `key` (closed when absent).
    mutating func restore(_ state: [String: String], key: String) throws {
        guard gates else { return }
        guard let text = state[key] else { openedAfter = nil; return }
        guard let epochs = Int(text), epochs >= 0 else {
            throw TrainingError.badCheckpoint(file: "checkpoint metadata method.\(key)", reason: "'\(text)' is not a count of epochs")
        }
        openedAfter = epochs == 0 ? nil : epochs
    }
}

/// A baseline that keeps plain cross entropy until its `PriorGate` opens. Conforming gives it the
/// gate's per-epoch log entry (`left_prior`) and its checkpoint state.
public protocol PriorGated: AnyObject {
    /// The model's gate.
    var priorGate: PriorGate { get set }
}

extension PriorGated where Self: TrainableClassifier {
    /// Whether a training epoch has beaten the majority share (the warm start can end).
    public var hasLeftPrior: Bool { priorGate.isOpen }

    /// Logs whether the network has left the class prior (`left_prior`, 1 or 0, deciding the next epoch).
    public func epochFinished(epoch: Int) -> [String: Double] {
        priorGate.epochFinished(epoch: epoch)
        return ["left_prior": priorGate.isOpen ? 1 : 0]
    }

    /// Whether the network has left the prior.
    public func methodState() -> [String: String] { ["left_prior": priorGate.state] }

    /// Restores whether the network has left the prior.
    public func restoreMethodState(_ state: [String: String]) throws { try priorGate.restore(state, key: "left_prior") }
}

/// Whether a training accuracy of `correct` of `seen` beats the share of the most frequent label
/// in `labelCounts` (false when nothing was seen).
public func beatsMajorityShare(correct: Int, seen: Int, labelCounts: [Int: Int]) -> Bool {
    seen > 0 && correct > labelCounts.values.max() ?? 0
}
