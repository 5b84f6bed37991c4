/// Confusion matrix of a classifier and the scores read from it.
public struct ConfusionMatrix: Sendable, Equatable {
    /// Number of classes.
    public let classes: Int
    /// `counts[t * classes + p]`: samples of true class t predicted as p.
    public let counts: [Int]

    /// Counts `truth` against `predicted` (same length, labels in `0..<classes`).
    public init(truth: [Int], predicted: [Int], classes: Int) throws {
        guard classes >= 1 else { throw AnalysisError.invalidParameter(name: "classes", reason: "must be ≥ 1, got \(classes)") }
        guard truth.count == predicted.count else {
            throw AnalysisError.lengthMismatch(first: "truth", firstCount: truth.count, second: "predicted", secondCount: predicted.count)
        }
        guard !truth.isEmpty else { throw AnalysisError.invalidParameter(name: "truth", reason: "is empty") }
        var counts = [Int](repeating: 0, count: classes * classes)
        for i in truth.indices {
            guard (0..<classes).contains(truth[i]) else { throw AnalysisError.invalidLabel(argument: "truth", index: i, label: truth[i]) }
            guard (0..<classes).contains(predicted[i]) else { throw AnalysisError.invalidLabel(argument: "predicted", index: i, label: predicted[i]) }
            counts[truth[i] * classes + predicted[i]] += 1
        }
        self.classes = classes
        self.counts = counts
    }

    /// Number of samples.
    public var total: Int { counts.reduce(0, +) }
    /// Samples of each true class.
    public var support: [Int] { (0..<classes).map { t in (0..<classes).reduce(0) { $0 + counts[t * classes + $1] } } }
    /// Samples predicted as each class.
    public var predictedCounts: [Int] { (0..<classes).map { p in (0..<classes).reduce(0) { $0 + counts[$1 * classes + p] } } }

    /// Fraction of samples predicted correctly.
    public var accuracy: Double {
        Double((0..<classes).reduce(0) { $0 + counts[$1 * classes + $1] }) / Double(total)
    }

    /// Per-class accuracy (recall): correct / support; nil for a class with no true samples.
    public var perClassAccuracy: [Double?] {
        let support = support
        return (0..<classes).map { c in support[c] > 0 ? Double(counts[c * classes + c]) / Double(support[c]) : nil }
    }

    /// Mean per-class accuracy over the classes that occur in the truth (scikit-learn's
    /// `balanced_accuracy_score`).
    public var balancedAccuracy: Double {
        let recalls = perClassAccuracy.compactMap { $0 }
        return recalls.reduce(0, +) / Double(recalls.count)
    }

    /// Per-class precision: correct / predicted; 0 for a class never predicted (scikit-learn's
    /// `zero_division` default).
    public var precision: [Double] {
        let predicted = predictedCounts
        return (0..<classes).map { c in predicted[c] > 0 ? Double(counts[c * classes + c]) / Double(predicted[c]) : 0 }
    }

    /// Per-class F1 = 2PR / (P + R); 0 when P + R = 0 or the class is absent from truth.
    public var f1: [Double] {
        let p = precision, r = perClassAccuracy
        return (0..<classes).map { c in
            let recall = r[c] ?? 0
            return p[c] + recall > 0 ? 2 * p[c] * recall / (p[c] + recall) : 0
        }
    }

    /// Unweighted mean F1 over the classes that occur in the truth or the predictions
    /// (scikit-learn's `f1_score(average="macro")` with its default labels).
    public var macroF1: Double {
        let support = support, predicted = predictedCounts, f1 = f1
        let present = (0..<classes).filter { support[$0] > 0 || predicted[$0] > 0 }
        return present.reduce(0) { $0 + f1[$1] } / Double(present.count)
    }
}
