import Foundation

/// Per test image, the evidence claim C5 judges that the stage-2 EPD Ẑ_0 carries the class and
/// that the diffusion brings it towards the stage-1 EPD Z_S1:
/// - whether Ẑ_0's nearest class centroid (Euclidean) of the training images' Z_S1 is the image's
///   class, beside whether the test set's majority class is (an estimate with no class information
///   scores the majority rate at best);
/// - ‖c − Z_S1‖ − ‖Ẑ_0 − Z_S1‖ for the image's own Z_S1, where c = PNET_S2(E_I(x)) is what the
///   no-diffusion variant uses (positive: Ẑ_0 is closer than c).
///
/// The centroids come from the training split, whose labels the model trained on, so that no test
/// label enters the classifier that scores the test images.
public struct EPDEvidence: Sendable, Equatable {
    /// 1 when Ẑ_0's nearest training centroid is the image's class, else 0.
    public var centroidHits: [Double]
    /// 1 when the test set's majority class is the image's class, else 0.
    public var majorityHits: [Double]
    /// ‖c − Z_S1‖ − ‖Ẑ_0 − Z_S1‖ per image.
    public var distanceGain: [Double]

    /// The evidence of the test images' `stage1`, `stage2` and `condition` EPDs (each
    /// `[labels.count, dimension]` row-major) against the class centroids of the training images'
    /// `trainStage1` EPDs (`[trainLabels.count, dimension]`).
    public init(stage1: [Float], stage2: [Float], condition: [Float], labels: [Int], dimension d: Int,
                trainStage1: [Float], trainLabels: [Int]) throws {
        let n = labels.count
        guard d > 0, n > 0, stage1.count == n * d, stage2.count == n * d, condition.count == n * d else {
            throw ChapterError.data("EPD evidence: \(stage1.count), \(stage2.count) and \(condition.count) values for \(n) test images of dimension \(d)")
        }
        guard !trainLabels.isEmpty, trainStage1.count == trainLabels.count * d else {
            throw ChapterError.data("EPD evidence: \(trainStage1.count) training values for \(trainLabels.count) images of dimension \(d)")
        }
        var sums: [Int: [Double]] = [:], counts: [Int: Int] = [:]
        for (i, label) in trainLabels.enumerated() {
            var sum = sums[label] ?? [Double](repeating: 0, count: d)
            for k in 0..<d { sum[k] += Double(trainStage1[i * d + k]) }
            sums[label] = sum
            counts[label, default: 0] += 1
        }
        let centroids = sums.keys.sorted().map { c in (c, sums[c, default: []].map { $0 / Double(counts[c, default: 1]) }) }
        func distance(_ x: [Float], _ i: Int, _ y: [Double]) -> Double {
            var s = 0.0
            for k in 0..<d { let e = Double(x[i * d + k]) - y[k]; s += e * e }
            return s.squareRoot()
        }
        func row(_ x: [Float], _ i: Int) -> [Double] { (0..<d).map { Double(x[i * d + $0]) } }
        let majority = majorityClass(of: labels)
        centroidHits = (0..<n).map { i in
            let nearest = centroids.min { distance(stage2, i, $0.1) < distance(stage2, i, $1.1) }?.0
            return nearest == labels[i] ? 1 : 0
        }
        majorityHits = labels.map { $0 == majority ? 1 : 0 }
        distanceGain = (0..<n).map { i in
            let target = row(stage1, i)
            return distance(condition, i, target) - distance(stage2, i, target)
        }
    }
}
