import Foundation

/// An sRGB colour with alpha, each component in 0…1.
public struct Color: Sendable, Equatable {
    /// Red, 0…1.
    public var red: Double
    /// Green, 0…1.
    public var green: Double
    /// Blue, 0…1.
    public var blue: Double
    /// Opacity, 0…1.
    public var alpha: Double

    /// A colour from components in 0…1.
    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red; self.green = green; self.blue = blue; self.alpha = alpha
    }
    /// A colour from a 24-bit hex value such as `0xE69F00`.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
                  blue: Double(hex & 0xFF) / 255, alpha: alpha)
    }
    /// The same colour with another opacity.
    public func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }
    /// Relative luminance (WCAG), used to pick dark or light text on a coloured cell.
    public var luminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }
    /// Linear interpolation between two colours, `t` in 0…1.
    static func mix(_ a: Color, _ b: Color, _ t: Double) -> Color {
        Color(red: a.red + (b.red - a.red) * t, green: a.green + (b.green - a.green) * t,
              blue: a.blue + (b.blue - a.blue) * t, alpha: a.alpha + (b.alpha - a.alpha) * t)
    }

    /// Pure black.
    public static let black = Color(hex: 0x000000)
    /// Pure white.
    public static let white = Color(hex: 0xFFFFFF)
    /// The ink of text, axes and rules: a near-black grey.
    public static let ink = Color(hex: 0x222222)
    /// Light grey for grid lines.
    public static let gridGrey = Color(hex: 0xE3E3E3)
}

/// The categorical palette: Okabe & Ito's eight colours, distinguishable under the common forms
/// of colour blindness (Okabe, Ito 2008, "Color Universal Design"). Series and classes take
/// colours in this order; the ninth wraps around.
public enum Palette {
    /// The colours in the order series use them (blue, orange, bluish green, vermillion,
    /// reddish purple, sky blue, yellow, black).
    public static let okabeIto: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xE69F00), Color(hex: 0x009E73), Color(hex: 0xD55E00),
        Color(hex: 0xCC79A7), Color(hex: 0x56B4E9), Color(hex: 0xF0E442), Color(hex: 0x000000),
    ]
    /// The colour of series or class number `index` (wrapping around).
    public static func color(_ index: Int) -> Color {
        okabeIto[((index % okabeIto.count) + okabeIto.count) % okabeIto.count]
    }
}

/// A continuous colour map from 0…1 to colours, for heatmaps and colour bars.
public struct ColorMap: Sendable {
    /// Evenly spaced anchor colours; values between anchors are interpolated linearly.
    public let anchors: [Color]

    /// A colour map through `anchors` (at least two), evenly spaced over 0…1.
    public init(anchors: [Color]) {
        precondition(anchors.count >= 2, "a colour map needs at least two anchors")
        self.anchors = anchors
    }

    /// The colour at `t`, clamped to 0…1.
    public func color(at t: Double) -> Color {
        let u = min(1, max(0, t.isNaN ? 0 : t)) * Double(anchors.count - 1)
        let i = min(Int(u), anchors.count - 2)
        return Color.mix(anchors[i], anchors[i + 1], u - Double(i))
    }

    /// Viridis (perceptually uniform, colour-blind safe), nine samples of matplotlib's table.
    public static let viridis = ColorMap(anchors: [
        0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725,
    ].map { Color(hex: $0) })

    /// White to dark blue, single hue: the default for confusion matrices.
    public static let blues = ColorMap(anchors: [
        0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B,
    ].map { Color(hex: $0) })
}
