import FaceData
import Foundation
import Testing

/// Checks that the landmarks land on the parts the renderer draws, using the part-map style
/// (eyes red, brows green, mouth blue, nose yellow) of the very same geometry.
@Suite struct RenderTests {
    enum Part { case eye, brow, mouth, nose }

    func colour(_ image: FaceImage, _ x: Float, _ y: Float) -> (Float, Float, Float) {
        let px = min(image.width - 1, max(0, Int(x))), py = min(image.height - 1, max(0, Int(y)))
        return (image[0, py, px], image[1, py, px], image[2, py, px])
    }

    func isPart(_ c: (Float, Float, Float), _ part: Part) -> Bool {
        switch part {
        case .eye: return c.0 > 0.6 && c.1 < 0.4 && c.2 < 0.4
        case .brow: return c.1 > 0.6 && c.0 < 0.4 && c.2 < 0.4
        case .mouth: return c.2 > 0.6 && c.0 < 0.4 && c.1 < 0.4
        case .nose: return c.0 > 0.6 && c.1 > 0.6 && c.2 < 0.4
        }
    }

    @Test func landmarksLieOnTheDrawnParts() {
        let synfer = SynFER(flavour: .synRAF, seed: 9)
        var checked = 0
        for i in 0..<60 {
            var spec = synfer.plan(.train, i).spec
            guard abs(spec.pose.yaw) < 25 else { continue }
            spec.size = 128
            let (image, marks) = FaceRenderer.render(spec, style: .parts)
            let m = { (n: LandmarkName) in marks[n.rawValue] }
            for pupil in [LandmarkName.leftPupil, .rightPupil] {
                #expect(isPart(colour(image, m(pupil).x, m(pupil).y), .eye), "sample \(i) \(pupil)")
            }
            for brow in [LandmarkName.leftBrowMid, .rightBrowMid] {
                #expect(isPart(colour(image, m(brow).x, m(brow).y), .brow), "sample \(i) \(brow)")
            }
            let upper = (m(.upperLipTop).x + m(.upperLipInner).x) / 2, upperY = (m(.upperLipTop).y + m(.upperLipInner).y) / 2
            let lowerY = (m(.lowerLipBottom).y + m(.lowerLipInner).y) / 2
            #expect(isPart(colour(image, upper, upperY), .mouth), "sample \(i) upper lip")
            #expect(isPart(colour(image, m(.lowerLipBottom).x, lowerY), .mouth), "sample \(i) lower lip")
            #expect(isPart(colour(image, m(.noseTip).x, m(.noseTip).y), .nose), "sample \(i) nose tip")
            #expect(m(.chin).y > m(.lowerLipBottom).y && m(.noseTip).y < m(.upperLipTop).y)
            checked += 1
        }
        #expect(checked >= 20)
    }

    @Test func theFarEyeHidesInProfile() {
        let identity = Identity(id: 1, seed: 0)
        for yaw in [-90.0, 90.0] {
            let spec = FaceSpec(identity: identity, units: ActionUnits(), pose: Pose(yaw: yaw), size: 96)
            let (image, marks) = FaceRenderer.render(spec, style: .parts)
            // Positive yaw turns the face towards the image's right: the right eye goes behind.
            let far: LandmarkName = yaw > 0 ? .rightPupil : .leftPupil
            let near: LandmarkName = yaw > 0 ? .leftPupil : .rightPupil
            #expect(!marks[far.rawValue].visible)
            #expect(marks[near.rawValue].visible)
            #expect(isPart(colour(image, marks[near.rawValue].x, marks[near.rawValue].y), .eye))
            var redPixels = 0
            for y in 0..<96 { for x in 0..<96 where isPart(colour(image, Float(x), Float(y)), .eye) { redPixels += 1 } }
            let frontal = FaceRenderer.render(FaceSpec(identity: identity, units: ActionUnits(), size: 96), style: .parts).image
            var frontalRed = 0
            for y in 0..<96 { for x in 0..<96 where isPart(colour(frontal, Float(x), Float(y)), .eye) { frontalRed += 1 } }
            #expect(redPixels * 2 < frontalRed, "one compressed eye only at yaw \(yaw)")
        }
    }

    @Test func actionUnitsMoveTheFeatures() {
        let identity = Identity(id: 3, seed: 0)
        func marks(_ units: ActionUnits) -> [Landmark] {
            FaceRenderer.render(FaceSpec(identity: identity, units: units, size: 64)).landmarks
        }
        let neutral = marks(ActionUnits())
        let smile = marks(ActionUnits([.au6: 0.8, .au12: 1]))
        let sad = marks(ActionUnits([.au1: 0.9, .au4: 0.6, .au15: 0.9]))
        let surprise = marks(ActionUnits([.au1: 0.9, .au2: 0.9, .au5: 0.9, .au26: 0.9]))
        let corner = LandmarkName.mouthLeft.rawValue, inner = LandmarkName.leftBrowInner.rawValue
        #expect(smile[corner].y < neutral[corner].y - 0.5)
        #expect(sad[corner].y > neutral[corner].y + 0.5)
        #expect(sad[inner].y < neutral[inner].y - 0.5)
        let gap = { (m: [Landmark]) in m[LandmarkName.lowerLipInner.rawValue].y - m[LandmarkName.upperLipInner.rawValue].y }
        #expect(gap(surprise) > gap(neutral) + 3)
        let eyeOpen = { (m: [Landmark]) in m[LandmarkName.leftEyeBottom.rawValue].y - m[LandmarkName.leftEyeTop.rawValue].y }
        #expect(eyeOpen(surprise) > eyeOpen(neutral) + 0.5)
        #expect(eyeOpen(smile) < eyeOpen(neutral))
    }
}
