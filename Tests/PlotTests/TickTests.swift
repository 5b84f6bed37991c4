import Testing
import Plot

/// Nice ticks, log ticks and tick labels against hand-computed cases (the scores behind each
/// expected step are worked out in the comments).
@Suite struct TickTests {
    @Test func unitRangeTakesStepsOfTwoTenths() {
        // step 0.2: simplicity 1, coverage 1, density 2 − 6/5 = 0.8 → 0.85; step 0.5: 0.74; 0.1: 0.60.
        let t = NiceTicks.linear(min: 0, max: 1, count: 5)
        #expect(t.major == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(t.lower == 0 && t.upper == 1 && t.decimals == 1)
    }

    @Test func epochsTakeStepsOfTen() {
        let t = NiceTicks.linear(min: 0, max: 40, count: 5)
        #expect(t.major == [0, 10, 20, 30, 40])
        #expect(t.decimals == 0)
    }

    @Test func looseLabellingWidensToEnclosingTicks() {
        // step 0.1 → 0.6…0.9 scores 0.62; step 0.05 (7 ticks) 0.42; step 0.2 (0.6…1.0) −2.3.
        let t = NiceTicks.linear(min: 0.62, max: 0.87, count: 5)
        #expect(t.major == [0.6, 0.7, 0.8, 0.9])
        #expect(t.lower == 0.6 && t.upper == 0.9)
    }

    @Test func symmetricRangeAroundZero() {
        // step 20 (−80…80, 9 ticks) scores 0.32; step 10 (15 ticks) 0.18; step 50 (−100…100) −0.26.
        let t = NiceTicks.linear(min: -68, max: 64, count: 5)
        #expect(t.major == [-80, -60, -40, -20, 0, 20, 40, 60, 80])
    }

    @Test func fixedLimitsKeepTheRangeAndLabelInside() {
        // Inside 0.05…0.95: step 0.1 (0.1…0.9) scores 0.49; step 0.2 (0.2…0.8) 0.02.
        let t = NiceTicks.linear(min: 0.05, max: 0.95, count: 5, fixed: true)
        #expect(t.lower == 0.05 && t.upper == 0.95)
        #expect(t.major == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
    }

    @Test func zeroWidthRangeIsWidenedAroundItsValue() {
        let t = NiceTicks.linear(min: 3, max: 3)
        #expect(t.lower < 3 && t.upper > 3)
        #expect(t.major.contains(3))
    }

    @Test func narrowLogRangeUsesOneTwoFive() {
        let t = LogTicks.ticks(min: 1, max: 16)
        #expect(t.lower == 1 && t.upper == 20)
        #expect(t.major == [1, 2, 5, 10, 20])
        #expect(t.minor == [3, 4, 6, 7, 8, 9])
    }

    @Test func wideLogRangeUsesDecades() {
        let t = LogTicks.ticks(min: 0.03, max: 2.1)
        #expect(t.lower == 0.01 && t.upper == 10)
        #expect(t.major.count == 4)
        for (v, e) in zip(t.major, [0.01, 0.1, 1, 10]) { #expect(abs(v - e) < 1e-12 * e) }
        #expect(t.minor.count == 24) // 2…9 × 0.01, 0.1 and 1
    }

    @Test func veryWideLogRangeThinsDecadeLabels() {
        let t = LogTicks.ticks(min: 1e-5, max: 1e3, count: 6)
        // Eight decades, about six labels: every second decade.
        let expected = [1e-5, 1e-3, 1e-1, 1e1, 1e3]
        #expect(t.major.count == expected.count)
        for (v, e) in zip(t.major, expected) { #expect(abs(v - e) < 1e-9 * e) }
        #expect(t.minor.contains { abs($0 - 1e-4) < 1e-15 })
    }

    @Test func labelsUseTrueMinusAndSuperscripts() {
        #expect(TickFormat.linear(-0.5, decimals: 1) == "\u{2212}0.5")
        #expect(TickFormat.linear(-0.0, decimals: 1) == "0.0")
        #expect(TickFormat.linear(20, decimals: 0) == "20")
        #expect(TickFormat.log(100) == "100")
        #expect(TickFormat.log(0.01) == "0.01")
        #expect(TickFormat.log(1e-3) == "10⁻³")
        #expect(TickFormat.log(1e5) == "10⁵")
        #expect(TickFormat.log(2e-4) == "2×10⁻⁴")
        #expect(TickFormat.log(1e12) == "10¹²")
    }
}
