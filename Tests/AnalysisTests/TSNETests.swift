import Analysis
import KitSupport
import Foundation
import Testing

@Suite struct TSNETests {
    @Test func perplexityCalibrationHitsTargetEntropy() throws {
        let r = Reference.section("perplexity")
        let columns = r.int("columns"), distances = r.floats("squared_distances"), reference = r.doubles("p")
        for row in 0..<r.int("rows") {
            let d = Array(distances[(row * columns)..<((row + 1) * columns)])
            let result = try perplexityCalibratedProbabilities(squaredDistances: d, perplexity: r.double("perplexity"))
            #expect(abs(result.entropy - log(8.0)) <= 1e-5)
            let entropy = -result.probabilities.reduce(0) { $0 + ($1 > 0 ? $1 * log($1) : 0) }
            #expect(abs(entropy - log(8.0)) <= 1e-4)
            for c in 0..<columns { #expect(abs(result.probabilities[c] - reference[row * columns + c]) <= 1e-6) }
        }
    }

    @Test func exactObjectiveMatchesScikitLearn() throws {
        let r = Reference.section("exact_objective")
        let n = r.int("rows")
        let p = try JointProbabilities(r.floats("x"), rows: n, columns: r.int("columns"), perplexity: r.double("perplexity"),
                                       neighbours: n - 1)
        let objective = try TSNEObjective(embedding: r.floats("embedding"), p: p, method: .exact)
        #expect(close(objective.klDivergence!, r.double("kl"), relative: 1e-4))
        let reference = r.doubles("gradient")
        let scale = reference.map(abs).max()!
        for k in reference.indices { #expect(abs(Double(objective.gradient[k]) - reference[k]) <= 1e-4 * scale) }
    }

    @Test func exactGradientMatchesFiniteDifferences() throws {
        let data = try GaussianClusters(count: 30, dimensions: 4, classes: 3, centreSpread: 2, seed: 5)
        let p = try JointProbabilities(data.points, rows: 30, columns: 4, perplexity: 6, neighbours: 29)
        var rng = SeededRandom(seed: 6)
        let y = (0..<60).map { _ in Float(rng.normal()) }
        let g = try TSNEObjective(embedding: y, p: p, method: .exact).gradient
        let h: Float = 1e-2
        for k in stride(from: 0, to: 60, by: 7) {
            var plus = y, minus = y
            plus[k] += h; minus[k] -= h
            let fd = (try TSNEObjective(embedding: plus, p: p, method: .exact).klDivergence!
                - TSNEObjective(embedding: minus, p: p, method: .exact).klDivergence!) / Double(2 * h)
            #expect(abs(fd - Double(g[k])) <= 1e-3 + 2e-2 * abs(fd), "coordinate \(k): fd \(fd), analytic \(g[k])")
        }
    }

    @Test func barnesHutAgreesWithExactGradient() throws {
        let data = try GaussianClusters(count: 120, dimensions: 8, classes: 4, centreSpread: 2, seed: 7)
        let p = try JointProbabilities(data.points, rows: 120, columns: 8, perplexity: 10, neighbours: 119)
        var rng = SeededRandom(seed: 8)
        let y = (0..<240).map { _ in Float(3 * rng.normal()) }
        let exact = try TSNEObjective(embedding: y, p: p, method: .exact)
        let openedFully = try TSNEObjective(embedding: y, p: p, method: .barnesHut(theta: 0))
        let approximate = try TSNEObjective(embedding: y, p: p, method: .barnesHut(theta: 0.5))
        func relativeError(_ g: [Float]) -> Double {
            var num = 0.0, den = 0.0
            for k in g.indices { num += pow(Double(g[k] - exact.gradient[k]), 2); den += pow(Double(exact.gradient[k]), 2) }
            return (num / den).squareRoot()
        }
        #expect(relativeError(openedFully.gradient) < 1e-5)
        #expect(close(openedFully.klDivergence!, exact.klDivergence!, relative: 1e-5))
        #expect(relativeError(approximate.gradient) < 0.05)
        #expect(close(approximate.klDivergence!, exact.klDivergence!, relative: 0.02))
    }

    @Test func barnesHutHandlesDuplicatePoints() throws {
        // Ten points at each of five positions: the tree reaches its depth limit and keeps the
        // duplicates in one leaf, whose points are still treated one by one.
        let data = try GaussianClusters(count: 50, dimensions: 3, classes: 2, centreSpread: 2, seed: 15)
        let p = try JointProbabilities(data.points, rows: 50, columns: 3, perplexity: 5, neighbours: 49)
        var y = [Float](repeating: 0, count: 100)
        for i in 0..<50 { y[2 * i] = Float(i % 5); y[2 * i + 1] = Float((i % 5) * (i % 5)) * 0.1 }
        let exact = try TSNEObjective(embedding: y, p: p, method: .exact)
        let tree = try TSNEObjective(embedding: y, p: p, method: .barnesHut(theta: 0))
        for k in 0..<100 { #expect(abs(tree.gradient[k] - exact.gradient[k]) <= 1e-5 * (1 + abs(exact.gradient[k]))) }
        let collapsed = try TSNEObjective(embedding: [Float](repeating: 0.5, count: 100), p: p, method: .barnesHut(theta: 0.5))
        #expect(collapsed.gradient.allSatisfy { $0 == 0 })
        #expect(collapsed.klDivergence!.isFinite)
    }

    @Test func separatedClustersEmbedCleanlyAndKLFalls() throws {
        let data = try GaussianClusters(count: 240, dimensions: 30, classes: 4, centreSpread: 2, seed: 10)
        var config = TSNEConfiguration()
        config.iterations = 600
        let result = try tsne(data.points, rows: 240, columns: 30, configuration: config)
        let accuracy = try leaveOneOutKNNAccuracy(result.embedding, rows: 240, columns: 2, labels: data.labels)
        #expect(accuracy >= 0.99)
        let afterExaggeration = result.klHistory.filter { $0.iteration >= config.exaggerationIterations }
        #expect(afterExaggeration.count >= 5)
        #expect(afterExaggeration.last!.kl < afterExaggeration.first!.kl)
        #expect(result.klDivergence == afterExaggeration.last!.kl)
        let t = try trustworthiness(original: data.points, embedding: result.embedding, rows: 240, originalColumns: 30, embeddingColumns: 2)
        #expect(t > 0.9)
    }

    @Test(arguments: [TSNEMethod.barnesHut(theta: 0.5), .exact])
    func sameBitsForOneAndTwoThreads(method: TSNEMethod) throws {
        let data = try GaussianClusters(count: 300, dimensions: 16, classes: 3, centreSpread: 1, seed: 12)
        var config = TSNEConfiguration()
        config.method = method
        config.iterations = 120
        config.exaggerationIterations = 60
        config.threads = 1
        let one = try tsne(data.points, rows: 300, columns: 16, configuration: config)
        config.threads = 2
        let two = try tsne(data.points, rows: 300, columns: 16, configuration: config)
        #expect(one.embedding.map(\.bitPattern) == two.embedding.map(\.bitPattern))
        #expect(one.klDivergence.bitPattern == two.klDivergence.bitPattern)
    }

    @Test func randomInitialisationIsSeeded() throws {
        let data = try GaussianClusters(count: 100, dimensions: 5, classes: 2, centreSpread: 1, seed: 13)
        var config = TSNEConfiguration()
        config.iterations = 20
        config.initialisation = .random(seed: 1)
        let a = try tsne(data.points, rows: 100, columns: 5, configuration: config)
        let b = try tsne(data.points, rows: 100, columns: 5, configuration: config)
        config.initialisation = .random(seed: 2)
        let c = try tsne(data.points, rows: 100, columns: 5, configuration: config)
        #expect(a.embedding == b.embedding)
        #expect(a.initialEmbedding != c.initialEmbedding)
        let std = (a.initialEmbedding.reduce(0) { $0 + Double($1 * $1) } / 200).squareRoot()
        #expect(std > 0.5e-4 && std < 2e-4)
    }

    @Test func pcaInitialisationHasFirstStdOneEMinusFour() throws {
        let data = try GaussianClusters(count: 200, dimensions: 12, classes: 3, centreSpread: 2, seed: 14)
        let y = try pcaInitialisation(data.points, rows: 200, columns: 12)
        let first = (0..<200).map { Double(y[2 * $0]) }
        let mean = first.reduce(0, +) / 200
        let std = (first.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 200).squareRoot()
        #expect(close(std, 1e-4, relative: 1e-5))
    }

    @Test func defaultScheduleFollowsScikitLearn() {
        let config = TSNEConfiguration()
        #expect(config.resolvedLearningRate(points: 3068) == 3068.0 / 12 / 4)
        #expect(config.resolvedLearningRate(points: 1000) == 50)
        #expect(config.neighbourCount(points: 10_000) == 91)
        #expect(config.neighbourCount(points: 50) == 49)
        #expect(config.iterations == 1000 && config.exaggerationIterations == 250 && config.earlyExaggeration == 12)
    }

    @Test func badScheduleIsRejected() throws {
        let data = try GaussianClusters(count: 40, dimensions: 3, classes: 2, centreSpread: 1, seed: 17)
        var config = TSNEConfiguration()
        config.learningRate = .fixed(-1)
        #expect(throws: AnalysisError.self) { try tsne(data.points, rows: 40, columns: 3, configuration: config) }
        config = TSNEConfiguration()
        config.perplexity = 40
        #expect(throws: AnalysisError.self) { try tsne(data.points, rows: 40, columns: 3, configuration: config) }
    }

    @Test func badShapesAreNamed() {
        #expect(throws: AnalysisError.shapeMismatch(argument: "x", expected: 12, actual: 11)) {
            try tsne([Float](repeating: 0, count: 11), rows: 4, columns: 3)
        }
    }
}
