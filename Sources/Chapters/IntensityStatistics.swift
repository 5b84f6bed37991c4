import FaceData

/// Pixel-intensity statistics of a set of images: the numbers behind the paper's Fig. 1 and its
/// claim that low-light pixels pile up at the dark end. Intensity is the mean over a pixel's
/// channels, in [0, 1].
public struct IntensityStatistics: Sendable {
    public private(set) var count = 0
    public private(set) var sum = 0.0
    public private(set) var sumOfSquares = 0.0
    /// Counts of intensities in `binCount` equal bins over [0, 1].
    public private(set) var bins: [Int]

    public static let binCount = 50
    /// The threshold below which a pixel counts as dark.
    public static let darkThreshold = 0.1

    public init() { bins = Array(repeating: 0, count: Self.binCount) }

    /// Adds every pixel of `image`.
    public mutating func add(_ image: FaceImage) {
        for x in Self.intensities(image) {
            count += 1
            sum += x
            sumOfSquares += x * x
            bins[min(Self.binCount - 1, max(0, Int(x * Double(Self.binCount))))] += 1
        }
    }

    public var mean: Double { count == 0 ? 0 : sum / Double(count) }
    public var standardDeviation: Double {
        count < 2 ? 0 : ((sumOfSquares - sum * sum / Double(count)) / Double(count - 1)).squareRoot()
    }
    /// The share of pixels below `darkThreshold` (bins entirely below it).
    public var darkShare: Double {
        let darkBins = Int(Self.darkThreshold * Double(Self.binCount))
        return count == 0 ? 0 : Double(bins[0..<darkBins].reduce(0, +)) / Double(count)
    }
    /// The median, to the resolution of the bins (the centre of the bin holding it).
    public var median: Double {
        var seen = 0
        for (i, c) in bins.enumerated() {
            seen += c
            if 2 * seen >= count { return (Double(i) + 0.5) / Double(Self.binCount) }
        }
        return 1
    }

    /// The per-pixel intensities of `image`: channel mean, row-major.
    public static func intensities(_ image: FaceImage) -> [Double] {
        let plane = image.width * image.height
        return (0..<plane).map { p in
            var s = 0.0
            for c in 0..<image.channels { s += Double(image.pixels[c * plane + p]) }
            return s / Double(image.channels)
        }
    }
}
