// Chapter 05 — t-SNE vs SCN: the penultimate test features of SCN and of LLDif on the same low-light
// test set, embedded by t-SNE with the same settings and coloured by class, with cluster-quality
// numbers that do not depend on the picture (kNN accuracy and silhouette in feature space,
// trustworthiness of each embedding).
import Analysis
import ArgumentParser
import Chapters
import Configuration
import Foundation
import Paper
import Plot

struct TSNEChapter: Chapter {
    static let configuration = CommandConfiguration(
        commandName: "05-tsne",
        abstract: "Chapter 05: t-SNE of SCN's and LLDif's test features, with kNN accuracy, silhouette and trustworthiness.")

    @OptionGroup var options: ChapterOptions

    @Option(help: "Neighbours of the kNN accuracy and of the trustworthiness.")
    var neighbours = 5

    var inputs: [String] { ["neighbours=\(neighbours)"] }

    func validate() throws {
        guard neighbours >= 1 else { throw ValidationError("--neighbours must be at least 1") }
    }

    func requests(_ plan: ExperimentPlan) -> [RunRequest] { plan.featureRuns }

    func write(_ ctx: inout ChapterRun) throws {
        let plan = ctx.plan
        var configuration = TSNEConfiguration()
        configuration.perplexity = ctx.config.analysis.tsnePerplexity
        var panels: [any Panel] = []
        var knn: [ModelID: Double] = [:]
        var rows: [[ResultCell]] = []
        for request in plan.featureRuns {
            let evaluation = try ctx.runs.obtain(request).evaluation()
            let (n, d) = (evaluation.count, evaluation.featureSize)
            let x = try standardisedColumns(evaluation.features, rows: n, columns: d)
            print("05-tsne: t-SNE of \(n) \(request.model.paperName) features (\(d)-d)")
            let embedding = try tsne(x, rows: n, columns: d, configuration: configuration).embedding
            let accuracy = try leaveOneOutKNNAccuracy(x, rows: n, columns: d, labels: evaluation.labels, neighbours: neighbours)
            let silhouette = try silhouetteScore(x, rows: n, columns: d, labels: evaluation.labels)
            let trust = try trustworthiness(original: x, embedding: embedding, rows: n, originalColumns: d, embeddingColumns: 2,
                                            neighbours: neighbours)
            knn[request.model] = accuracy
            for (key, value) in [("knn_accuracy", accuracy), ("silhouette", silhouette), ("trustworthiness", trust),
                                 ("test_accuracy", evaluation.accuracy)] {
                ctx.results.value("\(key).\(request.model.rawValue)", value, format: key == "silhouette" ? .fixed(3) : .percent(1))
            }
            rows.append([.text(request.model.paperName), .number(evaluation.accuracy, format: .percent(1)),
                         .number(accuracy, format: .percent(1)), .number(silhouette, format: .fixed(3)),
                         .number(trust, format: .fixed(3)), .number(Double(d), format: .integer)])
            panels.append(Axes(title: request.model.paperName, x: .linear("t-SNE 1"), y: .linear("t-SNE 2")) {
                Scatter(x: stride(from: 0, to: 2 * n, by: 2).map { Double(embedding[$0]) },
                        y: stride(from: 1, to: 2 * n, by: 2).map { Double(embedding[$0]) },
                        classes: evaluation.labels, classNames: evaluation.classNames, size: 2.6, opacity: 0.7)
            })
        }
        let dataset = ctx.displayName(plan.studyDataset)
        let figure = Figure(rows: 1, cols: 2, title: "Test features on \(dataset)", panelSize: Size(width: 330, height: 300),
                            sharedLegend: true) { panels }
        try ctx.add(figure, name: "tsne",
                    caption: "t-SNE (perplexity \(Int(configuration.perplexity)), PCA initialisation, Barnes–Hut) of the penultimate features of SCN and LLDif on the \(dataset) test set (seed \(plan.studySeeds[0])), coloured by the true class. The axes of the two panels are not comparable; the table gives the numbers behind the picture.")
        ctx.results.table("cluster_quality", columns: ["Model", "test accuracy", "\(neighbours)-NN accuracy (features)",
                                                       "silhouette (features)", "trustworthiness (t-SNE)", "feature size"],
                          rows: rows, caption: "Class separation of the test features. kNN accuracy: leave-one-out \(neighbours)-nearest-neighbour accuracy in the standardised feature space; silhouette: mean silhouette of the true classes there (Euclidean); trustworthiness: how well the 2-d embedding keeps each point's \(neighbours) nearest neighbours (1 is perfect).")
        let difference = try knn.required(.lldif, "LLDif's features") - knn.required(.scn, "SCN's features")
        ctx.results.value("lldif_minus_scn_knn_accuracy", 100 * difference, unit: "pp", format: .fixed(1))
        ctx.results.value("neighbours", Double(neighbours), format: .integer)
        ctx.dataSource = dataset
        ctx.seeds = [plan.studySeeds[0]]
    }
}

TSNEChapter.main()
