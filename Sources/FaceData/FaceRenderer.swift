import CCairo
import Foundation

/// How the renderer colours a face.
public enum RenderStyle: Sendable {
    /// The photograph-like face.
    case photo
    /// A part map with flat colours and no nuisances: eyes red (1,0,0), brows green (0,1,0), lips and
    /// mouth blue (0,0,1), nose tip and nostrils yellow (1,1,0), skin grey 0.5, everything else black.
    /// Used to check that landmarks land on the drawn parts.
    case parts
}

/// Draws a FaceSpec with Cairo (anti-aliased vector shapes at `oversample` × the output size,
/// then area-downsampled) and returns the image and its 30 landmarks.
public enum FaceRenderer {
    /// Renders a face; the result depends only on the spec.
    public static func render(_ spec: FaceSpec, style: RenderStyle = .photo) -> (image: FaceImage, landmarks: [Landmark]) {
        let n = spec.size * spec.oversample
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(n), Int32(n))!
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr); cairo_surface_destroy(surface) }
        // Supersampling already smooths edges, so Cairo's faster anti-aliasing and a coarser curve
        // tolerance (in canvas pixels) are enough; together they halve the rendering time.
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_FAST)
        cairo_set_tolerance(cr, 0.3)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)

        let pose = spec.pose
        let unit = Double(n) * 0.31 * pose.scale
        let canvas = FaceCanvas(cr: cr, yawDegrees: pose.yaw, cx: Double(n) * (0.5 + pose.dx),
                                cy: Double(n) * (0.48 + pose.dy), scale: unit, rollDegrees: pose.roll)
        let geometry = FaceGeometry(spec: spec, canvas: canvas)
        let painter = FacePainter(spec: spec, canvas: canvas, geometry: geometry, parts: style == .parts)

        painter.drawBackground(size: Double(n))
        cairo_save(cr)
        cairo_translate(cr, canvas.cx, canvas.cy)
        cairo_rotate(cr, pose.roll * .pi / 180)
        cairo_scale(cr, unit, unit)
        painter.drawFace()
        cairo_restore(cr)

        cairo_surface_flush(surface)
        var image = downsample(surface, size: spec.size, factor: spec.oversample)
        if style == .photo {
            if spec.blur > 0 { image = blurred(image, weight: Float(spec.blur)) }
            if spec.exposure != 1 {
                let e = Float(spec.exposure)
                for i in image.pixels.indices { image.pixels[i] = min(1, image.pixels[i] * e) }
            }
            if spec.channels == 1 { image = image.grey() }
        }
        let k = 1 / Double(spec.oversample)
        let landmarks = geometry.landmarks.map { lm -> Landmark in
            let (px, py) = canvas.toPixels(lm.point)
            return Landmark(x: Float(px * k), y: Float(py * k), visible: lm.visible)
        }
        return (image, landmarks)
    }

    /// Area-downsamples an RGB24 surface by an integer factor into a planar RGB FaceImage.
    static func downsample(_ surface: OpaquePointer, size: Int, factor: Int) -> FaceImage {
        let stride = Int(cairo_image_surface_get_stride(surface)) / 4
        let data = cairo_image_surface_get_data(surface)!
        var image = FaceImage(width: size, height: size, channels: 3)
        let plane = size * size
        let norm = 1 / Float(255 * factor * factor)
        data.withMemoryRebound(to: UInt32.self, capacity: stride * size * factor) { words in
            for oy in 0..<size {
                for ox in 0..<size {
                    var r: UInt32 = 0, g: UInt32 = 0, b: UInt32 = 0
                    for sy in 0..<factor {
                        let row = (oy * factor + sy) * stride + ox * factor
                        for sx in 0..<factor {
                            let v = words[row + sx]
                            r += (v >> 16) & 0xFF
                            g += (v >> 8) & 0xFF
                            b += v & 0xFF
                        }
                    }
                    let p = oy * size + ox
                    image.pixels[p] = Float(r) * norm
                    image.pixels[plane + p] = Float(g) * norm
                    image.pixels[2 * plane + p] = Float(b) * norm
                }
            }
        }
        return image
    }

    /// A separable 3-tap blur [w, 1 − 2w, w] with clamped edges.
    static func blurred(_ image: FaceImage, weight w: Float) -> FaceImage {
        var out = image
        let W = image.width, H = image.height
        var tmp = image.pixels
        for c in 0..<image.channels {
            let base = c * W * H
            for y in 0..<H {
                for x in 0..<W {
                    let l = image.pixels[base + y * W + max(0, x - 1)], r = image.pixels[base + y * W + min(W - 1, x + 1)]
                    tmp[base + y * W + x] = w * (l + r) + (1 - 2 * w) * image.pixels[base + y * W + x]
                }
            }
            for y in 0..<H {
                for x in 0..<W {
                    let u = tmp[base + max(0, y - 1) * W + x], d = tmp[base + min(H - 1, y + 1) * W + x]
                    out.pixels[base + y * W + x] = w * (u + d) + (1 - 2 * w) * tmp[base + y * W + x]
                }
            }
        }
        return out
    }
}
