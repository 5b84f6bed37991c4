import Testing
import Plot

/// Legend layout and placement, tables, figure sizes.
@Suite struct LayoutTests {
    let sizes = [Size(width: 40, height: 10), Size(width: 75, height: 12), Size(width: 30, height: 10),
                 Size(width: 90, height: 11), Size(width: 55, height: 10), Size(width: 20, height: 9), Size(width: 60, height: 10)]

    private func noneOverlap(_ rects: [Rect]) -> Bool {
        for i in rects.indices { for j in rects.indices where j > i { if rects[i].intersects(rects[j]) { return false } } }
        return true
    }

    @Test func columnEntriesDoNotOverlap() {
        let rects = LegendLayout.column(sizes)
        #expect(noneOverlap(rects))
        #expect(zip(rects, sizes).allSatisfy { $0.width == $1.width && $0.height == $1.height })
    }

    @Test(arguments: [100.0, 160, 250, 500])
    func flowedEntriesDoNotOverlapAndStayWithinWidth(maxWidth: Double) {
        let rects = LegendLayout.rows(sizes, maxWidth: maxWidth)
        #expect(noneOverlap(rects))
        #expect(rects.allSatisfy { $0.x >= 0 && $0.maxX <= maxWidth })
        // Entries keep their order: left to right, then top to bottom.
        for (a, b) in zip(rects, rects.dropFirst()) { #expect(b.y > a.y + 0.5 || b.x > a.maxX) }
    }

    @Test func allEntriesFitOnOneRowWhenWideEnough() {
        let rects = LegendLayout.rows(sizes, maxWidth: 1000)
        #expect(Set(rects.map { $0.y + $0.height / 2 }).count <= 2) // one row (centres differ by height only)
        #expect(LegendLayout.bounds(rects).height == 12)
    }

    @Test func bestLegendCornerAvoidsTheData() {
        let area = Rect(x: 0, y: 0, width: 200, height: 100)
        let upperRightCluster = (0..<50).map { Point(x: 150 + Double($0 % 10) * 4, y: 5 + Double($0 / 10) * 4) }
        let box = Size(width: 60, height: 30)
        let origin = Axes.legendOrigin(.best, box: box, area: area, covered: upperRightCluster, inset: 4)
        #expect(origin == Point(x: 4, y: 4)) // upper left
        let everywhereButLowerLeft = upperRightCluster + [Point(x: 20, y: 10), Point(x: 180, y: 90)]
        let o2 = Axes.legendOrigin(.best, box: box, area: area, covered: everywhereButLowerLeft, inset: 4)
        #expect(o2 == Point(x: 4, y: 100 - 30 - 4))
    }

    @Test func bestOfTableColumns() {
        #expect(Table.best(in: [nil, 3, .nan, 5, 5], higherIsBetter: true) == 3)
        #expect(Table.best(in: [nil, 3, .nan, 5, 5], higherIsBetter: false) == 1)
        #expect(Table.best(in: [nil, .nan], higherIsBetter: true) == nil)
    }

    @Test func figureSizeFollowsGridAndPNGFollowsDPI() throws {
        let figure = Figure(rows: 1, cols: 2, panelSize: Size(width: 250, height: 190)) {
            Axes { Line(x: [0, 1], y: [0, 1]) }
            Axes { Line(x: [0, 1], y: [1, 0]) }
        }
        #expect(figure.size == Size(width: 512, height: 202)) // 2 × 250 + 2 × 6 padding; 190 + 2 × 6
        let image = try figure.rasterize(dpi: 144)
        #expect(image.width == 1024 && image.height == 404)
    }

    @Test func imagesConvertFromPlanarFloats() throws {
        let image = try PlotImage(width: 2, height: 1, channels: 3, floats: [0, 1, 0.5, 0.25, 2, -1], layout: .planar)
        #expect(image.pixels == [0, 128, 255, 255, 64, 0])
        #expect(image.rgb(x: 1, y: 0) == (255, 64, 0))
        let grey = try PlotImage(width: 1, height: 2, channels: 1, bytes: [7, 9])
        #expect(grey.rgb(x: 0, y: 1) == (9, 9, 9))
    }
}
