import ArgumentParser
import BenchClock
import Foundation
import Tensor

/// `make bench-engine`: the Swift engine against its PyTorch twin, side by side in one run.
struct BenchEngine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-engine",
        abstract: "Measure the engine's GEMM, convolution and a ResNet-18 training step against PyTorch.",
        discussion: """
            Swift and PyTorch runs alternate, each case several times; the best time of each side counts \
            (other work on the machine only ever slows a run down). Both sides use the same thread count. \
            The last line printed is `training-step ratio vs PyTorch: X.XX` (PyTorch time / Swift time).
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

    func run() throws {
        let threads = Parallel.threadCount
        let machine = Machine.measure(threads: threads)
        say("engine bench: \(threads) threads, kernels \(machine.isa), clock \(String(format: "%.2f", machine.ghz)) GHz "
              + "(\(machine.clockSource)), peak \(String(format: "%.0f", machine.peakGFLOPs)) GFLOP/s "
              + "(\(machine.peakFormula))")
        var pytorch: Twin?
        var twinNote = ""
        do {
            pytorch = try Twin(python: python, script: twin)
            twinNote = "PyTorch \(pytorch!.version), \(threads) threads"
        } catch {
            twinNote = "\(error); reporting Swift alone"
        }
        say(twinNote)

        var results: [CaseResult] = []
        for benchCase in BenchCase.all(threads: threads) where filter.map(benchCase.name.contains) ?? true {
            var result = try measure(benchCase, twin: pytorch, machine: machine)
            if result.twinSeconds == nil, pytorch != nil {
                result.note = [result.note, "the twin failed on this case"].compactMap { $0 }.joined(separator: "; ")
            }
            say(result.line)
            results.append(result)
        }
        pytorch?.close()

        let step = results.first { $0.name.hasPrefix("resnet18 train step") }
        var report = Report(machine: machine, threads: threads, pytorch: twinNote, cases: results,
                            trainingStepRatio: step?.ratio)
        let load = Machine.loadAverage()
        report.machine.loadAtEnd = load
        say("load average (1 min) at start \(machine.loadAtStart), at end \(load): other work shares the cores; "
            + "best-of-\(repeats) times, Swift and PyTorch alternating")
        let url = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: url)
        say("wrote \(output)")
        if let ratio = step?.ratio {
            say("training-step ratio vs PyTorch: \(String(format: "%.2f", ratio))")
        } else {
            say("training-step ratio vs PyTorch: n/a (PyTorch not measured)")
        }
    }

    /// Alternates Swift and PyTorch repeats of one case and keeps the best time of each.
    func measure(_ benchCase: BenchCase, twin: Twin?, machine: Machine) throws -> CaseResult {
        let (body, summary) = benchCase.makeBody()
        body()  // warm-up: scratch buffers, page faults
        var swiftBest = Double.infinity, twinBest: Double? = nil
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<benchCase.iterations { body() }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(benchCase.iterations)
            swiftBest = min(swiftBest, seconds)
            if let twin {
                var command = benchCase.twinCommand
                command["iterations"] = benchCase.iterations
                if let seconds = try? twin.run(command) { twinBest = min(twinBest ?? .infinity, seconds) }
            }
        }
        var result = CaseResult(name: benchCase.name, flops: benchCase.flops, swiftSeconds: swiftBest,
                                twinSeconds: twinBest, peakGFLOPs: machine.peakGFLOPs)
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
        var ghz = bench_core_ghz(), source = "timed chain of dependent integer adds, 1 cycle each"
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
    var flops: Double
    var swiftSeconds: Double
    var twinSeconds: Double?
    var swiftGFLOPs: Double
    var twinGFLOPs: Double?
    var swiftShareOfPeak: Double
    /// PyTorch time over Swift time: above 1 means the Swift engine is faster.
    var ratio: Double?
    var note: String?

    init(name: String, flops: Double, swiftSeconds: Double, twinSeconds: Double?, peakGFLOPs: Double) {
        self.name = name; self.flops = flops; self.swiftSeconds = swiftSeconds; self.twinSeconds = twinSeconds
        swiftGFLOPs = flops / swiftSeconds / 1e9
        twinGFLOPs = twinSeconds.map { flops / $0 / 1e9 }
        swiftShareOfPeak = peakGFLOPs > 0 ? swiftGFLOPs / peakGFLOPs : 0
        ratio = twinSeconds.map { $0 / swiftSeconds }
    }

    var line: String {
        let padded = name.padding(toLength: 40, withPad: " ", startingAt: 0)
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
    var threads: Int
    var pytorch: String
    var cases: [CaseResult]
    var trainingStepRatio: Double?
}

/// Prints one line at once (unbuffered), so a log shows each case as it finishes.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

BenchEngine.main()
