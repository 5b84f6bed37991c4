import Foundation

/// The two low-light recipes (the paper does not publish its own).
public enum LowLightRecipe: String, CaseIterable, Sendable {
    /// Physically motivated: linear light, exposure gain, white-balance error, Poisson-Gaussian
    /// sensor noise, back to sRGB, 8-bit quantisation. The default.
    case sensor
    /// `I_LL = β·(α·I)^γ` plus Gaussian noise, the form common in low-light recognition work.
    case gamma

    /// The recipe with the given name.
    public static func named(_ name: String) throws -> LowLightRecipe {
        guard let r = LowLightRecipe(rawValue: name) else {
            throw DataError.unknownName(kind: "low-light recipe", name: name, known: allCases.map(\.rawValue))
        }
        return r
    }
}

/// Parameters of the `sensor` recipe. Ranges are sampled per image.
public struct SensorRecipeConfig: Sendable, Equatable {
    /// Exposure gain k on linear light, log-uniform.
    public var exposure: ClosedRange<Double> = 0.01...0.1
    /// Standard deviation of the log per-channel white-balance gain.
    public var whiteBalanceStd: Double = 0.08
    /// Shot-noise factor a (variance a·x in linear light), log-uniform.
    public var shotNoise: ClosedRange<Double> = 1e-4...2e-3
    /// Read-noise variance b (in linear light), log-uniform.
    public var readNoise: ClosedRange<Double> = 1e-7...4e-6
    /// Means above this photon count use a normal approximation of the Poisson draw.
    public var poissonNormalAbove: Double = 12
    /// The defaults of data.md.
    public init() {}
}

/// Parameters of the `gamma` recipe. Ranges are sampled per image.
public struct GammaRecipeConfig: Sendable, Equatable {
    /// α, uniform.
    public var alpha: ClosedRange<Double> = 0.9...1.0
    /// β, uniform.
    public var beta: ClosedRange<Double> = 0.5...1.0
    /// γ, uniform.
    public var gamma: ClosedRange<Double> = 1.5...5.0
    /// Standard deviation of the additive Gaussian noise, log-uniform.
    public var noiseStd: ClosedRange<Double> = 0.003...0.02
    /// The defaults of data.md.
    public init() {}
}

/// A low-light synthesis: the recipe and every parameter of both recipes.
public struct LowLightConfig: Sendable, Equatable {
    /// Which recipe runs.
    public var recipe: LowLightRecipe
    /// Parameters of `sensor`.
    public var sensor: SensorRecipeConfig
    /// Parameters of `gamma`.
    public var gamma: GammaRecipeConfig

    /// A configuration with the default parameters.
    public init(recipe: LowLightRecipe = .sensor, sensor: SensorRecipeConfig = SensorRecipeConfig(),
                gamma: GammaRecipeConfig = GammaRecipeConfig()) {
        self.recipe = recipe
        self.sensor = sensor
        self.gamma = gamma
    }
}

/// Low-light synthesis. Each image's degradation is drawn from a stream keyed by a seed and the
/// sample's keys, so the same image always gets the same degradation.
public struct LowLight: Sendable {
    /// The recipe and parameters.
    public let config: LowLightConfig

    /// A synthesiser with the given configuration.
    public init(config: LowLightConfig = LowLightConfig()) { self.config = config }

    /// The low-light version of `image`; `keys` name the sample (e.g. source, split, index).
    public func degrade(_ image: FaceImage, seed: UInt64, keys: [UInt64]) -> FaceImage {
        var rng = SeededRandom(seed: seed, keys: [SeededRandom.key("low-light"), SeededRandom.key(config.recipe.rawValue)] + keys)
        switch config.recipe {
        case .sensor: return sensor(image, &rng)
        case .gamma: return gamma(image, &rng)
        }
    }

    /// The low-light version of `image`, keyed by its own 8-bit content (same pixels, same result).
    public func degrade(_ image: FaceImage, seed: UInt64) -> FaceImage {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in image.interleavedBytes() { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return degrade(image, seed: seed, keys: [UInt64(image.width), UInt64(image.channels), h])
    }

    private func sensor(_ image: FaceImage, _ rng: inout SeededRandom) -> FaceImage {
        let c = config.sensor
        let k = rng.logUniform(in: c.exposure)
        let gains = (0..<image.channels).map { _ in image.channels == 1 ? 1 : exp(c.whiteBalanceStd * rng.normal()) }
        let a = rng.logUniform(in: c.shotNoise), b = rng.logUniform(in: c.readNoise)
        let readStd = b.squareRoot()
        var out = image
        let plane = image.width * image.height
        for ch in 0..<image.channels {
            let gain = k * gains[ch]
            for p in 0..<plane {
                let i = ch * plane + p
                let signal = LowLight.linearTable.linear(image.pixels[i]) * gain
                let photons = signal / a
                let (z1, z2) = rng.normalPair()
                let value: Double
                if photons > c.poissonNormalAbove {
                    // Poisson ≈ normal here, so shot and read noise merge into variance a·x + b.
                    value = signal + (a * signal + b).squareRoot() * z1
                } else {
                    value = a * rng.poisson(photons) + readStd * z2
                }
                out.pixels[i] = Float(LowLight.linearTable.sRGBByte(value)) / 255
            }
        }
        return out
    }

    private func gamma(_ image: FaceImage, _ rng: inout SeededRandom) -> FaceImage {
        let c = config.gamma
        let alpha = rng.uniform(in: c.alpha), beta = rng.uniform(in: c.beta), g = rng.uniform(in: c.gamma)
        let std = rng.logUniform(in: c.noiseStd)
        var out = image
        for i in image.pixels.indices {
            let v = beta * pow(alpha * Double(image.pixels[i]), g) + std * rng.normal()
            out.pixels[i] = Float(FaceImage.byte(Float(max(0, min(1, v))))) / 255
        }
        return out
    }

    /// Tables that make the per-pixel transfer functions cheap (two `pow` calls per pixel otherwise).
    static let linearTable = TransferTable()

    /// sRGB-encoded value → linear light.
    public static func linear(_ v: Double) -> Double {
        v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
    }

    /// Linear light → sRGB-encoded value.
    public static func sRGB(_ v: Double) -> Double {
        v <= 0.003_130_8 ? v * 12.92 : 1.055 * pow(v, 1 / 2.4) - 0.055
    }
}

/// Fast, exact-enough transfer functions: sRGB → linear by a 4,097-entry table with linear
/// interpolation (error below 1e-5), and linear → 8-bit sRGB by binary search over the 255 linear
/// thresholds between code values, which gives exactly `round(255 · sRGB(v))`.
struct TransferTable: Sendable {
    private let toLinear: [Double]
    private let thresholds: [Double]

    init() {
        toLinear = (0...4096).map { LowLight.linear(Double($0) / 4096) }
        thresholds = (0..<255).map { LowLight.linear((Double($0) + 0.5) / 255) }
    }

    /// Linear light of an sRGB value in 0...1 (clamped).
    func linear(_ v: Float) -> Double {
        let x = Double(max(0, min(1, v))) * 4096
        let i = min(4095, Int(x))
        let t = x - Double(i)
        return toLinear[i] + (toLinear[i + 1] - toLinear[i]) * t
    }

    /// The 8-bit sRGB code of a linear value (clamped to 0...1).
    func sRGBByte(_ v: Double) -> UInt8 {
        var lo = 0, hi = 255
        while lo < hi {
            let mid = (lo + hi) / 2
            if v >= thresholds[mid] { lo = mid + 1 } else { hi = mid }
        }
        return UInt8(lo)
    }
}
