import Foundation
import Tensor

/// One benchmark case: the Swift work of one iteration, its floating-point operation count, and
/// the command that makes the PyTorch twin do the same work.
struct BenchCase {
    var name: String
    /// The floating-point operations of one iteration; nil: counted from the GEMMs of the first run.
    var flops: Double?
    var iterations: Int
    /// Nil for a case without a PyTorch twin.
    var twinCommand: [String: Any]?
    /// Allocates the case's buffers and returns the closure that runs one iteration on them,
    /// and one that describes what the iterations did (or nil).
    var makeBody: () -> (run: () -> Void, summary: () -> String?)

    static func all(threads: Int) -> [BenchCase] {
        [256, 512, 1024].map(gemm) + [(3, 32), (32, 32)].map { conv(cin: $0.0, cout: $0.1) }
            + [resnet18Quick(), posterLite(), lldifStage(0), lldifStage(2), resnet18Kernels(), resnet18Engine()]
    }

    /// The kit's ResNet-18 at the quick profile's settings (width 8, stride-2 stem, 64 px, batch 32),
    /// as the shared training loop runs it: cross entropy, backward, gradient clipping, AdamW.
    static func resnet18Quick() -> BenchCase {
        BenchCase(name: "kit resnet18 quick step b32 64x64", flops: nil, iterations: 4,
                  twinCommand: ["case": "resnet", "batch": 32, "size": 64, "classes": 7, "width": 8, "stem_stride": 2,
                                "learning_rate": 0.003, "clip_norm": 5]) {
            kitBody { try KitStep.classifier("resnet18") }
        }
    }

    /// POSTER-lite at the quick profile's settings (no twin).
    static func posterLite() -> BenchCase {
        BenchCase(name: "kit poster-lite step b32 64x64", flops: nil, iterations: 2, twinCommand: nil) {
            kitBody { try KitStep.classifier("poster-lite") }
        }
    }

    /// One step of LLDif's stage 0 or stage 2 at the quick profile's settings (no twin).
    static func lldifStage(_ stage: Int) -> BenchCase {
        BenchCase(name: "kit lldif stage \(stage) step b32 64x64", flops: nil, iterations: 2, twinCommand: nil) {
            kitBody { try KitStep.lldif(stage: stage) }
        }
    }

    private static func kitBody(_ make: () throws -> KitStep) -> (run: () -> Void, summary: () -> String?) {
        do {
            let step = try make()
            return ({ step.run() }, {
                lossSummary(step.losses).map { $0 + ", parameters' bit hash \(step.parameterHash)" }
            })
        } catch {
            fatalError("bench case setup failed: \(error)")
        }
    }

    /// `C = A·B` for square n×n matrices.
    static func gemm(_ n: Int) -> BenchCase {
        BenchCase(name: "gemm \(n)x\(n)x\(n)", flops: 2 * Double(n * n * n), iterations: max(2, (1 << 29) / (n * n * n)),
                  twinCommand: ["case": "gemm", "n": n]) {
            let a = Buffer(random: n * n, seed: 1), b = Buffer(random: n * n, seed: 2), c = Buffer(zeros: n * n)
            return ({
                GEMM.sgemm(transA: false, transB: false, m: n, n: n, k: n, a: a.pointer, lda: n, b: b.pointer, ldb: n,
                           c: c.pointer, ldc: n)
            }, { nil })
        }
    }

    /// A 3×3, stride-1, padding-1 convolution at batch 32 on 64×64: forward, input and weight gradients.
    static func conv(cin: Int, cout: Int) -> BenchCase {
        let (batch, size) = (32, 64)
        let g = ConvGeometry(batch: batch, inChannels: cin, height: size, width: size, outChannels: cout,
                             kernelHeight: 3, kernelWidth: 3, padding: (1, 1))
        let flops = 3 * 2 * Double(batch * cout * size * size * cin * 9)
        return BenchCase(name: "conv3x3 \(cin)->\(cout) fwd+bwd b32 64x64", flops: flops, iterations: 3,
                         twinCommand: ["case": "conv", "batch": batch, "cin": cin, "cout": cout, "size": size]) {
            let input = Buffer(random: batch * cin * size * size, seed: 3)
            let weight = Buffer(random: cout * cin * 9, seed: 4)
            let gradOutput = Buffer(random: batch * cout * size * size, seed: 5)
            let output = Buffer(zeros: batch * cout * size * size), gradInput = Buffer(zeros: batch * cin * size * size)
            let gradWeight = Buffer(zeros: cout * cin * 9)
            return ({
                ConvKernels.forward(g, input: input.pointer, weight: weight.pointer, bias: nil, output: output.pointer)
                ConvKernels.backwardInput(g, gradOutput: gradOutput.pointer, weight: weight.pointer,
                                          gradInput: gradInput.pointer)
                ConvKernels.backwardWeight(g, input: input.pointer, gradOutput: gradOutput.pointer,
                                           gradWeight: gradWeight.pointer, gradBias: nil)
            }, { nil })
        }
    }

    /// One AdamW training step of the width-scaled ResNet-18 at batch 32 on 64×64 RGB, 7 classes,
    /// through the engine: NN layers, the autodiff tape, the NN AdamW. The headline ratio.
    static func resnet18Engine() -> BenchCase {
        let (batch, size, classes) = (32, 64, 7)
        return BenchCase(name: "resnet18 train step b32 64x64", flops: ResNetStep.flops(batch: batch, size: size, classes: classes),
                         iterations: 2,
                         twinCommand: ["case": "resnet", "batch": batch, "size": size, "classes": classes]) {
            let step = EngineResNetStep(batch: batch, size: size, classes: classes)
            return ({ step.run() }, { lossSummary(step.losses) })
        }
    }

    /// The same step written by hand on the kernels (no tape, buffers allocated once): what the
    /// kernels alone give, against the same PyTorch step.
    static func resnet18Kernels() -> BenchCase {
        let (batch, size, classes) = (32, 64, 7)
        return BenchCase(name: "resnet18 step, hand-written on kernels", flops: ResNetStep.flops(batch: batch, size: size, classes: classes),
                         iterations: 2,
                         twinCommand: ["case": "resnet", "batch": batch, "size": size, "classes": classes]) {
            let step = ResNetStep(batch: batch, size: size, classes: classes)
            return ({ step.run() }, { lossSummary(step.losses) })
        }
    }

    /// "loss a at step 1, b at step n": evidence that the measured steps really train.
    private static func lossSummary(_ losses: [Float]) -> String? {
        guard let first = losses.first, let last = losses.last else { return nil }
        return String(format: "Swift loss on its fixed batch: %.3f at step 1, %.3f at step %d", first, last, losses.count)
    }
}

/// A heap buffer of floats that lives as long as the closures holding it.
final class Buffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(zeros count: Int) {
        self.count = count
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: 0, count: count)
    }

    /// Uniform values in [-1, 1) from a fixed-seed generator.
    convenience init(random count: Int, seed: UInt64, scale: Float = 1) {
        self.init(zeros: count)
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        for i in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            pointer[i] = (Float(state >> 40) / Float(1 << 24) * 2 - 1) * scale
        }
    }

    deinit { pointer.deallocate() }
}
