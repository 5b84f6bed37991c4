// Chapter 05 — t-SNE vs SCN: the penultimate test features of SCN, LLDif and ResNet-18 on the same
// low-light test set, embedded by t-SNE with the same settings and coloured by class (first study
// seed), with cluster-quality numbers that do not depend on the picture over every study seed: kNN
// accuracy and silhouette in feature space with hierarchical bootstrap intervals (claim C6), and
// the trustworthiness of each embedding.
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
        abstract: "Chapter 05: t-SNE of SCN's, LLDif's and ResNet-18's test features, with kNN accuracy, silhouette and trustworthiness.")

    @OptionGroup var options: ChapterOptions

    @Option(help: "Neighbours of the kNN accuracy and of the trustworthiness.")
    var neighbours = 5

    var inputs: [String] { ["neighbours=\(neighbours)"] }

    func validate() throws {
        guard neighbours >= 1 else { throw ValidationError("--neighbours must be at least 1") }
    }

    func requests(_ plan: ExperimentPlan) -> [RunRequest] { plan.featureRuns }

    /// Per-image class-separation scores of one model's test features, one row per study seed.
    struct Separation {
        var knnHits: [[Double]] = []
        var silhouettes: [[Double]] = []
        var testAccuracy: [Double] = []
        var trustworthiness: Double?
        var featureSize = 0
    }

    func write(_ ctx: inout ChapterRun) throws {
        let plan = ctx.plan
        var configuration = TSNEConfiguration()
        configuration.perplexity = ctx.config.analysis.tsnePerplexity
        var panels: [any Panel] = []
        var separation: [ModelID: Separation] = [:]
        for model in plan.featureModels {
            var s = Separation()
            for (index, seed) in plan.studySeeds.enumerated() {
                let evaluation = try ctx.runs.obtain(plan.featureRun(model, seed: seed)).evaluation()
                let (n, d) = (evaluation.count, evaluation.featureSize)
                let x = try standardisedColumns(evaluation.features, rows: n, columns: d)
                s.knnHits.append(try leaveOneOutKNNHits(x, rows: n, columns: d, labels: evaluation.labels, neighbours: neighbours))
                s.silhouettes.append(try silhouetteValues(x, rows: n, columns: d, labels: evaluation.labels))
                s.testAccuracy.append(evaluation.accuracy)
                s.featureSize = d
                guard index == 0 else { continue }
                print("05-tsne: t-SNE of \(n) \(model.paperName) features (\(d)-d, seed \(seed))")
                let embedding = try tsne(x, rows: n, columns: d, configuration: configuration).embedding
                s.trustworthiness = try trustworthiness(original: x, embedding: embedding, rows: n, originalColumns: d,
                                                        embeddingColumns: 2, neighbours: neighbours)
                panels.append(Axes(title: model.paperName, x: .linear("t-SNE 1"), y: .linear("t-SNE 2")) {
                    Scatter(x: stride(from: 0, to: 2 * n, by: 2).map { Double(embedding[$0]) },
                            y: stride(from: 1, to: 2 * n, by: 2).map { Double(embedding[$0]) },
                            classes: evaluation.labels, classNames: evaluation.classNames, size: 2.6, opacity: 0.7)
                })
            }
            separation[model] = s
        }
        let dataset = ctx.displayName(plan.studyDataset)
        let figure = Figure(rows: 1, cols: plan.featureModels.count, title: "Test features on \(dataset)",
                            panelSize: Size(width: 300, height: 280), sharedLegend: true) { panels }
        try ctx.add(figure, name: "tsne",
                    caption: "t-SNE (perplexity \(Int(configuration.perplexity)), PCA initialisation, Barnes–Hut) of the penultimate features of \(plan.featureModels.map(\.paperName).joined(separator: ", ")) on the \(dataset) test set (seed \(plan.studySeeds[0])), coloured by the true class. The axes of the panels are not comparable; the table gives the numbers behind the picture.")
        try record(separation, into: &ctx)
        ctx.dataSource = dataset
        ctx.seeds = plan.studySeeds
    }

    /// The cluster-quality table and claim C6's intervals: LLDif minus SCN in kNN accuracy and in
    /// silhouette, paired on seeds and test images.
    func record(_ separation: [ModelID: Separation], into ctx: inout ChapterRun) throws {
        let plan = ctx.plan
        let seeds = plan.studySeeds
        let bootstrap = try HierarchicalBootstrap(seed: 12)
        func scores(_ model: ModelID, _ rows: (Separation) -> [[Double]]) throws -> SeedScores {
            try SeedScores(seeds: seeds, rows: rows(try separation.required(model, "\(model.paperName)'s features")))
        }
        var rows: [[ResultCell]] = []
        for model in plan.featureModels {
            let s = try separation.required(model, "\(model.paperName)'s features")
            let knn = ResultInterval(bootstrap.interval(of: try scores(model, \.knnHits)))
            let silhouette = ResultInterval(bootstrap.interval(of: try scores(model, \.silhouettes)))
            ctx.results.interval("knn_accuracy.\(model.rawValue)", knn, format: .percent(1))
            ctx.results.interval("silhouette.\(model.rawValue)", silhouette, format: .fixed(3))
            let accuracy = s.testAccuracy.reduce(0, +) / Double(s.testAccuracy.count)
            ctx.results.value("test_accuracy.\(model.rawValue)", accuracy, format: .percent(1))
            if let trust = s.trustworthiness { ctx.results.value("trustworthiness.\(model.rawValue)", trust, format: .fixed(3)) }
            rows.append([.text(model.paperName), .number(accuracy, format: .percent(1)), ResultCell(.interval(knn, format: .percent(1))),
                         ResultCell(.interval(silhouette, format: .fixed(3))),
                         s.trustworthiness.map { .number($0, format: .fixed(3)) } ?? .text("–"),
                         .number(Double(s.featureSize), format: .integer)])
        }
        let seedNote = seeds.count > 1 ? "over \(seeds.count) study seeds" : "seed \(seeds[0])"
        ctx.results.table("cluster_quality", columns: ["Model", "test accuracy", "\(neighbours)-NN accuracy [95% CI]",
                                                       "silhouette [95% CI]", "trustworthiness (t-SNE, seed \(seeds[0]))", "feature size"],
                          rows: rows, caption: "Class separation of the test features (\(seedNote)). kNN accuracy: leave-one-out \(neighbours)-nearest-neighbour accuracy in the standardised feature space; silhouette: mean silhouette of the true classes there (Euclidean); both with a hierarchical bootstrap interval over seeds and test images (the per-image scores are resampled, the feature space held fixed). Trustworthiness: how well the 2-d embedding keeps each point's \(neighbours) nearest neighbours (1 is perfect).")
        let knn = try bootstrap.interval(of: try scores(.lldif, \.knnHits), minus: try scores(.scn, \.knnHits), sharedImages: true)
        let silhouette = try bootstrap.interval(of: try scores(.lldif, \.silhouettes), minus: try scores(.scn, \.silhouettes), sharedImages: true)
        ctx.results.interval("lldif_minus_scn_knn_accuracy", ResultInterval(knn, scale: 100), unit: "pp", format: .fixed(1))
        ctx.results.interval("lldif_minus_scn_silhouette", ResultInterval(silhouette), format: .fixed(3))
        ctx.results.value("neighbours", Double(neighbours), format: .integer)
    }
}

TSNEChapter.main()
