import Analysis
import Foundation
import Testing

@Suite struct ClusterQualityTests {
    @Test func silhouetteHandComputed() throws {
        // 1-D points 0, 1 | 10, 11: s = 9.5/10.5 for the outer points, 8.5/9.5 for the inner ones.
        let s = try silhouetteScore([0, 1, 10, 11], rows: 4, columns: 1, labels: [0, 0, 1, 1])
        #expect(close(s, (9.5 / 10.5 + 8.5 / 9.5) / 2, relative: 1e-6))
        // Swapping the labels of the inner points makes every point closer to the other class.
        let bad = try silhouetteScore([0, 1, 10, 11], rows: 4, columns: 1, labels: [0, 1, 0, 1])
        #expect(bad < 0)
    }

    @Test func silhouetteMatchesScikitLearn() throws {
        let r = Reference.section("silhouette")
        let s = try silhouetteScore(r.floats("x"), rows: r.int("rows"), columns: r.int("columns"), labels: r.ints("labels"))
        #expect(close(s, r.double("score"), absolute: 1e-5))
    }

    @Test func silhouetteNeedsTwoClasses() {
        #expect(throws: AnalysisError.self) { try silhouetteScore([0, 1, 2], rows: 3, columns: 1, labels: [0, 0, 0]) }
    }

    @Test func leaveOneOutKNNWithTieRule() throws {
        // k = 2 on a line: 0 (class 0), 1 (class 1), 3 (class 0), 4.5 (class 0). Points 0, 3 and 4.5
        // see a 1–1 vote, which goes to the class of the nearer neighbour: 1, 0, 0; point 1 gets 0.
        let accuracy = try leaveOneOutKNNAccuracy([0, 1, 3, 4.5], rows: 4, columns: 1, labels: [0, 1, 0, 0], neighbours: 2)
        #expect(accuracy == 0.5)
        let separated = try leaveOneOutKNNAccuracy([0, 1, 2, 3, 10, 11, 12, 13], rows: 8, columns: 1,
                                                   labels: [0, 0, 0, 0, 1, 1, 1, 1], neighbours: 3)
        #expect(separated == 1)
    }

    @Test func trustworthinessOfTheDataItselfIsOne() throws {
        let data = try GaussianClusters(count: 60, dimensions: 3, classes: 2, centreSpread: 1, seed: 4)
        let t = try trustworthiness(original: data.points, embedding: data.points, rows: 60, originalColumns: 3,
                                    embeddingColumns: 3, neighbours: 5)
        #expect(t == 1)
    }

    @Test func distancesSurviveALargeCommonOffset() throws {
        // Features with a large shared offset and a small spread (as after a ReLU layer): the
        // scores must match those of the same points near the origin.
        let data = try GaussianClusters(count: 90, dimensions: 64, classes: 3, centreSpread: 0.5, seed: 16)
        let small = data.points.map { $0 * 0.01 }
        let shifted = small.map { $0 + 1000 }
        let s1 = try silhouetteScore(small, rows: 90, columns: 64, labels: data.labels)
        let s2 = try silhouetteScore(shifted, rows: 90, columns: 64, labels: data.labels)
        #expect(abs(s1 - s2) < 1e-3)
        let k1 = try leaveOneOutKNNAccuracy(small, rows: 90, columns: 64, labels: data.labels)
        let k2 = try leaveOneOutKNNAccuracy(shifted, rows: 90, columns: 64, labels: data.labels)
        #expect(k1 == k2)
    }

    @Test func trustworthinessMatchesScikitLearn() throws {
        let r = Reference.section("trustworthiness")
        for (k, key) in [(5, "k5"), (3, "k3")] {
            let t = try trustworthiness(original: r.floats("x"), embedding: r.floats("y"), rows: r.int("rows"),
                                        originalColumns: 8, embeddingColumns: 2, neighbours: k)
            #expect(close(t, r.double(key), absolute: 1e-9))
        }
    }

    @Test func trustworthinessRejectsLargeK() {
        #expect(throws: AnalysisError.self) {
            try trustworthiness(original: [0, 1, 2, 3], embedding: [0, 1, 2, 3], rows: 4, originalColumns: 1, embeddingColumns: 1, neighbours: 2)
        }
    }

    @Test func pcaMatchesScikitLearn() throws {
        let r = Reference.section("pca")
        let pca = try PCA(fitting: r.floats("x"), rows: r.int("rows"), columns: r.int("columns"), components: 3)
        let variances = r.doubles("explained_variance"), axes = r.doubles("components")
        for k in 0..<3 {
            #expect(close(pca.explainedVariance[k], variances[k], relative: 1e-9))
            // Same axis up to sign.
            let dot = (0..<7).reduce(0.0) { $0 + pca.axes[k * 7 + $1] * axes[k * 7 + $1] }
            #expect(close(abs(dot), 1, relative: 1e-9))
        }
    }

    @Test func pcaOfHighDimensionalClustersUsesSubspaceIteration() throws {
        // 40-D, beyond the size where Rayleigh–Ritz alone is exact: each axis must satisfy
        // C v = λ v for the sample covariance C computed here directly.
        let n = 300, d = 40
        let data = try GaussianClusters(count: n, dimensions: d, classes: 4, centreSpread: 2, seed: 9)
        let pca = try PCA(fitting: data.points, rows: n, columns: d, components: 2)
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for c in 0..<d { mean[c] += Double(data.points[i * d + c]) / Double(n) } }
        var covariance = [Double](repeating: 0, count: d * d)
        for i in 0..<n { for a in 0..<d { for b in 0..<d {
            covariance[a * d + b] += (Double(data.points[i * d + a]) - mean[a]) * (Double(data.points[i * d + b]) - mean[b]) / Double(n - 1)
        } } }
        for k in 0..<2 {
            let v = Array(pca.axes[(k * d)..<((k + 1) * d)])
            var residual = 0.0
            for a in 0..<d {
                let cv = (0..<d).reduce(0.0) { $0 + covariance[a * d + $1] * v[$1] }
                residual += pow(cv - pca.explainedVariance[k] * v[a], 2)
            }
            #expect(residual.squareRoot() <= 1e-8 * pca.explainedVariance[0])
        }
        #expect(pca.explainedVariance[0] > pca.explainedVariance[1])
        let dot = (0..<d).reduce(0.0) { $0 + pca.axes[$1] * pca.axes[d + $1] }
        #expect(abs(dot) < 1e-10)
    }
}
