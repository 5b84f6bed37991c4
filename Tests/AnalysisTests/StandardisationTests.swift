import Analysis
import Testing

@Suite struct StandardisationTests {
    @Test func columnsGetMeanZeroAndDeviationOne() throws {
        // Columns [1, 3] (mean 2, population sd 1), [10, 10] (constant) and [0, 4] (mean 2, sd 2).
        let x: [Float] = [1, 10, 0,
                          3, 10, 4]
        let z = try standardisedColumns(x, rows: 2, columns: 3)
        #expect(z == [-1, 0, -1,
                      1, 0, 1])
    }

    @Test func aShapeThatDoesNotFitIsAnError() {
        #expect(throws: AnalysisError.self) { try standardisedColumns([1, 2, 3], rows: 2, columns: 2) }
        #expect(throws: AnalysisError.self) { try standardisedColumns([], rows: 0, columns: 2) }
    }
}
