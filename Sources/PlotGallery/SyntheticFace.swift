import Foundation
import Plot

/// A cartoon grey face whose mouth and brows change with the emotion, drawn pixel by pixel so that
/// the image grid has something recognisable to show without any dataset.
enum SyntheticFace {
    /// A `size`×`size` grey image in 0…1 (planar, one channel) for emotion index `emotion`.
    static func make(emotion: Int, size: Int) throws -> [Float] {
        let n = Double(size)
        let smile = [-0.6, -0.3, -0.2, 0.8, -0.7, 0.0, 0.05][emotion]
        let mouthOpen = [0.25, 0.05, 0.35, 0.2, 0.0, 0.6, 0.0][emotion]
        let brow = [-0.5, -0.3, 0.4, 0.1, 0.3, 0.6, 0.0][emotion]
        var pixels = [Float](repeating: 0, count: size * size)
        for j in 0..<size {
            for i in 0..<size {
                let x = (Double(i) + 0.5) / n * 2 - 1, y = (Double(j) + 0.5) / n * 2 - 1
                var v = 0.25 + 0.1 * y                               // background
                if x * x / 0.55 + y * y / 0.8 < 1 { v = 0.78 - 0.12 * (x * x + y * y) }  // head
                for ex in [-0.3, 0.3] where (x - ex) * (x - ex) + (y + 0.18) * (y + 0.18) < 0.01 { v = 0.12 }  // eyes
                for ex in [-0.3, 0.3] {                              // brows, slanted by emotion
                    let by = -0.38 - 0.08 * brow + (x - ex) * (ex > 0 ? 0.5 : -0.5) * brow * 0.6
                    if abs(x - ex) < 0.16 && abs(y - by) < 0.03 { v = 0.2 }
                }
                let my = 0.38 + smile * 0.25 * (1 - x * x / 0.1)     // mouth curve
                if abs(x) < 0.3 && y > my - 0.03 - mouthOpen * 0.08 && y < my + 0.03 + mouthOpen * 0.08 { v = 0.15 }
                pixels[j * size + i] = Float(v)
            }
        }
        return pixels
    }
}
