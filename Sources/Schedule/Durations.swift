/// Durations in words for progress lines: `41 s`, `3 min 12 s`, `1 h 4 min`, `2 d 3 h`.
public enum Durations {
    /// `seconds` rounded to the two largest units.
    public static func words(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(max(0, s)) s" }
        if s < 3600 { return s % 60 == 0 ? "\(s / 60) min" : "\(s / 60) min \(s % 60) s" }
        if s < 86400 { return (s % 3600) / 60 == 0 ? "\(s / 3600) h" : "\(s / 3600) h \((s % 3600) / 60) min" }
        return (s % 86400) / 3600 == 0 ? "\(s / 86400) d" : "\(s / 86400) d \((s % 86400) / 3600) h"
    }
}
