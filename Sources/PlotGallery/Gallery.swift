import Foundation
import KitSupport
import Plot

/// Every chart type of `Plot`, drawn from seeded synthetic data: the gallery `make gallery`
/// renders and the figures the golden tests compare. Shapes mimic the report's figures (seven
/// emotion classes, accuracy curves, confusion matrices, 48×48 faces).
public enum Gallery {
    /// The resolution of the golden PNGs.
    public static let goldenDPI = 100.0

    /// The seven basic emotions, in the order the datasets use.
    static let emotions = ["anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"]

    /// Every gallery figure with its file name, in a fixed order.
    public static func figures() throws -> [(name: String, figure: Figure)] {
        [
            ("lines", lines()), ("scatter", scatter()), ("histograms", histograms()), ("bars", bars()),
            ("heatmaps", heatmaps()), ("images", try images()), ("table", table()),
        ]
    }

    /// Accuracy curves with ±1 std bands (linear) beside loss and time on log axes.
    static func lines() -> Figure {
        var rng = SeededRandom(seed: 1)
        let epochs = (0...40).map(Double.init)
        func curve(_ ceiling: Double, _ rate: Double) -> (mean: [Double], std: [Double]) {
            let mean = epochs.map { ceiling - (ceiling - 0.15) * exp(-$0 / rate) + 0.006 * rng.normal() }
            return (mean, epochs.map { 0.012 + 0.03 * exp(-$0 / 12) })
        }
        let lldif = curve(0.78, 7), scn = curve(0.70, 9)
        let loss = epochs.map { 2.0 * exp(-$0 / 9) + 0.03 + 0.004 * abs(rng.normal()) }
        let valLoss = epochs.map { 2.1 * exp(-$0 / 10) + 0.08 + 0.006 * abs(rng.normal()) }
        let steps = [1.0, 2, 3, 4, 6, 8, 16]
        return Figure(rows: 1, cols: 3, title: "Training record (synthetic)", panelSize: Size(width: 230, height: 180)) {
            Axes(title: "Test accuracy", x: .linear("epoch"), y: .linear("accuracy"), legend: .lowerRight) {
                Line(x: epochs, y: lldif.mean, label: "LLDif", band: ErrorBand(center: lldif.mean, spread: lldif.std))
                Line(x: epochs, y: scn.mean, label: "SCN", band: ErrorBand(center: scn.mean, spread: scn.std), dash: [4, 2])
            }
            Axes(title: "Loss", x: .linear("epoch"), y: .log("cross-entropy")) {
                Line(x: epochs, y: loss, label: "train")
                Line(x: epochs, y: valLoss, label: "validation", dash: [4, 2])
            }
            Axes(title: "Inference time", x: .log("diffusion steps T"), y: .log("ms per image"), legend: .outsideRight) {
                Line(x: steps, y: steps.map { 3.1 + 1.9 * $0 }, label: "LLDif", marker: .circle)
                Line(x: steps, y: steps.map { _ in 2.4 }, label: "no diffusion", dash: [2, 2])
            }
        }
    }

    /// 2 100 points in seven classes, two panels, one shared legend.
    static func scatter() -> Figure {
        var rng = SeededRandom(seed: 2)
        func embedding(spread: Double) -> (x: [Double], y: [Double], classes: [Int]) {
            var x: [Double] = [], y: [Double] = [], c: [Int] = []
            for k in 0..<7 {
                let angle = Double(k) / 7 * 2 * .pi
                for _ in 0..<300 {
                    x.append(30 * cos(angle) + spread * rng.normal()); y.append(30 * sin(angle) + spread * rng.normal()); c.append(k)
                }
            }
            return (x, y, c)
        }
        let scn = embedding(spread: 13), lldif = embedding(spread: 6.5)
        return Figure(rows: 1, cols: 2, title: "t-SNE of test features (synthetic)", panelSize: Size(width: 250, height: 230), sharedLegend: true) {
            Axes(title: "SCN", x: .linear("t-SNE 1"), y: .linear("t-SNE 2")) {
                Scatter(x: scn.x, y: scn.y, classes: scn.classes, classNames: emotions)
            }
            Axes(title: "LLDif", x: .linear("t-SNE 1"), y: .linear("t-SNE 2")) {
                Scatter(x: lldif.x, y: lldif.y, classes: lldif.classes, classNames: emotions)
            }
        }
    }

    /// A 2×2 grid: overlaid densities, side-by-side counts, counts on a log axis, three series.
    static func histograms() -> Figure {
        var rng = SeededRandom(seed: 3)
        let normal = (0..<4000).map { _ in min(1, max(0, 0.52 + 0.18 * rng.normal())) }
        let low = (0..<4000).map { _ in min(1, max(0, 0.09 + 0.05 * rng.normal())) }
        let train = (0..<600).map { _ in rng.normal() }, test = (0..<300).map { _ in 0.4 + rng.normal() }
        let gradients = (0..<5000).map { _ in exp(1.6 * rng.normal()) }
        let seeds = (0..<3).map { s in (0..<500).map { _ in Double(s) * 0.6 + 0.8 * rng.normal() } }
        return Figure(rows: 2, cols: 2, title: "Histograms (synthetic)", panelSize: Size(width: 250, height: 180)) {
            Axes(title: "Pixel intensity", x: .linear("intensity", limits: 0...1), y: .linear("density")) {
                Histogram([Series("normal light", normal), Series("low light", low)], bins: 40, range: 0...1, normalization: .density)
            }
            Axes(title: "Side by side", x: .linear("value"), y: .linear("count")) {
                Histogram([Series("train", train), Series("test", test)], bins: 12, range: -3...3, arrangement: .sideBySide)
            }
            Axes(title: "Heavy tail on a log axis", x: .linear("gradient norm"), y: .log("count")) {
                Histogram([Series("norms", gradients)], bins: 30, range: 0...60)
            }
            Axes(title: "Three seeds", x: .linear("logit"), y: .linear("count")) {
                Histogram(seeds.enumerated().map { Series("seed \($0)", $1) }, bins: 25)
            }
        }
    }

    /// Grouped bars with error bars, and one series with value labels.
    static func bars() -> Figure {
        let datasets = ["LL-RAF-DB", "LL-FER2013", "LL-AffectNet"]
        let counts = [705.0, 717, 281, 4772, 1982, 1290, 2524]
        return Figure(rows: 1, cols: 2, title: "Bars (synthetic)", panelSize: Size(width: 270, height: 200)) {
            Axes(title: "Accuracy on low-light test sets", y: .linear("accuracy (%)")) {
                Bars(categories: datasets, series: [
                    Series("ResNet-18", [61.2, 48.5, 38.1], errors: [1.1, 0.9, 1.4]),
                    Series("SCN", [66.4, 52.0, 41.7], errors: [0.8, 1.2, 1.0]),
                    Series("LLDif", [71.9, 55.3, 45.2], errors: [0.7, 0.8, 1.1]),
                ], valueLabels: true, valueFormat: "%.1f")
            }
            Axes(title: "Class distribution (train)", y: .linear("images"), legend: .hidden) {
                Bars(categories: emotions, series: [Series("", counts)], valueLabels: true, valueFormat: "%.0f")
            }
        }
    }

    /// Two row-normalised confusion matrices with annotations and colour bars.
    static func heatmaps() -> Figure {
        var rng = SeededRandom(seed: 5)
        func confusion(_ diagonal: Double) -> [[Double]] {
            (0..<7).map { r in
                let raw = (0..<7).map { c in c == r ? diagonal * 10 : rng.uniform() * (10 - diagonal * 10) / 3 }
                let sum = raw.reduce(0, +)
                return raw.map { $0 / sum }
            }
        }
        return Figure(rows: 1, cols: 2, title: "Confusion matrices (synthetic)", panelSize: Size(width: 290, height: 250)) {
            Heatmap(title: "SCN", values: confusion(0.55), rowLabels: emotions, columnLabels: emotions,
                    rowAxisLabel: "true class", columnAxisLabel: "predicted class", range: 0...1,
                    colorBarLabel: "fraction of row")
            Heatmap(title: "LLDif", values: confusion(0.72), rowLabels: emotions, columnLabels: emotions,
                    rowAxisLabel: "true class", columnAxisLabel: "predicted class", range: 0...1, colorMap: .viridis,
                    colorBarLabel: "fraction of row")
        }
    }

    /// Synthetic 48×48 faces per class: normal light, low light, and low light brightened.
    static func images() throws -> Figure {
        let faces = try emotions.indices.map { try SyntheticFace.make(emotion: $0, size: 48) }
        let low = faces.map { $0.map { 0.18 * powf($0, 1.6) } }
        let brightened = low.map { $0.map { min(1, powf($0 / 0.18, 0.75)) } }
        // A warm-tinted RGB copy, planar (CHW) as the kit's tensors are.
        let tinted = faces.map { f in f + f.map { $0 * 0.82 } + f.map { $0 * 0.62 } }
        let rows: [[PlotImage?]] = try [faces, low, brightened].map { row in
            try row.map { try PlotImage(width: 48, height: 48, channels: 1, floats: $0) }
        } + [try tinted.map { try PlotImage(width: 48, height: 48, channels: 3, floats: $0, layout: .planar) }]
        return Figure(title: "Samples per class (synthetic faces)", panelSize: Size(width: 470, height: 262)) {
            ImageGrid(images: rows, rowLabels: ["normal", "low light", "brightened", "RGB"], columnLabels: emotions)
        }
    }

    /// An accuracy table with the best value of each column in bold.
    static func table() -> Figure {
        let methods = ["ResNet-18", "SCN", "RUL", "EAC", "LLDif (ours)"]
        let scores: [[Double]] = [[61.2, 48.5, 38.1], [66.4, 52.0, 41.7], [67.0, 51.2, 42.3], [68.8, 53.9, 43.0], [71.9, 55.3, 45.2]]
        let stds: [[Double]] = [[1.1, 0.9, 1.4], [0.8, 1.2, 1.0], [0.9, 1.0, 1.2], [0.6, 0.7, 0.9], [0.7, 0.8, 1.1]]
        var best = Set<TableCell>()
        for c in 0..<3 {
            if let r = Table.best(in: scores.map { $0[c] }, higherIsBetter: true) { best.insert(TableCell(row: r, column: c + 1)) }
        }
        let rows = methods.indices.map { r in [methods[r]] + (0..<3).map { String(format: "%.1f ± %.1f", scores[r][$0], stds[r][$0]) } }
        return Figure(table: Table(title: "Accuracy (%) on low-light test sets, mean ± std over 3 seeds (synthetic)",
                                   header: ["method", "LL-RAF-DB", "LL-FER2013", "LL-AffectNet"], rows: rows,
                                   alignments: [.left, .right, .right, .right], highlighted: best))
    }
}
