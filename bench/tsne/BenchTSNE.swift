import Analysis
import ArgumentParser
import Foundation

/// `bench-tsne`: the Swift side of `make bench-tsne`. `generate` writes the shared input (and the
/// PCA initialisation both sides start from); `compare` runs the Swift Barnes–Hut t-SNE, reads
/// what the Python twin (`sklearn_tsne.py`) wrote, scores every embedding with the same code and
/// writes `figures/bench/tsne.json`.
@main
struct BenchTSNE: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-tsne",
        abstract: "Swift t-SNE against scikit-learn's Barnes–Hut on the same input.",
        subcommands: [Generate.self, Compare.self])
}

/// Sizes measured and the shape of the input.
enum BenchSetup {
    static let dimensions = 512
    static let classes = 7
    static let centreSpread = 0.5
    static let seed: UInt64 = 20_240_501
}

/// The files of one input size inside the work directory.
struct BenchFiles {
    let directory: URL, n: Int
    var data: URL { directory.appendingPathComponent("data_\(n).f32") }
    var labels: URL { directory.appendingPathComponent("labels_\(n).i32") }
    var initial: URL { directory.appendingPathComponent("init_\(n).f32") }
    var swiftEmbedding: URL { directory.appendingPathComponent("swift_\(n).f32") }
    func embedding(of tool: String) -> URL { directory.appendingPathComponent("\(tool)_\(n).f32") }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write 7 Gaussian clusters in 512-D (raw little-endian float32 / int32) and their PCA initialisation.")

    @Option(help: "Work directory for the input files.") var work: String
    @Option(help: "Comma-separated numbers of points.") var sizes: String = "3068,10000"

    func run() throws {
        let dir = URL(fileURLWithPath: work)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for n in try parseSizes(sizes) {
            let files = BenchFiles(directory: dir, n: n)
            let data = try GaussianClusters(count: n, dimensions: BenchSetup.dimensions, classes: BenchSetup.classes,
                                            centreSpread: BenchSetup.centreSpread, seed: BenchSetup.seed &+ UInt64(n))
            try writeRaw(data.points, to: files.data)
            try writeRaw(data.labels.map { Int32($0) }, to: files.labels)
            try writeRaw(try pcaInitialisation(data.points, rows: n, columns: BenchSetup.dimensions), to: files.initial)
            print("wrote \(n) × \(BenchSetup.dimensions) points to \(files.data.path)")
        }
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Swift t-SNE, score it and the Python twin's embeddings, write the JSON report.")

    @Option(help: "Work directory written by `generate` and the Python twin.") var work: String
    @Option(help: "Report path.") var out: String = "figures/bench/tsne.json"
    @Option(help: "Comma-separated numbers of points.") var sizes: String = "3068,10000"
    @Option(help: "Threads for the Swift t-SNE.") var threads: Int = 2

    func run() throws {
        let dir = URL(fileURLWithPath: work)
        let twinURL = dir.appendingPathComponent("python.json")
        let twin = (try? JSONSerialization.jsonObject(with: Data(contentsOf: twinURL))) as? [String: Any] ?? [:]
        if twin.isEmpty { print("note: no Python results at \(twinURL.path); reporting Swift only") }
        var report: [String: Any] = ["dimensions": BenchSetup.dimensions, "classes": BenchSetup.classes, "threads": threads]
        var runs: [[String: Any]] = []
        var ratios: [Int: Double] = [:]
        for n in try parseSizes(sizes) {
            let files = BenchFiles(directory: dir, n: n)
            let x: [Float] = try readRaw(files.data, count: n * BenchSetup.dimensions)
            let labels: [Int32] = try readRaw(files.labels, count: n)
            var config = TSNEConfiguration()
            config.threads = threads
            print("[swift] N=\(n): t-SNE (Barnes–Hut, θ=0.5, 1000 iterations)…")
            let start = Date(), startCPU = processCPUSeconds()
            let result = try tsne(x, rows: n, columns: BenchSetup.dimensions, configuration: config) { it, kl in
                if (it + 1) % 250 == 0 || it == 49 {
                    print(String(format: "  iteration %d: KL %.4f (%.1f s)", it + 1, kl, Date().timeIntervalSince(start)))
                }
            }
            let seconds = Date().timeIntervalSince(start), cpuSeconds = processCPUSeconds() - startCPU
            try writeRaw(result.embedding, to: files.swiftEmbedding)
            let scorer = try Scorer(x: x, labels: labels.map { Int($0) }, n: n, threads: threads)
            var entry: [String: Any] = ["n": n]
            var swift = try scorer.score(result.embedding)
            swift["seconds"] = seconds
            swift["cpu_seconds"] = cpuSeconds
            swift["kl_reported"] = result.klDivergence
            swift["iterations"] = result.iterationsRun
            entry["swift"] = swift
            print(String(format: "[swift] N=%d: %.2f s (CPU %.2f s), KL %.4f, trustworthiness %.4f, kNN accuracy %.4f",
                         n, seconds, cpuSeconds, result.klDivergence, swift["trustworthiness"] as! Double, swift["knn_accuracy"] as! Double))
            for tool in ["sklearn", "opentsne"] {
                guard let info = (twin["\(n)"] as? [String: Any])?[tool] as? [String: Any] else { continue }
                let embedding: [Float] = try readRaw(files.embedding(of: tool), count: 2 * n)
                var scored = try scorer.score(embedding)
                for (key, value) in info { scored[key] = value }
                entry[tool] = scored
                let twinSeconds = info["seconds"] as? Double ?? .nan
                print(String(format: "[%@] N=%d: %.2f s (CPU %.2f s), KL %.4f (own report %.4f), trustworthiness %.4f, kNN accuracy %.4f",
                             tool, n, twinSeconds, info["cpu_seconds"] as? Double ?? .nan, scored["kl"] as! Double, info["kl_reported"] as? Double ?? .nan,
                             scored["trustworthiness"] as! Double, scored["knn_accuracy"] as! Double))
                if tool == "sklearn" {
                    ratios[n] = twinSeconds / seconds
                    entry["speed_ratio_vs_sklearn"] = twinSeconds / seconds
                    entry["cpu_time_ratio_vs_sklearn"] = (info["cpu_seconds"] as? Double ?? .nan) / cpuSeconds
                    entry["kl_ratio_vs_sklearn"] = (swift["kl"] as! Double) / (scored["kl"] as! Double)
                }
            }
            runs.append(entry)
        }
        report["runs"] = runs
        let outURL = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: outURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys]).write(to: outURL)
        print("wrote \(out)")
        for (n, ratio) in ratios.sorted(by: { $0.key < $1.key }) where n != 3068 {
            print(String(format: "t-SNE speed ratio vs scikit-learn (N=%d): %.2f", n, ratio))
        }
        if let ratio = ratios[3068] {
            print(String(format: "t-SNE speed ratio vs scikit-learn (N=3068): %.2f", ratio))
        } else {
            print("t-SNE speed ratio vs scikit-learn (N=3068): n/a (no scikit-learn result)")
        }
    }
}

/// Scores an embedding with the same code for every tool: KL on the Barnes–Hut sparse P with the
/// exact normalisation Z (θ = 0), trustworthiness (k = 5) and leave-one-out 5-NN accuracy in 2-D.
struct Scorer {
    let x: [Float], labels: [Int], n: Int, threads: Int
    let p: JointProbabilities

    init(x: [Float], labels: [Int], n: Int, threads: Int) throws {
        self.x = x; self.labels = labels; self.n = n; self.threads = threads
        p = try JointProbabilities(x, rows: n, columns: BenchSetup.dimensions, perplexity: 30,
                                   neighbours: TSNEConfiguration().neighbourCount(points: n), threads: threads)
    }

    func score(_ embedding: [Float]) throws -> [String: Any] {
        let kl = try TSNEObjective(embedding: embedding, p: p, method: .barnesHut(theta: 0), threads: threads).klDivergence!
        let trust = try trustworthiness(original: x, embedding: embedding, rows: n, originalColumns: BenchSetup.dimensions,
                                        embeddingColumns: 2, neighbours: 5, threads: threads)
        let knn = try leaveOneOutKNNAccuracy(embedding, rows: n, columns: 2, labels: labels, neighbours: 5, threads: threads)
        return ["kl": kl, "trustworthiness": trust, "knn_accuracy": knn]
    }
}

/// User plus system CPU time of this process so far, all threads.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
}

func parseSizes(_ text: String) throws -> [Int] {
    let sizes = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 91 }) else { throw ValidationError("--sizes: expected numbers above 91, got '\(text)'") }
    return sizes
}

func writeRaw<T>(_ values: [T], to url: URL) throws {
    try values.withUnsafeBytes { Data($0) }.write(to: url)
}

func readRaw<T>(_ url: URL, count: Int) throws -> [T] {
    let data = try Data(contentsOf: url)
    guard data.count == count * MemoryLayout<T>.stride else {
        throw ValidationError("\(url.path): expected \(count * MemoryLayout<T>.stride) bytes, found \(data.count)")
    }
    return data.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
}
