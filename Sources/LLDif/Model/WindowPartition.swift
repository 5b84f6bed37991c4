import Tensor

/// Cutting feature maps into non-overlapping square windows of tokens and back (Swin's partition).
enum WindowPartition {
    /// `[N, d, H, W]` → `[N · H/w · W/w, w·w, d]`, windows in row-major order, tokens row-major within.
    static func split(_ x: Tensor, window w: Int) -> Tensor {
        let (n, d, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        return x.reshaped([n, d, h / w, w, wd / w, w]).permuted([0, 2, 4, 3, 5, 1])
            .reshaped([n * (h / w) * (wd / w), w * w, d])
    }

    /// The inverse of `split`: `[N · H/w · W/w, w·w, d]` → `[N, d, H, W]`.
    static func merge(_ tokens: Tensor, window w: Int, batch n: Int, height h: Int, width wd: Int) -> Tensor {
        let d = tokens.shape[2]
        return tokens.reshaped([n, h / w, wd / w, w, w, d]).permuted([0, 5, 1, 3, 2, 4]).reshaped([n, d, h, wd])
    }

    /// For every (query, key) pair of a w × w window, the row of its relative offset in a
    /// `(2w−1)²`-row bias table: `(Δy + w − 1)·(2w − 1) + (Δx + w − 1)`.
    static func relativePositionIndex(window w: Int) -> [Int] {
        var index: [Int] = []
        index.reserveCapacity(w * w * w * w)
        for i in 0..<(w * w) {
            for j in 0..<(w * w) {
                let dy = i / w - j / w + w - 1, dx = i % w - j % w + w - 1
                index.append(dy * (2 * w - 1) + dx)
            }
        }
        return index
    }
}
