import Foundation

/// Strengths of the nuisances SynFER adds around the expression.
public struct NuisanceConfig: Sendable, Equatable {
    /// Standard deviation of the yaw in degrees (ignored by syn-kdef, which uses its 5 fixed angles).
    public var yawStd: Double
    /// Largest |yaw| in degrees.
    public var yawLimit: Double
    /// Standard deviation of the roll in degrees.
    public var rollStd: Double
    /// Range of the face-size factor.
    public var scale: ClosedRange<Double>
    /// Standard deviation of the face-centre offset, as a fraction of the image side.
    public var translationStd: Double
    /// Chance of a cluttered background (otherwise flat).
    public var clutterProbability: Double
    /// Chance of directional shading, and its strength range.
    public var shadingProbability: Double
    /// Darkness range of the shaded side (0...1).
    public var shading: ClosedRange<Double>
    /// Chance of an occluder (hand or hair patch).
    public var occluderProbability: Double
    /// Chance of a mild blur, and its weight range (0...1/3).
    public var blurProbability: Double
    /// Weight range of the blur.
    public var blur: ClosedRange<Double>
    /// Range of the overall exposure factor.
    public var exposure: ClosedRange<Double>

    /// Creates a nuisance configuration; see the properties for meanings.
    public init(yawStd: Double, yawLimit: Double, rollStd: Double, scale: ClosedRange<Double>, translationStd: Double,
                clutterProbability: Double, shadingProbability: Double, shading: ClosedRange<Double>,
                occluderProbability: Double, blurProbability: Double, blur: ClosedRange<Double>,
                exposure: ClosedRange<Double>) {
        self.yawStd = yawStd
        self.yawLimit = yawLimit
        self.rollStd = rollStd
        self.scale = scale
        self.translationStd = translationStd
        self.clutterProbability = clutterProbability
        self.shadingProbability = shadingProbability
        self.shading = shading
        self.occluderProbability = occluderProbability
        self.blurProbability = blurProbability
        self.blur = blur
        self.exposure = exposure
    }
}

/// Every knob of a SynFER flavour: expression and annotator model, nuisances, image format, split
/// sizes. `SynFERFlavour.defaultConfig` gives the calibrated defaults; change fields to calibrate.
public struct SynFERConfig: Sendable, Equatable {
    /// Expression intensity, blends and annotator noise.
    public var expression: ExpressionConfig
    /// Pose, background, shading, occluder and blur strengths.
    public var nuisance: NuisanceConfig
    /// Output side in pixels.
    public var size: Int
    /// 1 (grey) or 3 (RGB).
    public var channels: Int
    /// Supersampling factor of the renderer (2-4).
    public var oversample: Int
    /// Number of distinct people the images are drawn from (syn-kdef: exactly this many people).
    public var identities: Int
    /// Images per split (syn-kdef derives them from `identities` and its subject split).
    public var splitSizes: [Split: Int]
    /// Share of people with glasses.
    public var glassesRate: Double
    /// Share of people with a beard.
    public var beardRate: Double
    /// Largest number of draws that try to produce a face whose annotator majority is the label.
    public var maxAttempts: Int

    /// Creates a configuration; see the properties for meanings.
    public init(expression: ExpressionConfig, nuisance: NuisanceConfig, size: Int, channels: Int, oversample: Int = 2,
                identities: Int, splitSizes: [Split: Int], glassesRate: Double = 0.2, beardRate: Double = 0.15,
                maxAttempts: Int = 24) {
        self.expression = expression
        self.nuisance = nuisance
        self.size = size
        self.channels = channels
        self.oversample = oversample
        self.identities = identities
        self.splitSizes = splitSizes
        self.glassesRate = glassesRate
        self.beardRate = beardRate
        self.maxAttempts = maxAttempts
    }
}
