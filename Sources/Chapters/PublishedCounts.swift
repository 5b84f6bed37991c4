/// The class distributions the real datasets publish, in each dataset's own class order
/// (shared/spec/data.md). SynFER mirrors them; chapter 02 sets them side by side.
public enum PublishedCounts {
    /// RAF-DB (basic) train and test counts: surprise, fear, disgust, happiness, sadness, anger, neutral.
    public static let rafTrain: [Double] = [1290, 281, 717, 4772, 1982, 705, 2524]
    public static let rafTest: [Double] = [329, 74, 160, 1185, 478, 162, 680]
    /// FERPlus majority-vote shares of the training set, in percent (approximate, as published):
    /// neutral, happiness, surprise, sadness, anger, disgust, fear, contempt.
    public static let ferplusTrainShares: [Double] = [36, 27, 13, 12, 9, 0.7, 2.3, 0.6]
    /// KDEF: 70 people × 7 expressions × 5 angles × 2 sessions, balanced over the 7 classes.
    public static let kdef: [Double] = Array(repeating: 700, count: 7)

    /// The published training-set shares (fractions summing to 1) of the dataset `mirrors` names.
    public static func trainShares(of mirrors: String) -> [Double]? {
        let counts: [Double]
        switch mirrors {
        case "RAF-DB": counts = rafTrain
        case "FERPlus": counts = ferplusTrainShares
        case "KDEF": counts = kdef
        default: return nil
        }
        let total = counts.reduce(0, +)
        return counts.map { $0 / total }
    }

    /// The published test-set shares, where the dataset publishes a test split.
    public static func testShares(of mirrors: String) -> [Double]? {
        guard mirrors == "RAF-DB" else { return nil }
        let total = rafTest.reduce(0, +)
        return rafTest.map { $0 / total }
    }
}
