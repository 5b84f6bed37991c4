import Foundation

/// Tick positions for one axis: the axis limits they imply and the labelled values.
public struct Ticks: Sendable, Equatable {
    /// Lower limit of the axis.
    public var lower: Double
    /// Upper limit of the axis.
    public var upper: Double
    /// Labelled (major) tick values, ascending.
    public var major: [Double]
    /// Unlabelled minor tick values (log axes: 2…9 × each decade).
    public var minor: [Double]
    /// Decimal places that label every major tick of a linear axis exactly.
    public var decimals: Int

    /// Tick marks from explicit parts.
    public init(lower: Double, upper: Double, major: [Double], minor: [Double] = [], decimals: Int = 0) {
        self.lower = lower; self.upper = upper; self.major = major; self.minor = minor; self.decimals = decimals
    }
}

/// Nice tick values in the manner of Heckbert ("Nice numbers for graph labels", Graphics Gems
/// 1990) scored as in Talbot, Lin and Hanrahan's extension of Wilkinson's algorithm (2010): the
/// step is 1, 5 or 2 times a power of ten (in that order of preference), and among the candidate
/// steps the one with the best weighted sum of simplicity (preferred step, zero among the ticks),
/// coverage (the axis hugs the data) and density (close to the wanted tick count) wins.
/// Hand-written because no maintained Swift library for it exists here, and it is forty lines.
public enum NiceTicks {
    /// The step mantissas, most preferred first.
    public static let mantissas: [Double] = [1, 5, 2]

    /// Ticks for the data range `min…max` with about `count` ticks. Loose by default: the axis is
    /// widened to the ticks enclosing the data. With `fixed` true the axis keeps exactly
    /// `min…max` and only ticks inside it are labelled. A zero-width range is widened around its
    /// value first.
    public static func linear(min lo: Double, max hi: Double, count: Int = 5, fixed: Bool = false) -> Ticks {
        var lo = lo, hi = hi
        if hi < lo { swap(&lo, &hi) }
        if hi - lo < 1e-12 * Swift.max(1, abs(lo)) {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad; hi += pad
        }
        let span = hi - lo, target = Double(Swift.max(count, 2))
        let base = Int(floor(log10(span / target)))
        var best: (score: Double, step: Double, first: Double, last: Double)?
        for k in (base - 1)...(base + 2) {
            for (i, q) in mantissas.enumerated() {
                let step = q * pow(10, Double(k))
                let first = fixed ? ceil(lo / step - 1e-9) : floor(lo / step + 1e-9)
                let last = fixed ? floor(hi / step + 1e-9) : ceil(hi / step - 1e-9)
                let n = last - first + 1
                guard n >= 2, n <= 15 else { continue }
                let simplicity = 1 - Double(i) / Double(mantissas.count - 1) + (first <= 0 && last >= 0 ? 1 : 0)
                let gaps = pow(hi - last * step, 2) + pow(lo - first * step, 2)
                let coverage = 1 - 0.5 * gaps / pow(0.1 * span, 2)
                let density = 2 - Swift.max(n / target, target / n)
                let score = 0.25 * simplicity + 0.2 * coverage + 0.5 * density
                if best == nil || score > best!.score + 1e-12 { best = (score, step, first, last) }
            }
        }
        guard let best else { return Ticks(lower: lo, upper: hi, major: [lo, hi], decimals: 2) }
        let decimals = Swift.max(0, -Int(floor(log10(best.step) + 1e-9)))
        let major = stride(from: best.first, through: best.last, by: 1).map { clean($0 * best.step, decimals) }
        return Ticks(lower: fixed ? lo : major[0], upper: fixed ? hi : major[major.count - 1],
                     major: major, decimals: decimals)
    }

/// Rounds away the binary noise of `k × step` (0.30000000000000004 → 0.3) and negative zero.
    static func clean(_ v: Double, _ decimals: Int) -> Double {
        let p = pow(10, Double(Swift.min(decimals + 2, 15)))
        let r = (v * p).rounded() / p
        return r == 0 ? 0 : r
    }
}

/// Ticks of a logarithmic (base 10) axis.
public enum LogTicks {
    /// Ticks for `min…max` (both > 0). Over less than a factor of 30 the axis is widened to the
    /// enclosing values of the 1-2-5 sequence (1, 2, 5, 10, 20, …), all of them labelled, with
    /// 3, 4, 6–9 × each decade as minor ticks. Over wider ranges it is widened to whole decades,
    /// labelled every decade (or every few, to keep about `count` labels) with 2…9 × each decade
    /// and the unlabelled decades as minor ticks.
    public static func ticks(min lo: Double, max hi: Double, count: Int = 6) -> Ticks {
        precondition(lo > 0 && hi > 0, "log ticks need positive limits")
        let (lo, hi) = (Swift.min(lo, hi), Swift.max(lo, hi))
        let a = Int(floor(log10(lo) + 1e-9)), b = Int(ceil(log10(hi) - 1e-9))
        func value(_ m: Int, _ e: Int) -> Double { Double(m) * pow(10, Double(e)) }
        if hi / lo < 30 {
            let sequence = (a...b).flatMap { e in [1, 2, 5].map { value($0, e) } } + [value(1, b + 1)]
            let lower = sequence.last { $0 <= lo * (1 + 1e-9) }!
            var upper = sequence.first { $0 >= hi * (1 - 1e-9) }!
            if upper <= lower { upper = sequence.first { $0 > lower }! }
            let inside = { (v: Double) in v >= lower * (1 - 1e-9) && v <= upper * (1 + 1e-9) }
            let major = sequence.filter(inside)
            let minor = (a...b).flatMap { e in [3, 4, 6, 7, 8, 9].map { value($0, e) } }.filter(inside)
            return Ticks(lower: lower, upper: upper, major: major, minor: minor)
        }
        let every = Swift.max(1, Int(ceil(Double(b - a) / Double(Swift.max(count - 1, 1)))))
        var major: [Double] = [], minor: [Double] = []
        for e in a...b {
            if (e - a) % every == 0 { major.append(value(1, e)) } else { minor.append(value(1, e)) }
            if e < b { minor += (2...9).map { value($0, e) } }
        }
        return Ticks(lower: value(1, a), upper: value(1, b), major: major, minor: minor.sorted())
    }
}

/// Formats tick values as text.
public enum TickFormat {
    /// `value` with `decimals` places and a true minus sign (U+2212), as typeset in print.
    public static func linear(_ value: Double, decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", value == 0 ? 0 : value)
        return s.hasPrefix("-") ? "\u{2212}" + s.dropFirst() : s
    }

    /// A log-axis label: plain digits for 0.01…1000, `10ᵏ` otherwise (Unicode superscripts,
    /// which DejaVu Sans carries), and `m×10ᵏ` for the 2× and 5× ticks outside that range.
    public static func log(_ value: Double) -> String {
        let e = Int(floor(log10(value) + 1e-9))
        let mantissa = (value / pow(10, Double(e))).rounded()
        if (-2...3).contains(e) { return linear(value, decimals: max(0, -e)) }
        let power = "10" + superscript(e)
        return mantissa == 1 ? power : "\(Int(mantissa))×" + power
    }

    /// `n` in superscript digits, with a superscript minus.
    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return (n < 0 ? "⁻" : "") + String(String(abs(n)).map { digits[Int(String($0))!] })
    }
}
