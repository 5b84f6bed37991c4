import Foundation

/// Contact sheets: grids of faces for looking at a dataset (rows of classes, columns of samples).
public enum ContactSheet {
    /// A grid image with `rows[r][c]` at row r, column c, separated by `gap` pixels of `background`.
    /// All images are converted to RGB and resized to the first image's size.
    public static func grid(_ rows: [[FaceImage]], gap: Int = 2, background: Float = 1) -> FaceImage {
        guard let first = rows.first(where: { !$0.isEmpty })?.first else { return FaceImage(width: 1, height: 1, channels: 3) }
        let w = first.width, h = first.height
        let cols = rows.map(\.count).max() ?? 0
        let W = cols * w + (cols + 1) * gap, H = rows.count * h + (rows.count + 1) * gap
        var sheet = FaceImage(width: W, height: H, channels: 3, value: background)
        for (r, row) in rows.enumerated() {
            for (c, image) in row.enumerated() {
                let tile = image.rgb().resized(width: w, height: h)
                let ox = gap + c * (w + gap), oy = gap + r * (h + gap)
                for ch in 0..<3 { for y in 0..<h { for x in 0..<w { sheet[ch, oy + y, ox + x] = tile[ch, y, x] } } }
            }
        }
        return sheet
    }

    /// The image brightened for viewing: scaled so its mean reaches `target`, then clipped.
    public static func brightened(_ image: FaceImage, target: Double = 0.45) -> FaceImage {
        let m = max(1e-4, image.meanIntensity)
        let k = Float(target / m)
        var out = image
        for i in out.pixels.indices { out.pixels[i] = min(1, out.pixels[i] * k) }
        return out
    }
}
