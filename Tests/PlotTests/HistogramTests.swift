import Testing
import Plot

/// Histogram binning against hand-counted cases.
@Suite struct HistogramTests {
    let edges = [0.0, 1, 2, 3, 4]
    // [0,1): 0, 0.5, 0.999 · [1,2): 1 · [2,3): 2, 2 · [3,4]: 3.9, 4 (last bin closed) · −0.1, 4.1 outside.
    let values = [0, 0.5, 0.999, 1, 2, 2, 3.9, 4, -0.1, 4.1]

    @Test func evenlySpacedEdges() {
        #expect(Histogram.edges(lower: 0, upper: 4, count: 4) == edges)
        #expect(Histogram.edges(lower: -1, upper: 1, count: 4) == [-1, -0.5, 0, 0.5, 1])
    }

    @Test func countsFollowHalfOpenBinsWithClosedLast() {
        #expect(Histogram.counts(values, edges: edges) == [3, 1, 2, 2])
    }

    @Test func unevenEdges() {
        #expect(Histogram.counts([0.1, 0.2, 0.5, 5, 9.99, 10], edges: [0, 0.25, 1, 10]) == [2, 1, 3])
    }

    @Test func densityIntegratesToOne() {
        let d = Histogram.heights(values, edges: edges, normalization: .density)
        let expected: [Double] = [0.375, 0.125, 0.25, 0.25] // counts [3, 1, 2, 2] over 8 values, width 1
        #expect(d == expected)
        let uneven = Histogram.heights([0.1, 0.2, 0.5, 5], edges: [0, 0.25, 1, 10], normalization: .density)
        let area = zip(uneven, [0.25, 0.75, 9]).map { $0 * $1 }.reduce(0, +)
        #expect(abs(area - 1) < 1e-12)
    }

    @Test func defaultBinsSpanTheDataOfAllSeries() {
        let h = Histogram([Series("a", [1, 2]), Series("b", [5])], bins: 4)
        #expect(h.binEdges == [1, 2, 3, 4, 5])
    }
}
