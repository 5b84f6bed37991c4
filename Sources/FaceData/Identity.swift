import Foundation

/// A colour in linear 0...1 sRGB components.
public struct RGB: Sendable, Equatable {
    /// Red, green, blue in 0...1 (sRGB-encoded).
    public var r, g, b: Double
    /// A colour from its components.
    public init(_ r: Double, _ g: Double, _ b: Double) { self.r = r; self.g = g; self.b = b }
    /// The colour scaled towards black (f < 1) or towards white (f > 1).
    public func shaded(_ f: Double) -> RGB {
        if f <= 1 { return RGB(r * f, g * f, b * f) }
        let t = min(1, f - 1)
        return RGB(r + (1 - r) * t, g + (1 - g) * t, b + (1 - b) * t)
    }
    /// Linear mix with another colour (t = 0 gives self).
    public func mixed(with other: RGB, _ t: Double) -> RGB {
        RGB(r + (other.r - r) * t, g + (other.g - g) * t, b + (other.b - b) * t)
    }
}

/// Hair styles SynFER draws.
public enum HairStyle: String, CaseIterable, Sendable {
    case short, long, bald, fringe, curly
    /// The caption phrase for this style (without the colour).
    var captionWord: String {
        switch self {
        case .short: return "short"
        case .long: return "long"
        case .bald: return "no"
        case .fringe: return "short fringed"
        case .curly: return "curly"
        }
    }
}

/// The hair colours SynFER draws, with the word a caption uses.
public enum HairColour: String, CaseIterable, Sendable {
    case black, dark, brown, blond, red, grey
    /// The drawing colour.
    var rgb: RGB {
        switch self {
        case .black: return RGB(0.08, 0.07, 0.07)
        case .dark: return RGB(0.20, 0.14, 0.10)
        case .brown: return RGB(0.42, 0.27, 0.15)
        case .blond: return RGB(0.85, 0.72, 0.45)
        case .red: return RGB(0.62, 0.27, 0.12)
        case .grey: return RGB(0.65, 0.64, 0.62)
        }
    }
}

/// The attributes of a face that a caption can name.
public struct FaceAttributes: Sendable, Equatable {
    /// Hair style.
    public var hairStyle: HairStyle
    /// Hair colour.
    public var hairColour: HairColour
    /// Wears glasses.
    public var glasses: Bool
    /// Has a beard.
    public var beard: Bool
    /// Skin tone word: "light", "medium" or "dark".
    public var skinTone: String
    /// Eye colour word.
    public var eyeColour: String

    /// Attributes from their parts.
    public init(hairStyle: HairStyle, hairColour: HairColour, glasses: Bool, beard: Bool, skinTone: String, eyeColour: String) {
        self.hairStyle = hairStyle
        self.hairColour = hairColour
        self.glasses = glasses
        self.beard = beard
        self.skinTone = skinTone
        self.eyeColour = eyeColour
    }
}

/// The identity parameters of one synthetic person: geometry and appearance that stay fixed across
/// that person's images. All lengths are in face units (the face's half-width is about 1).
public struct Identity: Sendable, Equatable {
    /// Identity id.
    public var id: Int
    /// Face height over face width (half-height in face units).
    public var faceHeight: Double
    /// Width of the jaw at the chin level, relative to the cheek width.
    public var jawWidth: Double
    /// Skin colour.
    public var skin: RGB
    /// Horizontal distance of each eye centre from the midline.
    public var eyeSpacing: Double
    /// Eye half-width.
    public var eyeSize: Double
    /// Eye height level (negative is up).
    public var eyeLevel: Double
    /// Iris colour.
    public var iris: RGB
    /// Brow stroke thickness.
    public var browThickness: Double
    /// Brow colour.
    public var browColour: RGB
    /// Nose length (from eye level down).
    public var noseLength: Double
    /// Nose half-width at the nostrils.
    public var noseWidth: Double
    /// Mouth half-width.
    public var mouthWidth: Double
    /// Lip thickness.
    public var lipThickness: Double
    /// Lip colour.
    public var lips: RGB
    /// Caption-visible attributes.
    public var attributes: FaceAttributes
    /// Clothing colour.
    public var clothes: RGB

    /// The identity with the given id under a seed (a pure function of both).
    public init(id: Int, seed: UInt64, glassesRate: Double = 0.2, beardRate: Double = 0.15) {
        var rng = SeededRandom(seed: seed, keys: [SeededRandom.key("identity"), UInt64(id)])
        self.id = id
        faceHeight = rng.uniform(1.22, 1.45)
        jawWidth = rng.uniform(0.55, 0.85)
        let tone = rng.uniform()
        let light = RGB(0.96, 0.80, 0.69), mid = RGB(0.80, 0.58, 0.42), dark = RGB(0.42, 0.27, 0.18)
        skin = tone < 0.5 ? light.mixed(with: mid, tone * 2) : mid.mixed(with: dark, (tone - 0.5) * 2)
        eyeSpacing = rng.uniform(0.36, 0.46)
        eyeSize = rng.uniform(0.17, 0.22)
        eyeLevel = rng.uniform(-0.22, -0.08)
        let irises: [(String, RGB)] = [("brown", RGB(0.35, 0.20, 0.10)), ("dark", RGB(0.15, 0.09, 0.06)),
                                       ("blue", RGB(0.30, 0.50, 0.75)), ("green", RGB(0.30, 0.50, 0.30)),
                                       ("grey", RGB(0.50, 0.55, 0.58)), ("hazel", RGB(0.50, 0.38, 0.18))]
        let iris = irises[rng.categorical([4, 3, 1.5, 1, 0.5, 1])]
        self.iris = iris.1
        browThickness = rng.uniform(0.045, 0.09)
        noseLength = rng.uniform(0.42, 0.56)
        noseWidth = rng.uniform(0.12, 0.19)
        mouthWidth = rng.uniform(0.30, 0.40)
        lipThickness = rng.uniform(0.05, 0.09)
        lips = skin.mixed(with: RGB(0.70, 0.25, 0.25), rng.uniform(0.3, 0.55))
        let style = HairStyle.allCases[rng.categorical([4, 3, 0.6, 1.5, 1])]
        let colour = HairColour.allCases[rng.categorical([2, 3, 2, 1.2, 0.5, 0.8])]
        browColour = (colour == .blond || colour == .grey) ? colour.rgb.shaded(0.6) : colour.rgb.shaded(0.9)
        let glasses = rng.bernoulli(glassesRate)
        let beard = rng.bernoulli(beardRate)
        attributes = FaceAttributes(hairStyle: style, hairColour: colour, glasses: glasses, beard: beard,
                                    skinTone: tone < 0.35 ? "light" : (tone < 0.7 ? "medium" : "dark"),
                                    eyeColour: iris.0)
        clothes = RGB(rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9))
    }
}
