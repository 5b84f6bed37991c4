import Tensor

/// Per-image standardisation of LLDif's input: each channel of each image is shifted to mean 0 and
/// scaled to standard deviation 1 (`(x − μ) / (σ + 1e-6)` over its pixels).
///
/// Why: a low-light face is the normal-light face times an exposure that varies some tenfold
/// between images (0.01–0.1 in the sensor recipe), plus noise, around an almost black mean. LLDif's
/// DTNet and LandmarkNet have no batch normalisation, so without this their first convolution sees
/// mostly the dark offset and the exposure. Standardising undoes the exposure gain exactly and
/// leaves the signal-to-noise ratio as it is. Measured (bench/lldif/FINDINGS.md): on its own it did
/// not make the LLformer or E_I leave the class prior; it is part of the setting that does. It needs
/// no gradient: the images are inputs.
public enum ImageStandardisation {
    /// The standardised copy of images `x [N, C, H, W]`.
    public static func apply(_ x: Tensor) -> Tensor {
        precondition(x.rank == 4, "ImageStandardisation: images must be [N, C, H, W], got \(x.shape)")
        let planes = x.shape[0] * x.shape[1], size = x.shape[2] * x.shape[3]
        let values = x.scalars
        var out = [Float](repeating: 0, count: values.count)
        for p in 0..<planes {
            let range = (p * size)..<((p + 1) * size)
            var sum = 0.0, sumOfSquares = 0.0
            for i in range { sum += Double(values[i]); sumOfSquares += Double(values[i]) * Double(values[i]) }
            let mean = sum / Double(size)
            let std = max(0, sumOfSquares / Double(size) - mean * mean).squareRoot()
            let scale = Float(1 / (std + 1e-6))
            for i in range { out[i] = (values[i] - Float(mean)) * scale }
        }
        return Tensor(shape: x.shape, values: out)
    }
}
