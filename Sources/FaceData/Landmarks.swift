import Foundation

/// One landmark in output-pixel coordinates (pixel (i, j) covers [i, i+1) × [j, j+1)); `visible`
/// is false when the point is turned away from the camera (far side of a profile face).
public struct Landmark: Sendable, Equatable {
    /// Horizontal pixel coordinate.
    public var x: Float
    /// Vertical pixel coordinate.
    public var y: Float
    /// Whether the point faces the camera.
    public var visible: Bool

    /// A landmark at (x, y).
    public init(x: Float, y: Float, visible: Bool = true) {
        self.x = x
        self.y = y
        self.visible = visible
    }
}

/// The 30 SynFER landmarks: brows, eyes (with pupils), nose, mouth and jaw. "left" and "right" are
/// the image's left and right.
public enum LandmarkName: Int, CaseIterable, Sendable {
    case leftBrowOuter, leftBrowMid, leftBrowInner, rightBrowInner, rightBrowMid, rightBrowOuter
    case leftEyeOuter, leftEyeTop, leftEyeInner, leftEyeBottom, leftPupil
    case rightEyeInner, rightEyeTop, rightEyeOuter, rightEyeBottom, rightPupil
    case noseTip, leftNostril, rightNostril, noseBridge
    case mouthLeft, upperLipTop, mouthRight, lowerLipBottom, upperLipInner, lowerLipInner
    case jawLeft, chinLeft, chin, chinRight, jawRight

    /// The landmark a left-right mirror maps this one onto.
    public var mirrored: LandmarkName {
        let pairs: [(LandmarkName, LandmarkName)] = [
            (.leftBrowOuter, .rightBrowOuter), (.leftBrowMid, .rightBrowMid), (.leftBrowInner, .rightBrowInner),
            (.leftEyeOuter, .rightEyeOuter), (.leftEyeTop, .rightEyeTop), (.leftEyeInner, .rightEyeInner),
            (.leftEyeBottom, .rightEyeBottom), (.leftPupil, .rightPupil), (.leftNostril, .rightNostril),
            (.mouthLeft, .mouthRight), (.jawLeft, .jawRight), (.chinLeft, .chinRight),
        ]
        for (a, b) in pairs {
            if self == a { return b }
            if self == b { return a }
        }
        return self
    }
}

/// Landmark helpers shared by the generator and the batch pipeline.
public enum Landmarks {
    /// Number of SynFER landmarks.
    public static let count = LandmarkName.allCases.count

    /// Landmarks of an image of the given width mirrored left-right: x ↦ width − x, and left and
    /// right points swap places so that index k still names the same part. Lists that are not
    /// SynFER's 30 points are mirrored in place.
    public static func mirrored(_ points: [Landmark], width: Int) -> [Landmark] {
        let flipped = points.map { Landmark(x: Float(width) - $0.x, y: $0.y, visible: $0.visible) }
        guard points.count == count else { return flipped }
        var out = flipped
        for name in LandmarkName.allCases { out[name.mirrored.rawValue] = flipped[name.rawValue] }
        return out
    }
}
