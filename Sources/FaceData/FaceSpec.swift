import Foundation

/// Head pose and framing of one rendered face.
public struct Pose: Sendable, Equatable {
    /// Rotation about the vertical axis in degrees (positive turns the face to the image's right).
    public var yaw: Double
    /// In-plane rotation in degrees.
    public var roll: Double
    /// Face size relative to the flavour's nominal framing.
    public var scale: Double
    /// Horizontal offset of the face centre, as a fraction of the image width.
    public var dx: Double
    /// Vertical offset of the face centre, as a fraction of the image height.
    public var dy: Double

    /// A pose; the defaults are a centred frontal face.
    public init(yaw: Double = 0, roll: Double = 0, scale: Double = 1, dx: Double = 0, dy: Double = 0) {
        self.yaw = yaw
        self.roll = roll
        self.scale = scale
        self.dx = dx
        self.dy = dy
    }
}

/// The scene around a face.
public enum Background: Sendable, Equatable {
    /// One flat colour.
    case flat(RGB)
    /// A gradient with random shapes drawn from the given seed.
    case clutter(seed: UInt64)
}

/// Something covering part of the face.
public enum Occluder: Sendable, Equatable {
    /// A hand at (x, y) in face units, rotated by angle (radians).
    case hand(x: Double, y: Double, angle: Double)
    /// A patch of hair over one side of the upper face (side −1 is the image's left).
    case hairPatch(side: Double)
}

/// Everything the renderer needs to draw one face; SynFER samples it, the renderer draws it.
public struct FaceSpec: Sendable {
    /// Identity parameters.
    public var identity: Identity
    /// Expression as AU intensities.
    public var units: ActionUnits
    /// Side of the one-sided contempt AU (−1 image left, +1 image right).
    public var unilateralSide: Double
    /// Head pose and framing.
    public var pose: Pose
    /// Background.
    public var background: Background
    /// Direction of the key light (radians, 0 = from the image's right) and how dark the far side is (0...1).
    public var lightAngle: Double
    /// Strength of the directional shading (0 = flat light).
    public var shading: Double
    /// Overall exposure factor (1 = as drawn).
    public var exposure: Double
    /// An optional occluder.
    public var occluder: Occluder?
    /// Blur weight of the mild 3-tap blur (0 = sharp, up to 1/3).
    public var blur: Double
    /// Output side in pixels.
    public var size: Int
    /// Output channels (1 grey, 3 RGB).
    public var channels: Int
    /// Supersampling factor: the face is drawn at size × oversample and downsampled by area.
    public var oversample: Int

    /// A spec from all its parts.
    public init(identity: Identity, units: ActionUnits, unilateralSide: Double = 1, pose: Pose = Pose(),
                background: Background = .flat(RGB(0.6, 0.6, 0.62)), lightAngle: Double = 0, shading: Double = 0,
                exposure: Double = 1, occluder: Occluder? = nil, blur: Double = 0, size: Int = 64,
                channels: Int = 3, oversample: Int = 2) {
        self.identity = identity
        self.units = units
        self.unilateralSide = unilateralSide
        self.pose = pose
        self.background = background
        self.lightAngle = lightAngle
        self.shading = shading
        self.exposure = exposure
        self.occluder = occluder
        self.blur = blur
        self.size = size
        self.channels = channels
        self.oversample = oversample
    }
}
