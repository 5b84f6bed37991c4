import Paper
import Testing

@Suite("Value formatting")
struct NumberFormatTests {
    @Test("each format writes the hand-computed text")
    func formats() {
        #expect(NumberFormat.fixed(3).string(0.07123) == "0.071")
        #expect(NumberFormat.fixed(0).string(2.5) == "2")
        #expect(NumberFormat.percent(1).string(0.7126) == "71.3%")
        #expect(NumberFormat.percent(0).string(1) == "100%")
        #expect(NumberFormat.scientific(2).string(0.07123) == "7.12e-02")
        #expect(NumberFormat.significant(3).string(1234.5) == "1.23e+03")
        #expect(NumberFormat.significant(3).string(0.07123) == "0.0712")
        #expect(NumberFormat.integer.string(41.6) == "42")
        #expect(NumberFormat.fixed(2).string(-1.005e3) == "-1005.00")
    }

    @Test("a value that rounds to zero has no minus sign; non-finite values are named")
    func edgeCases() {
        #expect(NumberFormat.fixed(3).string(-0.0001) == "0.000")
        #expect(NumberFormat.percent(1).string(-0.0001) == "0.0%")
        #expect(NumberFormat.integer.string(-0.4) == "0")
        #expect(NumberFormat.fixed(3).string(-0.002) == "-0.002")
        #expect(NumberFormat.fixed(3).string(.nan) == "NaN")
        #expect(NumberFormat.fixed(3).string(.infinity) == "∞")
        #expect(NumberFormat.fixed(3).string(-.infinity) == "-∞")
    }

    @Test("specs parse to formats and back; unknown specs are rejected")
    func specs() {
        for format in [NumberFormat.fixed(3), .percent(1), .scientific(2), .significant(4), .integer] {
            #expect(NumberFormat(spec: format.spec) == format)
        }
        #expect(NumberFormat(spec: "%.3f") == .fixed(3))
        #expect(NumberFormat(spec: "%.1%") == .percent(1))
        for bad in ["%f", "%.f", "%.3x", "3f", "%.-1f", "%.99f", "%.٣f", ""] {
            #expect(NumberFormat(spec: bad) == nil, "\(bad)")
        }
    }

    @Test("values combine format, spread and unit")
    func values() {
        #expect(ResultValue.number(0.712, plusMinus: 0.0134, format: .percent(1)).formatted() == "71.2 ± 1.3%")
        #expect(ResultValue.number(0.712, plusMinus: 0.0134, format: .fixed(3)).formatted() == "0.712 ± 0.013")
        #expect(ResultValue.number(12.25, unit: "ms", format: .fixed(1)).formatted() == "12.2\u{00A0}ms")
        #expect(ResultValue.number(0.5).formatted() == "0.5")
        #expect(ResultValue.number(0.712, format: .fixed(3)).formatted(with: .percent(0)) == "71%")
        #expect(ResultValue.text("LLDif").formatted(with: .fixed(2)) == "LLDif")
    }
}
