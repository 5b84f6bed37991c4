// `make bench-data`: faces per second for SynFER generation, low-light degradation and the batch
// pipeline on this machine. Prints a table and writes figures/bench/data.json.
import FaceData
import Foundation

/// CPU seconds used by the whole process so far (all threads).
func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Wall-clock and CPU seconds taken by `body`. On a shared machine the CPU time is the steadier
/// figure: other processes stretch the wall clock but not this process's CPU time.
func seconds(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let cpu0 = cpuSeconds()
    try body()
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpuSeconds() - cpu0)
}

struct Row: Codable {
    var task: String
    var flavour: String
    var size: Int
    var threads: Int
    var count: Int
    var seconds: Double
    var cpuSeconds: Double
    var facesPerSecond: Double
    var facesPerCPUSecond: Double
}

let cores = ProcessInfo.processInfo.activeProcessorCount
var load = [Double](repeating: 0, count: 3)
getloadavg(&load, 3)
print(String(format: "%d cores, load average %.1f (numbers are per wall second and per CPU second of this process)", cores, load[0]))
let count = Int(ProcessInfo.processInfo.environment["BENCH_COUNT"] ?? "") ?? 2000
var rows: [Row] = []

@MainActor func record(_ task: String, _ flavour: String, _ size: Int, _ threads: Int, _ n: Int, _ t: (wall: Double, cpu: Double)) {
    let row = Row(task: task, flavour: flavour, size: size, threads: threads, count: n, seconds: t.wall, cpuSeconds: t.cpu,
                  facesPerSecond: Double(n) / t.wall, facesPerCPUSecond: Double(n) / t.cpu)
    rows.append(row)
    print(task.padding(toLength: 22, withPad: " ", startingAt: 0) + flavour.padding(toLength: 12, withPad: " ", startingAt: 0)
          + String(format: "%4dpx %2d threads %6d faces %7.2f s %9.0f faces/s %9.0f faces/CPU-s",
                                 size, threads, n, t.wall, row.facesPerSecond, row.facesPerCPUSecond))
}

for flavour in SynFERFlavour.allCases {
    let synfer = SynFER(flavour: flavour, seed: 1)
    let n = min(count, synfer.count(.train))
    for threads in Set([1, cores]).sorted() {
        let t = seconds { _ = Parallel.map(n, threads: threads) { synfer.sample(.train, $0).image.pixels.count } }
        record("generate", flavour.rawValue, synfer.config.size, threads, n, t)
    }
    let plans = seconds { _ = Parallel.map(n, threads: 1) { synfer.plan(.train, $0).label } }
    record("plan-only", flavour.rawValue, synfer.config.size, 1, n, plans)
}

let synfer = SynFER(flavour: .synRAF, seed: 1)
let faces = Parallel.map(min(count, 1000)) { synfer.sample(.train, $0).image }
for recipe in LowLightRecipe.allCases {
    let ll = LowLight(config: LowLightConfig(recipe: recipe))
    for threads in Set([1, cores]).sorted() {
        let t = seconds { _ = Parallel.map(faces.count, threads: threads) { ll.degrade(faces[$0], seed: 0, keys: [UInt64($0)]).width } }
        record("degrade-\(recipe.rawValue)", "syn-raf", 64, threads, faces.count, t)
    }
}

let dataset = try FaceDataset(source: LowLightSource(base: synfer, seed: 1), split: .train)
let loader = try BatchLoader(dataset: dataset, config: BatchConfig(batchSize: 64, size: 64, seed: 1))
let batches = min(count, 2048) / 64
let t = try seconds {
    let stream = loader.epoch(0)
    for _ in 0..<batches { _ = try stream.nextBatch() }
}
record("batches-ll-augmented", "ll-syn-raf", 64, Parallel.threadCount, batches * 64, t)

struct Report: Codable {
    var machine: String
    var cores: Int
    var loadAverage: Double
    var rows: [Row]
}
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
try FileManager.default.createDirectory(atPath: "figures/bench", withIntermediateDirectories: true)
let data = try encoder.encode(Report(machine: ProcessInfo.processInfo.hostName, cores: cores, loadAverage: load[0], rows: rows))
try data.write(to: URL(fileURLWithPath: "figures/bench/data.json"))
print("wrote figures/bench/data.json")
