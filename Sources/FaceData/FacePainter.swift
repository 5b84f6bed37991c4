import CCairo
import Foundation

/// Paints a FaceGeometry onto a FaceCanvas: background, hair, head, features, accessories,
/// occluder and directional shading, in back-to-front order.
struct FacePainter {
    let spec: FaceSpec
    let canvas: FaceCanvas
    let g: FaceGeometry
    let parts: Bool

    init(spec: FaceSpec, canvas: FaceCanvas, geometry: FaceGeometry, parts: Bool) {
        self.spec = spec
        self.canvas = canvas
        self.g = geometry
        self.parts = parts
    }

    private var cr: OpaquePointer { canvas.cr }
    private var id: Identity { spec.identity }
    private func au(_ u: ActionUnit) -> Double { spec.units[u] }
    private var skin: RGB { parts ? RGB(0.5, 0.5, 0.5) : id.skin }
    private var hair: RGB { id.attributes.hairColour.rgb }
    private var line: RGB { id.skin.shaded(0.55) }
    private func P(_ u: Double, _ v: Double, _ d: Double = 0) -> Point { canvas.project(u, v, depth: d) }

    // MARK: background

    /// Fills the whole canvas (pixel units) with the background.
    func drawBackground(size: Double) {
        if parts {
            cairo_set_source_rgb(cr, 0, 0, 0)
            cairo_paint(cr)
            return
        }
        switch spec.background {
        case .flat(let c):
            canvas.setColour(c)
            cairo_paint(cr)
        case .clutter(let seed):
            var rng = SeededRandom(seed: seed)
            let c0 = randomColour(&rng), c1 = randomColour(&rng)
            let grad = cairo_pattern_create_linear(rng.uniform(0, size), 0, rng.uniform(0, size), size)!
            cairo_pattern_add_color_stop_rgb(grad, 0, c0.r, c0.g, c0.b)
            cairo_pattern_add_color_stop_rgb(grad, 1, c1.r, c1.g, c1.b)
            cairo_set_source(cr, grad)
            cairo_paint(cr)
            cairo_pattern_destroy(grad)
            for _ in 0..<(6 + rng.int(below: 9)) {
                canvas.setColour(randomColour(&rng), alpha: rng.uniform(0.5, 1))
                let x = rng.uniform(-0.1, 1.1) * size, y = rng.uniform(-0.1, 1.1) * size
                switch rng.int(below: 3) {
                case 0:
                    cairo_save(cr)
                    cairo_translate(cr, x, y)
                    cairo_rotate(cr, rng.uniform(0, .pi))
                    cairo_rectangle(cr, 0, 0, rng.uniform(0.1, 0.6) * size, rng.uniform(0.05, 0.5) * size)
                    cairo_restore(cr)
                    cairo_fill(cr)
                case 1:
                    cairo_arc(cr, x, y, rng.uniform(0.04, 0.25) * size, 0, 2 * .pi)
                    cairo_fill(cr)
                default:
                    cairo_move_to(cr, x, y)
                    cairo_line_to(cr, rng.uniform(0, 1) * size, rng.uniform(0, 1) * size)
                    cairo_set_line_width(cr, rng.uniform(0.01, 0.06) * size)
                    cairo_stroke(cr)
                }
            }
        }
    }

    private func randomColour(_ rng: inout SeededRandom) -> RGB {
        let v = rng.uniform(0.2, 0.9), sat = rng.uniform(0, 0.5)
        return RGB(v * (1 - sat * rng.uniform()), v * (1 - sat * rng.uniform()), v * (1 - sat * rng.uniform()))
    }

    // MARK: face

    /// Draws the person in face units (the caller has set the face transform).
    func drawFace() {
        let yawSin = sin(canvas.yaw)
        if !parts && id.attributes.hairStyle == .long { drawLongHairBack() }
        if !parts { drawBody(yawSin) }
        drawEars(front: false)
        drawHead()
        drawEars(front: true)
        if !parts {
            drawCheeks()
            drawWrinkles()
            if id.attributes.beard { drawBeard() }
        }
        drawNose()
        for eye in g.eyes where eye.visible { drawEye(eye) }
        drawMouth()
        for (k, brow) in g.brows.enumerated() where g.browVisible[k] {
            canvas.stroke(brow, parts ? RGB(0, 1, 0) : id.browColour, width: id.browThickness)
        }
        if parts { return }
        drawHairFront()
        if id.attributes.glasses { drawGlasses() }
        if let occ = spec.occluder { drawOccluder(occ) }
        drawShading()
    }

    private func drawLongHairBack() {
        let sx = g.skullCentre.x, H = id.faceHeight
        canvas.fill([Point(x: sx - 1.2, y: -0.4), Point(x: sx - 1.1, y: -H - 0.05), Point(x: sx, y: -H - 0.25),
                     Point(x: sx + 1.1, y: -H - 0.05), Point(x: sx + 1.2, y: -0.4), Point(x: sx + 1.3, y: H + 0.5),
                     Point(x: sx, y: H + 0.7), Point(x: sx - 1.3, y: H + 0.5)], hair.shaded(0.85))
    }

    private func drawBody(_ yawSin: Double) {
        canvas.ellipse(Point(x: -0.15 * yawSin, y: id.faceHeight + 1.25), rx: 2.0, ry: 0.95, id.clothes)
        cairo_rectangle(cr, -0.45 - 0.2 * yawSin, 0.3, 0.9, id.faceHeight + 0.5)
        canvas.setColour(id.skin.shaded(0.82))
        cairo_fill(cr)
    }

    private func drawEars(front: Bool) {
        for s in [-1.0, 1.0] {
            let facing = cos(s * Double.pi / 2 + canvas.yaw)
            guard facing > -0.5 else { continue }
            let inFront = facing > 0.35
            guard inFront == front else { continue }
            let c = canvas.project(s * 1.0, g.eyeLevel + 0.2)
            let rx = 0.12 + 0.12 * max(0, facing)
            canvas.ellipse(c, rx: rx, ry: 0.27, skin.shaded(parts ? 1 : 0.93))
            if !parts && facing > 0.35 {
                canvas.stroke([Point(x: c.x + 0.3 * rx, y: c.y - 0.15), Point(x: c.x - 0.4 * rx, y: c.y),
                               Point(x: c.x + 0.2 * rx, y: c.y + 0.15)], id.skin.shaded(0.7), width: 0.03, alpha: 0.8)
            }
        }
    }

    private func drawHead() {
        canvas.ellipse(g.skullCentre, rx: g.skullRadii.0, ry: g.skullRadii.1, skin)
        canvas.fill(g.faceOutline, skin)
    }

    private func drawCheeks() {
        let a6 = au(.au6)
        guard a6 > 0.02 else { return }
        for eye in g.eyes where eye.visible {
            let s = eye.centreU < 0 ? -1.0 : 1.0
            canvas.ellipse(P(eye.centreU + s * 0.05, g.eyeLevel + 0.36 - 0.1 * a6), rx: 0.2, ry: 0.12,
                           id.skin.shaded(1.12), alpha: 0.55 * a6)
            let y = g.eyeLevel + eye.lowerDepth + 0.06
            canvas.stroke([P(eye.centreU - 0.7 * id.eyeSize, y), P(eye.centreU, y + 0.035),
                           P(eye.centreU + 0.7 * id.eyeSize, y)], line, width: 0.022, alpha: 0.6 * a6)
            let ox = eye.centreU + s * id.eyeSize * 1.15
            for k in [-1.0, 0, 1] {
                canvas.stroke([P(ox, g.eyeLevel + 0.02 * k), P(ox + s * 0.1, g.eyeLevel + 0.06 * k)], line,
                              width: 0.016, alpha: 0.55 * max(0, a6 - 0.3))
            }
        }
    }

    private func drawWrinkles() {
        let e = id.eyeSize
        let forehead = max(0, max(au(.au1), au(.au2)) - 0.2) * 1.3
        if forehead > 0 {
            for k in 0..<3 {
                let y = g.eyeLevel - e * 2.6 - 0.12 - Double(k) * 0.1
                canvas.stroke([P(-0.45, y + 0.03), P(0, y), P(0.45, y + 0.03)], line, width: 0.02, alpha: min(0.7, 0.6 * forehead))
            }
        }
        let furrow = max(0, au(.au4) - 0.15)
        if furrow > 0 {
            for s in [-1.0, 1.0] {
                canvas.stroke([P(s * 0.07, g.eyeLevel - e * 1.6), P(s * 0.05, g.eyeLevel - e * 0.9)], line,
                              width: 0.024, alpha: min(0.8, 0.8 * furrow))
            }
        }
        let nose = au(.au9)
        if nose > 0.05 {
            for k in 0..<3 {
                let y = g.eyeLevel + 0.06 + Double(k) * 0.06
                canvas.stroke([P(-0.12, y + 0.015), P(0, y), P(0.12, y + 0.015)], line, width: 0.018, alpha: 0.7 * nose)
            }
        }
        for s in [-1.0, 1.0] {
            let sideUni = s == spec.unilateralSide ? au(.unilateral) : 0
            let fold = max(0.9 * au(.au12), au(.au10), 0.75 * au(.au9), 0.5 * au(.au6), 0.8 * sideUni, 0.15)
            let w = g.mouthHalfWidth
            canvas.stroke([P(s * (id.noseWidth + 0.07), g.tipY - 0.03),
                           P(s * (w + 0.07), (g.tipY + g.mouthY) / 2 + 0.03),
                           P(s * (w + 0.06), g.mouthY + 0.1)], line, width: 0.026, alpha: 0.6 * fold)
            let dimple = max(au(.au14), sideUni)
            if dimple > 0.05 {
                let c = s < 0 ? g.mouthCorners[0] : g.mouthCorners[1]
                canvas.stroke([Point(x: c.x + s * 0.04, y: c.y - 0.05), Point(x: c.x + s * 0.065, y: c.y),
                               Point(x: c.x + s * 0.045, y: c.y + 0.05)], line, width: 0.022, alpha: 0.8 * dimple)
            }
        }
    }

    private func drawBeard() {
        let o = g.faceOutline
        let n = o.count
        let lower = Array(o[(n / 2 - 3)...(n / 2 + 3)])
        let w = g.mouthHalfWidth
        let top = [P(w + 0.1, g.mouthY - 0.05), P(0.1, g.tipY + 0.1), P(-0.1, g.tipY + 0.1), P(-w - 0.1, g.mouthY - 0.05)]
        canvas.fill(lower + top, hair.shaded(0.9), alpha: 0.88)
    }

    private func drawNose() {
        if parts {
            canvas.ellipse(g.noseTip, rx: 0.08, ry: 0.06, RGB(1, 1, 0))
            for n in g.nostrils { canvas.ellipse(n, rx: 0.05, ry: 0.035, RGB(1, 1, 0)) }
            return
        }
        if abs(sin(canvas.yaw)) > 0.25 { canvas.fill(g.noseProfile, id.skin) }
        canvas.stroke(g.noseBridgeSide, line, width: 0.03, alpha: 0.35)
        canvas.ellipse(g.noseTip, rx: 0.07, ry: 0.05, id.skin.shaded(1.1), alpha: 0.5)
        for wing in g.noseWings { canvas.stroke(wing, line, width: 0.028, alpha: 0.75) }
        for n in g.nostrils { canvas.ellipse(n, rx: 0.045, ry: 0.025, id.skin.shaded(0.35)) }
    }

    private func drawEye(_ eye: FaceGeometry.Eye) {
        if parts {
            canvas.fill(eye.outline, RGB(1, 0, 0))
            return
        }
        canvas.stroke(eye.crease, line, width: 0.02, alpha: 0.5 * (1 - 0.6 * au(.au5)))
        cairo_save(cr)
        canvas.smoothPath(eye.outline, closed: true)
        canvas.setColour(RGB(0.93, 0.91, 0.88))
        cairo_fill_preserve(cr)
        cairo_clip(cr)
        canvas.ellipse(eye.irisCentre, rx: eye.irisRadiusX, ry: eye.irisRadiusY, id.iris)
        canvas.ellipse(eye.irisCentre, rx: eye.irisRadiusX * 0.45, ry: eye.irisRadiusY * 0.45, RGB(0.03, 0.03, 0.03))
        canvas.ellipse(Point(x: eye.irisCentre.x + 0.02, y: eye.irisCentre.y - 0.03), rx: 0.015, ry: 0.015,
                       RGB(1, 1, 1), alpha: 0.8)
        cairo_restore(cr)
        canvas.stroke(eye.upperLid, RGB(0.1, 0.07, 0.06), width: 0.035)
        canvas.stroke(eye.lowerLid, line, width: 0.018 + 0.015 * au(.au7), alpha: 0.5 + 0.5 * au(.au7))
    }

    private func drawMouth() {
        let lipColour = parts ? RGB(0, 0, 1) : id.lips
        if g.mouthGap > 0.012 {
            canvas.fill(g.mouthInterior, parts ? RGB(0, 0, 1) : RGB(0.22, 0.05, 0.07))
            if !parts {
                cairo_save(cr)
                canvas.smoothPath(g.mouthInterior, closed: true)
                cairo_clip(cr)
                let band = g.upperInner.map { Point(x: $0.x, y: $0.y + min(g.mouthGap * 0.6, 0.09)) }
                canvas.fill(g.upperInner + band.reversed(), RGB(0.94, 0.92, 0.86))
                cairo_restore(cr)
            }
        }
        canvas.fill(g.upperLip, lipColour)
        canvas.fill(g.lowerLip, parts ? lipColour : lipColour.shaded(1.06))
        if !parts { canvas.stroke(g.upperInner, id.lips.shaded(0.45), width: 0.02 + 0.015 * au(.au23)) }
    }

    private func drawHairFront() {
        let style = id.attributes.hairStyle
        guard style != .bald else { return }
        let H = id.faceHeight, sx = g.skullCentre.x, e = id.eyeSize
        let hairline: Double = style == .fringe ? g.eyeLevel - e * 1.55 - 0.3 : -0.62 * H
        var pts = [Point(x: sx - 1.06, y: g.eyeLevel - 0.05), Point(x: sx - 0.95, y: -0.72 * H),
                   Point(x: sx - 0.55, y: -H - 0.08), Point(x: sx, y: -H - 0.12),
                   Point(x: sx + 0.55, y: -H - 0.08), Point(x: sx + 0.95, y: -0.72 * H),
                   Point(x: sx + 1.06, y: g.eyeLevel - 0.05)]
        pts += [P(0.92, hairline + 0.2), P(0.5, hairline + 0.02), P(0, hairline), P(-0.5, hairline + 0.02), P(-0.92, hairline + 0.2)]
        canvas.fill(pts, hair)
        if style == .curly {
            for k in 0..<9 {
                let t = Double.pi * (1.05 + 0.9 * Double(k) / 8)
                canvas.ellipse(Point(x: sx + 1.02 * cos(t), y: -0.3 + H * 0.82 * sin(t)), rx: 0.2, ry: 0.2, hair)
            }
        }
        canvas.stroke([P(-0.6, hairline + 0.1), P(0, hairline + 0.02), P(0.6, hairline + 0.1)], hair.shaded(0.7),
                      width: 0.03, alpha: 0.4)
    }

    private func drawGlasses() {
        let frame = RGB(0.08, 0.08, 0.1)
        var rims: [(inner: Point, outer: Point)] = []
        for eye in g.eyes where eye.visible {
            let c = eye.centreU, e = id.eyeSize, y = g.eyeLevel
            let s = c < 0 ? -1.0 : 1.0
            let rim = [P(c - 1.45 * e, y - 0.85 * e), P(c, y - 1.05 * e), P(c + 1.45 * e, y - 0.85 * e),
                       P(c + 1.4 * e, y + 0.8 * e), P(c, y + 1.05 * e), P(c - 1.4 * e, y + 0.8 * e)]
            canvas.smoothPath(rim, closed: true)
            canvas.setColour(RGB(0.9, 0.95, 1), alpha: 0.1)
            cairo_fill_preserve(cr)
            canvas.setColour(frame)
            cairo_set_line_width(cr, 0.035)
            cairo_stroke(cr)
            rims.append((P(c - s * 1.45 * e, y - 0.3 * e), P(c + s * 1.45 * e, y - 0.5 * e)))
            canvas.stroke([P(c + s * 1.45 * e, y - 0.5 * e), P(s * 1.0, y - 0.3 * e)], frame, width: 0.03)
        }
        if rims.count == 2 {
            canvas.stroke([rims[0].inner, P(0, g.eyeLevel - 0.45 * id.eyeSize, 0.1), rims[1].inner], frame, width: 0.03)
        }
    }

    private func drawOccluder(_ occ: Occluder) {
        switch occ {
        case let .hand(x, y, angle):
            cairo_save(cr)
            cairo_translate(cr, x, y)
            cairo_rotate(cr, angle)
            let handSkin = id.skin.shaded(0.96)
            canvas.ellipse(Point(x: 0, y: 0.25), rx: 0.42, ry: 0.38, handSkin)
            for k in 0..<4 {
                let fx = -0.3 + 0.2 * Double(k)
                canvas.stroke([Point(x: fx, y: 0.2), Point(x: fx * 1.1, y: -0.35 - 0.05 * Double(k % 2))], handSkin, width: 0.17)
                canvas.stroke([Point(x: fx + 0.09, y: 0.05), Point(x: fx + 0.09, y: -0.3)], id.skin.shaded(0.7), width: 0.012, alpha: 0.6)
            }
            cairo_restore(cr)
        case let .hairPatch(side):
            let c = Point(x: side * 0.45, y: g.eyeLevel - 0.3)
            canvas.fill([Point(x: c.x - 0.5, y: c.y - 0.5), Point(x: c.x + 0.2, y: c.y - 0.6), Point(x: c.x + 0.45, y: c.y - 0.1),
                         Point(x: c.x + 0.25 * side, y: c.y + 0.45), Point(x: c.x - 0.3, y: c.y + 0.2)], hair)
        }
    }

    /// Darkens the head towards the side away from the key light.
    private func drawShading() {
        guard spec.shading > 0.001 else { return }
        let dx = cos(spec.lightAngle), dy = sin(spec.lightAngle)
        cairo_save(cr)
        cairo_new_path(cr)
        canvas.smoothPath(g.faceOutline, closed: true)
        cairo_new_sub_path(cr)
        cairo_save(cr)
        cairo_translate(cr, g.skullCentre.x, g.skullCentre.y)
        cairo_scale(cr, g.skullRadii.0, g.skullRadii.1)
        cairo_arc(cr, 0, 0, 1, 0, 2 * .pi)
        cairo_restore(cr)
        cairo_clip(cr)
        let grad = cairo_pattern_create_linear(1.3 * dx, 1.3 * dy, -1.3 * dx, -1.3 * dy)!
        cairo_pattern_add_color_stop_rgba(grad, 0, 0, 0, 0, 0)
        cairo_pattern_add_color_stop_rgba(grad, 1, 0, 0, 0, spec.shading)
        cairo_set_source(cr, grad)
        cairo_paint(cr)
        cairo_pattern_destroy(grad)
        cairo_restore(cr)
    }
}
