import Foundation
import NN
import Tensor

/// LandmarkNet: a small convolutional landmark detector. Three stages of two 3×3 convolutions
/// (ReLU) give feature maps at DTNet's three scales and widths (C, 2C, 4C); those maps are DLNet's
/// queries. A head sums 1×1 projections of the three scales, upsampled to the input's S × S, into
/// K heatmaps, trained against Gaussian bumps at the annotated landmarks and frozen
/// after stage 0.
public final class LandmarkNet: Module {
    /// The two convolutions of each stage (the second of stages 2 and 3 halves the side first).
    public let stages: [[Conv2d]]
    /// 1×1 projections of each scale to K heatmap channels.
    public let heads: [Conv2d]
    /// Width (in pixels of the input) of the Gaussian target bumps.
    public let sigma: Float
    /// Whether images are standardised (`ImageStandardisation`) first.
    public let standardisesInput: Bool

    /// A LandmarkNet for the sizes of `config`.
    public init(config: LLDifConfig, sigma: Float = 1.5, using stream: inout RandomStream) {
        let widths = config.levelWidths
        var stages: [[Conv2d]] = []
        var input = config.imageChannels
        for (level, width) in widths.enumerated() {
            stages.append([
                Conv2d(inChannels: input, outChannels: width, kernelSize: 3, stride: level == 0 ? config.stemStride : 2, padding: 1,
                       using: &stream),
                Conv2d(inChannels: width, outChannels: width, kernelSize: 3, padding: 1, using: &stream),
            ])
            input = width
        }
        self.stages = stages
        heads = widths.map { Conv2d(inChannels: $0, outChannels: config.landmarks, kernelSize: 1, using: &stream) }
        self.sigma = sigma
        standardisesInput = config.standardisesInput
    }

    /// The feature maps of the three scales for images `x [N, channels, S, S]`.
    public func features(_ x: Tensor) -> [Tensor] {
        var h = standardisesInput ? ImageStandardisation.apply(x) : x
        var maps: [Tensor] = []
        for stage in stages {
            for conv in stage { h = conv(h).relu() }
            maps.append(h)
        }
        return maps
    }

    /// The K heatmaps `[N, K, side, side]` predicted from the feature maps of `features(_:)`.
    public func heatmaps(from maps: [Tensor], side: Int) -> Tensor {
        var sum = heads[0](maps[0])
        if maps[0].shape[2] != side { sum = sum.resizedBilinear(height: side, width: side) }
        for level in 1..<maps.count {
            sum = sum + heads[level](maps[level]).resizedBilinear(height: side, width: side)
        }
        return sum
    }

    /// The mean squared error between the heatmaps at `side` predicted from `maps` (of
    /// `features(_:)`) and Gaussian bumps at `landmarks` (`[N, K, 2]`, pixels of an input of side
    /// `imageSize`, rescaled to `side`).
    public func heatmapError(maps: [Tensor], landmarks: Tensor, imageSize: Int, side: Int) -> Tensor {
        let scale = Float(side) / Float(imageSize)
        let target = targetHeatmaps(landmarks: landmarks.scalars.map { $0 * scale }, count: landmarks.shape[0], side: side)
        return Loss.mse(heatmaps(from: maps, side: side), target)
    }

    /// Gaussian target heatmaps `[N, K, S, S]` (peak 1) for `landmarks` given as (x, y) pixel pairs,
    /// N × K × 2 values, in the coordinates of an S × S image.
    public func targetHeatmaps(landmarks: [Float], count n: Int, side: Int) -> Tensor {
        let k = heads[0].weight.shape[0]
        precondition(landmarks.count == n * k * 2, "LandmarkNet: \(landmarks.count) coordinates for \(n) × \(k) landmarks")
        let twoSigmaSquared = 2 * sigma * sigma
        return Tensor(shape: [n, k, side, side]) { out in
            for m in 0..<(n * k) {
                let (cx, cy) = (landmarks[2 * m] - 0.5, landmarks[2 * m + 1] - 0.5)
                for y in 0..<side {
                    let dy = Float(y) - cy
                    for x in 0..<side {
                        let dx = Float(x) - cx
                        let exponent = -(dx * dx + dy * dy) / twoSigmaSquared
                        // Below −105, exp is +0 in Float (e⁻¹⁰⁵ is a fifth of the smallest subnormal): the
                        // value exp gives, without its slow underflow path.
                        out[(m * side + y) * side + x] = exponent < -105 ? 0 : Foundation.exp(exponent)
                    }
                }
            }
        }
    }

    /// The landmark loss: mean squared error between predicted and target heatmaps.
    public func loss(images x: Tensor, landmarks: [Float]) -> Tensor {
        let predicted = heatmaps(from: features(x), side: x.shape[2])
        let target = targetHeatmaps(landmarks: landmarks, count: x.shape[0], side: x.shape[2])
        return Loss.mse(predicted, target) * Float(100)  // the bumps cover few pixels: keep the loss O(1)
    }

    /// The landmarks as (x, y) pixel pairs, `N × K × 2`, at the argmax of each predicted heatmap.
    public func predictLandmarks(_ x: Tensor) -> [Float] {
        let maps = Tensor.withoutGradients { heatmaps(from: features(x), side: x.shape[2]) }
        let (n, k, side) = (maps.shape[0], maps.shape[1], maps.shape[2])
        let best = maps.reshaped([n * k, side * side]).argmax(axis: 1)
        return best.flatMap { [Float($0 % side) + 0.5, Float($0 / side) + 0.5] }
    }

    /// The landmarks as (x, y) pixel pairs, `N × K × 2`: the centroid of each predicted heatmap's
    /// positive part ("integral regression", Sun et al. 2018), steadier than the argmax when the
    /// peaks are weak; the image centre for a heatmap with no positive value.
    public func expectedLandmarks(_ x: Tensor) -> [Float] {
        let maps = Tensor.withoutGradients { heatmaps(from: features(x), side: x.shape[2]) }
        let (n, k, side) = (maps.shape[0], maps.shape[1], maps.shape[2])
        let values = maps.scalars
        var out: [Float] = []
        out.reserveCapacity(n * k * 2)
        for m in 0..<(n * k) {
            var sum: Float = 0, sx: Float = 0, sy: Float = 0
            for y in 0..<side {
                for xx in 0..<side {
                    let w = max(0, values[(m * side + y) * side + xx])
                    sum += w; sx += w * (Float(xx) + 0.5); sy += w * (Float(y) + 0.5)
                }
            }
            out += sum > 0 ? [sx / sum, sy / sum] : [Float(side) / 2, Float(side) / 2]
        }
        return out
    }
}
