import Testing
import Schedule

@Suite struct CostCalibrationTests {
    @Test("a kind measured so far is scaled by its own ratio, an unmeasured kind by the overall one")
    func ratiosByKind() {
        var calibration = CostCalibration()
        #expect(calibration.overallRatio == nil)
        #expect(calibration.seconds(100, name: "resnet18/aaa") == nil)
        // Stage 0 ran at a fifth of its estimate, POSTER-lite at two fifths (of 100 + 300 s).
        calibration.record(name: "lldif-stage0/a1", seconds: 40, estimate: 200)
        calibration.record(name: "poster-lite/b1", seconds: 40, estimate: 100)
        calibration.record(name: "poster-lite/b2", seconds: 120, estimate: 300)
        #expect(calibration.ratio(forKind: "lldif-stage0") == 0.2)
        #expect(calibration.ratio(forKind: "poster-lite") == 0.4)
        #expect(calibration.overallRatio == 200.0 / 600.0)
        #expect(calibration.seconds(1000, name: "lldif-stage0/zzz") == 200)
        #expect(calibration.seconds(1000, name: "poster-lite/zzz") == 400)
        // ResNet-18 has no run yet: the ratio over everything measured.
        #expect(calibration.seconds(600, name: "resnet18/ccc") == 200)
    }

    @Test("records without a positive, finite time and estimate are ignored; the kind is the name before its slash")
    func badRecords() {
        var calibration = CostCalibration()
        calibration.record(name: "scn/a", seconds: 0, estimate: 10)
        calibration.record(name: "scn/b", seconds: 10, estimate: 0)
        calibration.record(name: "scn/c", seconds: .infinity, estimate: 10)
        #expect(calibration.overallRatio == nil)
        #expect(CostCalibration.kind(of: "lldif-stage1/0a1d3cd047de63d2") == "lldif-stage1")
        #expect(CostCalibration.kind(of: "plain") == "plain")
    }
}
