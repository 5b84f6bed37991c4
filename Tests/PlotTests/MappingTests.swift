import Testing
import Plot

/// Axis mapping, colour maps and colour-bar mapping.
@Suite struct MappingTests {
    @Test func linearScaleMapsAndInverts() {
        let s = Scale(kind: .linear, lower: 0, upper: 10, start: 100, end: 200)
        #expect(s.map(0) == 100 && s.map(10) == 200 && s.map(2.5) == 125)
        #expect(s.invert(125) == 2.5)
    }

    @Test func verticalScaleGrowsUpwards() {
        let s = Scale(kind: .linear, lower: -1, upper: 1, start: 300, end: 100)
        #expect(s.map(-1) == 300 && s.map(1) == 100 && s.map(0) == 200)
    }

    @Test func logScaleSpacesDecadesEvenly() {
        let s = Scale(kind: .log, lower: 1, upper: 1000, start: 0, end: 300)
        #expect(abs(s.map(10) - 100) < 1e-9)
        #expect(abs(s.map(100) - 200) < 1e-9)
        #expect(abs(s.invert(250) - 316.227766016838) < 1e-9)
    }

    @Test func colorMapHitsAnchorsAndInterpolatesBetween() {
        let m = ColorMap.viridis
        #expect(m.color(at: 0) == Color(hex: 0x440154))
        #expect(m.color(at: 1) == Color(hex: 0xFDE725))
        #expect(m.color(at: 0.5) == Color(hex: 0x21918C))
        let mid = m.color(at: 1.0 / 16), a = Color(hex: 0x440154), b = Color(hex: 0x472D7B)
        #expect(abs(mid.green - (a.green + b.green) / 2) < 1e-12)
        #expect(m.color(at: -3) == m.color(at: 0) && m.color(at: 7) == m.color(at: 1))
    }

    @Test func heatmapColorsFollowItsRange() {
        let h = Heatmap(values: [[0, 2]], rowLabels: ["a"], columnLabels: ["x", "y"], range: 0...2, colorMap: .viridis)
        #expect(h.color(for: 1) == ColorMap.viridis.color(at: 0.5))
        #expect(h.color(for: 5) == ColorMap.viridis.color(at: 1))
        let auto = Heatmap(values: [[2, 6]], rowLabels: ["a"], columnLabels: ["x", "y"])
        #expect(auto.colorRange == 2...6)
        #expect(auto.color(for: 4) == ColorMap.blues.color(at: 0.5))
    }

    @Test func paletteIsOkabeItoAndWraps() {
        #expect(Palette.color(0) == Color(hex: 0x0072B2))
        #expect(Palette.color(1) == Color(hex: 0xE69F00))
        #expect(Palette.color(8) == Palette.color(0))
        #expect(Set(Palette.okabeIto.map { "\($0)" }).count == 8)
    }
}
