import ArgumentParser
import BenchClock
import Foundation
import Tensor

/// `make bench-engine`: the Swift engine against its PyTorch twin, side by side in one run.
struct BenchEngine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-engine",
        abstract: "Measure the engine's GEMM, convolution and training steps against PyTorch.",
        discussion: """
            Swift and PyTorch runs alternate, each case several times at each thread count of --threads; the best \
            time of each side counts (other work on the machine only ever slows a run down). Both sides use the same \
            thread count. Cases named `kit …` are the kit's own models at the quick profile's settings; those \
            without a twin report time and GFLOP/s (of their GEMMs) alone. The last line printed is \
            `training-step ratio vs PyTorch (1 thread): X.XX` (PyTorch time / Swift time) of the bench ResNet-18.
            """)

    @Option(help: "Python interpreter with torch installed (the twin is skipped when it cannot import torch).")
    var python = "bench/.venv/bin/python"

    @Option(help: "The PyTorch twin script.")
    var twin = "bench/engine/twin.py"

    @Option(help: "Where to write the results as JSON.")
    var output = "figures/bench/engine.json"

    @Option(help: "Repeats of every case on each side (the best counts).")
    var repeats = 5

    @Option(help: "Run only the cases whose name contains this text.")
    var filter: String?

    @Option(help: "Thread counts to measure every case at, comma-separated (both sides use the same).")
    var threads = "1,2"

    @Flag(help: "Measure the Swift side alone (no twin); for profiling under perf.")
    var swiftOnly = false

    func run() throws {
        let threadCounts = threads.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
        let machine = Machine.measure(threads: 1)
        say("engine bench: threads \(threadCounts.map(String.init).joined(separator: ", ")), kernels \(machine.isa), "
              + "clock \(String(format: "%.2f", machine.ghz)) GHz (\(machine.clockSource)), peak of one core "
              + "\(String(format: "%.0f", machine.peakGFLOPs)) GFLOP/s (\(machine.peakFormula))")
        var pytorch: Twin?
        var twinNote = ""
        if swiftOnly {
            twinNote = "Swift alone (--swift-only)"
        } else {
            do {
                pytorch = try Twin(python: python, script: twin)
                twinNote = "PyTorch \(pytorch!.version)"
            } catch {
                twinNote = "\(error); reporting Swift alone"
            }
        }
        say(twinNote)

        var results: [CaseResult] = []
        let cases = BenchCase.all(threads: 1).filter { filter.map($0.name.contains) ?? true }
        for benchCase in cases {
            for count in threadCounts {
                var result = try Parallel.withThreadCount(count) {
                    try measure(benchCase, threads: count, twin: pytorch, machine: machine)
                }
                if result.twinSeconds == nil, pytorch != nil, benchCase.twinCommand != nil {
                    result.note = [result.note, "the twin failed on this case"].compactMap { $0 }.joined(separator: "; ")
                }
                say(result.line)
                results.append(result)
            }
        }
        pytorch?.close()

        let load = Machine.loadAverage()
        var report = Report(machine: machine, pytorch: twinNote, cases: results,
                            trainingStepRatio: Self.ratio(results, "resnet18 train step", threads: 1))
        report.machine.loadAtEnd = load
        say("load average (1 min) at start \(machine.loadAtStart), at end \(load): other work shares the cores; "
            + "best-of-\(repeats) times, Swift and PyTorch alternating")
        let url = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: url)
        say("wrote \(output)")
        say("summary (ratio = PyTorch time / Swift time):")
        for name in Set(results.map(\.name)).sorted() {
            let parts = threadCounts.map { count -> String in
                guard let r = results.first(where: { $0.name == name && $0.threads == count }) else { return "" }
                let ratio = r.ratio.map { String(format: "ratio %.2f", $0) } ?? "no twin"
                return String(format: "%d thr %8.1f ms %6.1f GFLOP/s %@", count, r.swiftSeconds * 1e3, r.swiftGFLOPs, ratio)
            }
            say("  " + name.padding(toLength: 40, withPad: " ", startingAt: 0) + parts.joined(separator: " | "))
        }
        if let ratio = Self.ratio(results, "resnet18 quick", threads: 2) {
            say(String(format: "kit resnet18 quick step ratio vs PyTorch (2 threads): %.2f", ratio))
        }
        if let ratio = Self.ratio(results, "resnet18 quick", threads: 1) {
            say(String(format: "kit resnet18 quick step ratio vs PyTorch (1 thread): %.2f", ratio))
        }
        if let ratio = Self.ratio(results, "resnet18 train step", threads: 2) {
            say(String(format: "training-step ratio vs PyTorch (2 threads): %.2f", ratio))
        }
        if let ratio = report.trainingStepRatio {
            say("training-step ratio vs PyTorch (1 thread): \(String(format: "%.2f", ratio))")
        } else {
            say("training-step ratio vs PyTorch (1 thread): n/a (PyTorch not measured)")
        }
    }

    /// The ratio of the first case whose name starts with `prefix`, at `threads`.
    static func ratio(_ results: [CaseResult], _ prefix: String, threads: Int) -> Double? {
        results.first { $0.name.contains(prefix) && $0.threads == threads }?.ratio
    }

    /// Alternates Swift and PyTorch repeats of one case and keeps the best time of each.
    func measure(_ benchCase: BenchCase, threads: Int, twin: Twin?, machine: Machine) throws -> CaseResult {
        let (body, summary) = benchCase.makeBody()
        let flops = benchCase.flops ?? GEMM.countingFlops { body() }
        body()  // warm-up: scratch buffers, page faults
        var swiftBest = Double.infinity, twinBest: Double? = nil
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<benchCase.iterations { body() }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(benchCase.iterations)
            swiftBest = min(swiftBest, seconds)
            if let twin, var command = benchCase.twinCommand {
                command["iterations"] = benchCase.iterations
                command["threads"] = threads
                if let seconds = try? twin.run(command) { twinBest = min(twinBest ?? .infinity, seconds) }
            }
        }
        var result = CaseResult(name: benchCase.name, threads: threads, flops: flops, swiftSeconds: swiftBest,
                                twinSeconds: twinBest, peakGFLOPs: machine.peakGFLOPs * Double(threads))
        result.note = summary()
        return result
    }
}

/// The machine's clock and the peak single-precision rate of the kernels' instruction set.
struct Machine: Codable {
    var isa: String
    var ghz: Double
    var clockSource: String
    var cores: Int
    var peakGFLOPs: Double
    var peakFormula: String
    /// The 1-minute load average before and after the run (2 means both cores were busy).
    var loadAtStart: String
    var loadAtEnd: String?

    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").first.map(String.init) ?? "unknown"
    }

    static func measure(threads: Int) -> Machine {
        let isa = GEMM.instructionSet
        var ghz = bench_core_ghz(), source = "timed chain of dependent register adds, 1 cycle each"
        if ghz <= 0 {
            ghz = 0; source = "unknown (no clock probe on this CPU)"
        }
        // Per core and cycle: FMA pipes × float lanes × 2 flops. Two 512-bit FMA pipes on the AVX-512
        // cores this bench targets (AMD Zen 4/5 server, Intel server); two 256-bit pipes for AVX2;
        // the portable path is counted as 128-bit SSE/NEON.
        let (pipes, lanes) = isa == "avx512" ? (2, 16) : isa == "avx2" ? (2, 8) : (2, 4)
        let peak = Double(threads * pipes * lanes * 2) * ghz
        let formula = "\(threads) cores × \(pipes) FMA pipes × \(lanes) lanes × 2 flops × \(String(format: "%.2f", ghz)) GHz"
        return Machine(isa: isa, ghz: ghz, clockSource: source, cores: threads, peakGFLOPs: peak, peakFormula: formula,
                       loadAtStart: loadAverage(), loadAtEnd: nil)
    }
}

/// One measured case: Swift and PyTorch seconds per iteration, throughput and ratio.
struct CaseResult: Codable {
    var name: String
    var threads: Int
    var flops: Double
    var swiftSeconds: Double
    var twinSeconds: Double?
    var swiftGFLOPs: Double
    var twinGFLOPs: Double?
    var swiftShareOfPeak: Double
    /// PyTorch time over Swift time: above 1 means the Swift engine is faster.
    var ratio: Double?
    var note: String?

    init(name: String, threads: Int, flops: Double, swiftSeconds: Double, twinSeconds: Double?, peakGFLOPs: Double) {
        self.name = name; self.threads = threads; self.flops = flops; self.swiftSeconds = swiftSeconds; self.twinSeconds = twinSeconds
        swiftGFLOPs = flops / swiftSeconds / 1e9
        twinGFLOPs = twinSeconds.map { flops / $0 / 1e9 }
        swiftShareOfPeak = peakGFLOPs > 0 ? swiftGFLOPs / peakGFLOPs : 0
        ratio = twinSeconds.map { $0 / swiftSeconds }
    }

    var line: String {
        let padded = "\(name) [\(threads) thr]".padding(toLength: 48, withPad: " ", startingAt: 0)
        var text = String(format: "%@ swift %8.2f ms %7.1f GFLOP/s (%4.1f%% of peak)", padded, swiftSeconds * 1e3,
                          swiftGFLOPs, swiftShareOfPeak * 100)
        if let twinSeconds, let twinGFLOPs, let ratio {
            text += String(format: " | torch %8.2f ms %7.1f GFLOP/s | ratio %.2f", twinSeconds * 1e3, twinGFLOPs, ratio)
        }
        if let note { text += "\n    \(note)" }
        return text
    }
}

/// The JSON file `figures/bench/engine.json`.
struct Report: Codable {
    var machine: Machine
    var pytorch: String
    var cases: [CaseResult]
    var trainingStepRatio: Double?
}

/// Prints one line at once (unbuffered), so a log shows each case as it finishes.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

BenchEngine.main()
