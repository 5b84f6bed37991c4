import Foundation

/// A landmark in face units before the pixel transform.
struct FacePoint {
    var point: Point
    var visible: Bool
}

/// The shape of one face: where every feature lies once identity, Action Units and yaw are applied.
/// All points are projected face units (see FaceCanvas.project); the painter draws from them and
/// the landmarks are read from them, so the two can never disagree.
struct FaceGeometry {
    /// One eye: almond outline, iris centre and radius, and whether it faces the camera.
    struct Eye {
        var outline: [Point]
        var upperLid: [Point]
        var lowerLid: [Point]
        var crease: [Point]
        var irisCentre: Point
        var irisRadiusX: Double
        var irisRadiusY: Double
        var visible: Bool
        var centreU: Double
        var lowerDepth: Double
    }

    let faceOutline: [Point]
    let skullCentre: Point
    let skullRadii: (Double, Double)
    let eyes: [Eye]
    let brows: [[Point]]
    let browVisible: [Bool]
    let noseTip: Point
    let nostrils: [Point]
    let noseWings: [[Point]]
    let noseBridgeSide: [Point]
    /// The nose's side silhouette (a sliver when frontal, the profile's nose when turned).
    let noseProfile: [Point]
    let upperLip: [Point]
    let lowerLip: [Point]
    let mouthInterior: [Point]
    let upperInner: [Point]
    let mouthGap: Double
    let mouthCorners: [Point]
    let landmarks: [FacePoint]
    let eyeLevel: Double
    let tipY: Double
    let mouthY: Double
    let mouthHalfWidth: Double
    let chinY: Double

    init(spec: FaceSpec, canvas: FaceCanvas) {
        let id = spec.identity, a = spec.units
        let au = { (u: ActionUnit) in a[u] }
        let P = { (u: Double, v: Double, d: Double) in canvas.project(u, v, depth: d) }
        let H = id.faceHeight
        let eyeY = id.eyeLevel
        let tip = eyeY + id.noseLength * (1 - 0.08 * au(.au9))
        let mouth = tip + (H - tip) * 0.32
        let drop = au(.au26)
        eyeLevel = eyeY
        tipY = tip
        mouthY = mouth
        chinY = H + 0.25 * drop

        // Face outline: right half from the crown to the chin, mirrored for the left.
        let jawCorner = (0.35 + 0.55 * id.jawWidth, mouth + 0.05 + 0.12 * drop)
        let right: [(Double, Double)] = [
            (0.55, -0.94 * H), (0.88, -0.68 * H), (1.0, -0.3 * H), (1.0, eyeY + 0.12), (0.96, tip),
            jawCorner, (0.30 + 0.1 * id.jawWidth, H - 0.12 + 0.22 * drop),
        ]
        var outline = [P(0, -H, 0)]
        // The jaw angle sits further back than the cylinder puts it: negative depth moves it
        // towards the ear when the head turns (no effect on a frontal face).
        let depths: [Double] = [0, 0, 0, 0, 0, -0.35, -0.08]
        outline += zip(right, depths).map { P($0.0.0, $0.0.1, $0.1) }
        outline.append(P(0, chinY, 0.05))
        outline += zip(right, depths).reversed().map { P(-$0.0.0, $0.0.1, $0.1) }
        faceOutline = outline
        skullCentre = Point(x: 0, y: -0.28)
        skullRadii = (1.02, H * 0.78)

        // Eyes: the lids open with AU5 and close from above with AU7 and from below with AU6.
        let e = id.eyeSize
        var eyes: [Eye] = []
        var eyeMarks: [[FacePoint]] = []
        for s in [-1.0, 1.0] {
            let c = s * id.eyeSpacing
            let upper = e * 0.62 * max(0.15, 1 + 0.95 * au(.au5) - 0.5 * au(.au7) - 0.3 * au(.au6))
            let lower = e * 0.42 * max(0.12, 1 - 0.8 * au(.au6) - 0.45 * au(.au7) + 0.3 * au(.au5))
            let outer = P(c + s * e, eyeY + 0.01, 0), inner = P(c - s * e, eyeY + 0.02, 0)
            let top = P(c, eyeY - upper, 0), bottom = P(c, eyeY + lower, 0)
            let upperLid = [outer, P(c + s * 0.55 * e, eyeY - upper * 0.85, 0), top,
                            P(c - s * 0.55 * e, eyeY - upper * 0.8, 0), inner]
            let lowerLid = [inner, P(c - s * 0.55 * e, eyeY + lower * 0.8, 0), bottom,
                            P(c + s * 0.55 * e, eyeY + lower * 0.8, 0), outer]
            let creaseLift = upper + 0.05 + 0.03 * (1 - au(.au5))
            let crease = [P(c - s * 0.7 * e, eyeY - creaseLift * 0.8, 0), P(c, eyeY - creaseLift, 0),
                          P(c + s * 0.85 * e, eyeY - creaseLift * 0.75, 0)]
            let facing = canvas.facing(c)
            let irisR = e * 0.52
            let iris = P(c, eyeY + 0.005, 0)
            eyes.append(Eye(outline: upperLid + Array(lowerLid.dropFirst().dropLast()), upperLid: upperLid,
                            lowerLid: lowerLid, crease: crease, irisCentre: iris,
                            irisRadiusX: irisR * max(0.2, facing), irisRadiusY: irisR, visible: facing > 0.12,
                            centreU: c, lowerDepth: lower))
            let v = facing > 0.12
            let pupil = FacePoint(point: iris, visible: v)
            eyeMarks.append(s < 0
                ? [FacePoint(point: outer, visible: v), FacePoint(point: top, visible: v),
                   FacePoint(point: inner, visible: v), FacePoint(point: bottom, visible: v), pupil]
                : [FacePoint(point: inner, visible: v), FacePoint(point: top, visible: v),
                   FacePoint(point: outer, visible: v), FacePoint(point: bottom, visible: v), pupil])
        }
        self.eyes = eyes

        // Brows: AU1 lifts the inner end, AU2 the outer, AU4 pulls them down and together.
        var brows: [[Point]] = []
        var browVisible: [Bool] = []
        var browMarks: [[FacePoint]] = []
        for s in [-1.0, 1.0] {
            let base = eyeY - e * 1.55
            let inner = (s * (id.eyeSpacing - e * 0.95 - 0.08 * au(.au4)), base + 0.08 - 0.24 * au(.au1) + 0.17 * au(.au4))
            let mid = (s * (id.eyeSpacing + e * 0.1), base - 0.05 - 0.12 * au(.au1) - 0.15 * au(.au2) + 0.11 * au(.au4))
            let outer = (s * (id.eyeSpacing + e * 1.3), base + 0.05 - 0.21 * au(.au2) + 0.03 * au(.au4) + 0.05 * au(.au1))
            let pts = [inner, ((inner.0 + mid.0) / 2, (inner.1 + mid.1) / 2 - 0.01), mid, outer].map { P($0.0, $0.1, 0.02) }
            let v = canvas.facing(s * id.eyeSpacing) > 0.12
            brows.append(pts)
            browVisible.append(v)
            let marks = [FacePoint(point: pts[3], visible: v), FacePoint(point: pts[2], visible: v),
                         FacePoint(point: pts[0], visible: v)]
            browMarks.append(s < 0 ? marks : marks.reversed())
        }
        self.brows = brows
        self.browVisible = browVisible

        // Nose: AU9 wrinkles it and pulls the nostrils up, AU10 lifts them a little.
        let noseDepth = 0.3
        noseTip = P(0, tip, noseDepth)
        let nostrilY = tip + 0.05 - 0.05 * au(.au9) - 0.025 * au(.au10)
        nostrils = [-1.0, 1.0].map { P($0 * id.noseWidth * 0.55, nostrilY, noseDepth * 0.5) }
        noseWings = [-1.0, 1.0].map { s in
            [P(s * id.noseWidth * 0.6, tip - 0.1, 0.1), P(s * (id.noseWidth + 0.02), nostrilY - 0.02, 0.08),
             P(s * id.noseWidth * 0.7, nostrilY + 0.045, 0.1)]
        }
        let bridgeSide = sin(canvas.yaw) >= 0 ? -1.0 : 1.0
        noseBridgeSide = [P(bridgeSide * 0.1, eyeY + 0.02, 0.1), P(bridgeSide * 0.09, tip - 0.15, 0.22)]
        noseProfile = [P(0, eyeY + 0.02, 0.02), P(0, tip - 0.04, noseDepth), P(0, tip + 0.03, noseDepth * 0.9),
                       P(0, nostrilY + 0.06, 0.03), P(-0.05 * sin(canvas.yaw), nostrilY, 0), P(-0.05 * sin(canvas.yaw), eyeY + 0.1, 0)]

        // Mouth: AU12 lifts and widens the corners, AU15 pulls them down, AU20 stretches, AU23
        // presses and narrows, AU10 raises the upper lip, AU26 drops the jaw.
        let w = id.mouthWidth * (1 + 0.22 * au(.au12) + 0.3 * au(.au20) - 0.3 * au(.au23) - 0.05 * au(.au15))
        mouthHalfWidth = w
        let gap = 0.42 * drop + 0.06 * au(.au10)
        mouthGap = gap
        let lipT = id.lipThickness * (1 - 0.65 * au(.au23))
        let uni = au(.unilateral)
        func lift(_ s: Double) -> Double {
            0.15 * au(.au12) - 0.14 * au(.au15) - 0.02 * au(.au20) + (s == spec.unilateralSide ? 0.13 * uni : -0.01 * uni)
        }
        let ui = mouth - 0.06 * au(.au10) - 0.1 * gap
        let li = mouth + 0.9 * gap + 0.04 * au(.au12) * min(1, gap * 10)
        let fs: [Double] = [-1, -0.6, -0.25, 0, 0.25, 0.6, 1]
        func cornerX(_ s: Double) -> Double { s * w * (1 + (s == spec.unilateralSide ? 0.08 * uni : 0)) }
        func innerUpper(_ f: Double) -> Double { ui + (mouth - lift(f < 0 ? -1 : 1) - ui) * f * f }
        func innerLower(_ f: Double) -> Double { li + (mouth - lift(f < 0 ? -1 : 1) - li) * f * f }
        func x(_ f: Double) -> Double { f == 0 ? 0 : cornerX(f < 0 ? -1 : 1) * abs(f) }
        let md = 0.12
        let upperIn = fs.map { P(x($0), innerUpper($0), md) }
        let upperOut = fs.reversed().map { f -> Point in
            let dip = abs(f) < 0.1 ? 0.25 * lipT : 0
            return P(x(f), innerUpper(f) - lipT * (1.05 - 0.9 * f * f) - 0.05 * au(.au10) * (1 - f * f) + dip, md)
        }
        let lowerIn = fs.reversed().map { P(x($0), innerLower($0), md) }
        let lowerOut = fs.map { P(x($0), innerLower($0) + lipT * 1.35 * (1 - 0.85 * $0 * $0), md) }
        upperLip = upperIn + Array(upperOut.dropFirst().dropLast())
        lowerLip = lowerOut + Array(lowerIn.dropFirst().dropLast())
        mouthInterior = upperIn + Array(lowerIn.dropFirst().dropLast())
        upperInner = upperIn
        mouthCorners = [upperIn[0], upperIn[6]]

        let nose = [FacePoint(point: noseTip, visible: true),
                    FacePoint(point: nostrils[0], visible: canvas.facing(-id.noseWidth) > 0),
                    FacePoint(point: nostrils[1], visible: canvas.facing(id.noseWidth) > 0),
                    FacePoint(point: P(0, eyeY + 0.02, 0.1), visible: true)]
        let mouthMarks = [FacePoint(point: upperIn[0], visible: canvas.facing(-w) > 0),
                          FacePoint(point: upperOut[3], visible: true),
                          FacePoint(point: upperIn[6], visible: canvas.facing(w) > 0),
                          FacePoint(point: lowerOut[3], visible: true),
                          FacePoint(point: upperIn[3], visible: true),
                          FacePoint(point: lowerIn[3], visible: true)]
        let n = right.count + 1
        let jaw = [outline[n + 2], outline[n + 1], outline[n], outline[n - 1], outline[n - 2]]
        let jawU = [-jawCorner.0, -0.3, 0, 0.3, jawCorner.0]
        let jawMarks = zip(jaw, jawU).map { FacePoint(point: $0.0, visible: canvas.facing($0.1) > 0) }
        landmarks = browMarks[0] + browMarks[1] + eyeMarks[0] + eyeMarks[1] + nose + mouthMarks + jawMarks
    }
}
