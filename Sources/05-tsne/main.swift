// Chapter 05 — t-SNE vs SCN: the penultimate test features of SCN and of LLDif on the same low-light
// test set, embedded by t-SNE with the same settings and coloured by class, with cluster-quality
// numbers that do not depend on the picture (kNN accuracy and silhouette in feature space,
// trustworthiness of each embedding).
import Analysis
import ArgumentParser
import Chapters
import Foundation
import Paper
import Plot

struct TSNEChapter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "05-tsne",
        abstract: "Chapter 05: t-SNE of SCN's and LLDif's test features, with kNN accuracy, silhouette and trustworthiness.")

    @OptionGroup var options: ChapterOptions

    @Option(help: "Neighbours of the kNN accuracy and of the trustworthiness.")
    var neighbours = 5

    func run() throws {
        guard neighbours >= 1 else { throw ValidationError("--neighbours must be at least 1") }
        guard let chapter = try ResultChapter.begin("05-tsne", revision: 1, options: options, inputs: ["neighbours=\(neighbours)"], requests: \.featureRuns) else { return }
        var ctx = chapter.context, runs = chapter.runs
        let plan = chapter.plan, hashes = chapter.hashes

        var configuration = TSNEConfiguration()
        configuration.perplexity = try ctx.settings.double("tsne.perplexity")
        var panels: [any Panel] = []
        var knn: [String: Double] = [:]
        var rows: [[ResultCell]] = []
        for request in plan.featureRuns {
            let evaluation = try runs.obtain(request).evaluation()
            let (n, d) = (evaluation.count, evaluation.featureSize)
            // Features are standardised per dimension first, so that no single large-scale
            // dimension decides the neighbours of either model.
            let x = standardised(evaluation.features, rows: n, columns: d)
            print("05-tsne: t-SNE of \(n) \(DisplayNames.model(request.model)) features (\(d)-d)")
            let embedding = try tsne(x, rows: n, columns: d, configuration: configuration).embedding
            let accuracy = try leaveOneOutKNNAccuracy(x, rows: n, columns: d, labels: evaluation.labels, neighbours: neighbours)
            let silhouette = try silhouetteScore(x, rows: n, columns: d, labels: evaluation.labels)
            let trust = try trustworthiness(original: x, embedding: embedding, rows: n, originalColumns: d, embeddingColumns: 2,
                                            neighbours: neighbours)
            knn[request.model] = accuracy
            for (key, value) in [("knn_accuracy", accuracy), ("silhouette", silhouette), ("trustworthiness", trust),
                                 ("test_accuracy", evaluation.accuracy)] {
                ctx.results.value("\(key).\(request.model)", value, format: key == "silhouette" ? .fixed(3) : .percent(1))
            }
            rows.append([.text(DisplayNames.model(request.model)), .number(evaluation.accuracy, format: .percent(1)),
                         .number(accuracy, format: .percent(1)), .number(silhouette, format: .fixed(3)),
                         .number(trust, format: .fixed(3)), .number(Double(d), format: .integer)])
            panels.append(Axes(title: DisplayNames.model(request.model), x: .linear("t-SNE 1"), y: .linear("t-SNE 2")) {
                Scatter(x: stride(from: 0, to: 2 * n, by: 2).map { Double(embedding[$0]) },
                        y: stride(from: 1, to: 2 * n, by: 2).map { Double(embedding[$0]) },
                        classes: evaluation.labels, classNames: evaluation.classNames, size: 2.6, opacity: 0.7)
            })
        }
        let dataset = DisplayNames.dataset(plan.studyDataset, settings: ctx.settings)
        let figure = Figure(rows: 1, cols: 2, title: "Test features on \(dataset)", panelSize: Size(width: 330, height: 300),
                            sharedLegend: true) { panels }
        try ctx.add(figure, name: "tsne",
                    caption: "t-SNE (perplexity \(Int(configuration.perplexity)), PCA initialisation, Barnes–Hut) of the penultimate features of SCN and LLDif on the \(dataset) test set (seed \(plan.studySeeds[0])), coloured by the true class. The axes of the two panels are not comparable; the table gives the numbers behind the picture.")
        ctx.results.table("cluster_quality", columns: ["Model", "test accuracy", "\(neighbours)-NN accuracy (features)",
                                                       "silhouette (features)", "trustworthiness (t-SNE)", "feature size"],
                          rows: rows, caption: "Class separation of the test features. kNN accuracy: leave-one-out \(neighbours)-nearest-neighbour accuracy in the standardised feature space; silhouette: mean silhouette of the true classes there (Euclidean); trustworthiness: how well the 2-d embedding keeps each point's \(neighbours) nearest neighbours (1 is perfect).")
        ctx.results.value("lldif_minus_scn_knn_accuracy", 100 * (knn[ExperimentPlan.lldif]! - knn["scn"]!), unit: "pp", format: .fixed(1))
        ctx.results.value("neighbours", Double(neighbours), format: .integer)
        try ctx.finish(dataSource: dataset, seeds: [UInt64(plan.studySeeds[0])], runHashes: hashes)
    }

    /// `x` with each column shifted to mean 0 and scaled to standard deviation 1 (constant columns
    /// are left at 0).
    func standardised(_ x: [Float], rows: Int, columns: Int) -> [Float] {
        var out = x
        for j in 0..<columns {
            var mean = 0.0, square = 0.0
            for i in 0..<rows { let v = Double(x[i * columns + j]); mean += v; square += v * v }
            mean /= Double(rows)
            let sd = max(0, square / Double(rows) - mean * mean).squareRoot()
            for i in 0..<rows { out[i * columns + j] = sd > 1e-12 ? Float((Double(x[i * columns + j]) - mean) / sd) : 0 }
        }
        return out
    }
}

TSNEChapter.main()
