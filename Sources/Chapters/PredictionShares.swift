/// What a classifier's predictions say about it when its accuracy is no better than guessing: the
/// share q_k of test images it puts in each class, the share p_k of each class among the labels,
/// and the accuracy a predictor with those shares gets if it ignores the image, `Σ_k q_k · p_k`.
/// An accuracy close to that expectation is what "predicts without reading the image" looks like;
/// below the majority rate it is not anti-correlation with the label.
public struct PredictionShares: Sendable, Equatable {
    /// q_k: the share of predictions in class k.
    public let predicted: [Double]
    /// p_k: the share of labels in class k.
    public let labels: [Double]

    /// The shares of `predictions` and `labels` (equal lengths, at least one) over `classes` classes.
    public init(predictions: [Int], labels: [Int], classes: Int) throws {
        guard !labels.isEmpty, predictions.count == labels.count else {
            throw ChapterError.data("prediction shares need as many predictions as labels, at least one (got \(predictions.count) and \(labels.count))")
        }
        if let bad = (predictions + labels).first(where: { $0 < 0 || $0 >= classes }) {
            throw ChapterError.data("class index \(bad) is outside 0..<\(classes)")
        }
        predicted = Self.shares(predictions, classes: classes)
        self.labels = Self.shares(labels, classes: classes)
    }

    /// Σ_k q_k · p_k: the expected accuracy of predicting with shares q independently of the image.
    public var labelBlindAccuracy: Double { zip(predicted, labels).reduce(0) { $0 + $1.0 * $1.1 } }

    /// The largest label share: the accuracy of always predicting the most frequent class.
    public var majorityRate: Double { labels.max() ?? 0 }

    static func shares(_ values: [Int], classes: Int) -> [Double] {
        var counts = [Double](repeating: 0, count: classes)
        for v in values { counts[v] += 1 }
        return counts.map { $0 / Double(values.count) }
    }
}
