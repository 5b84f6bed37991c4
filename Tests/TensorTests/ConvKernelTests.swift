import Testing
import Tensor

/// Naive convolution loops in double precision: the oracle for the three fast kernels.
private struct ReferenceConv {
    let g: ConvGeometry

    private func forEachTap(_ body: (_ n: Int, _ co: Int, _ ci: Int, _ oIndex: Int, _ iIndex: Int, _ wIndex: Int) -> Void) {
        let (oh, ow, cinG, coutG) = (g.outHeight, g.outWidth, g.inChannelsPerGroup, g.outChannelsPerGroup)
        for n in 0..<g.batch {
            for co in 0..<g.outChannels {
                let group = co / coutG
                for y in 0..<oh {
                    for x in 0..<ow {
                        for ci in 0..<cinG {
                            let c = group * cinG + ci
                            for ky in 0..<g.kernelHeight {
                                let iy = y * g.strideH - g.padH + ky * g.dilationH
                                if iy < 0 || iy >= g.height { continue }
                                for kx in 0..<g.kernelWidth {
                                    let ix = x * g.strideW - g.padW + kx * g.dilationW
                                    if ix < 0 || ix >= g.width { continue }
                                    body(n, co, ci, ((n * g.outChannels + co) * oh + y) * ow + x,
                                         ((n * g.inChannels + c) * g.height + iy) * g.width + ix,
                                         ((co * cinG + ci) * g.kernelHeight + ky) * g.kernelWidth + kx)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func forward(_ input: [Float], _ weight: [Float], _ bias: [Float]) -> (value: [Double], magnitude: [Double]) {
        let plane = g.outHeight * g.outWidth
        var out = (0..<g.batch * g.outChannels * plane).map { Double(bias[($0 / plane) % g.outChannels]) }
        var size = out.map(abs)
        forEachTap { _, _, _, o, i, w in
            out[o] += Double(input[i]) * Double(weight[w]); size[o] += abs(Double(input[i]) * Double(weight[w]))
        }
        return (out, size)
    }

    func backwardInput(_ gradOutput: [Float], _ weight: [Float]) -> (value: [Double], magnitude: [Double]) {
        var gin = [Double](repeating: 0, count: g.batch * g.inChannels * g.height * g.width), size = gin
        forEachTap { _, _, _, o, i, w in
            gin[i] += Double(gradOutput[o]) * Double(weight[w]); size[i] += abs(Double(gradOutput[o]) * Double(weight[w]))
        }
        return (gin, size)
    }

    func backwardWeight(_ input: [Float], _ gradOutput: [Float]) -> (value: [Double], magnitude: [Double]) {
        var gw = [Double](repeating: 0, count: g.outChannels * g.inChannelsPerGroup * g.kernelHeight * g.kernelWidth)
        var size = gw
        forEachTap { _, _, _, o, i, w in
            gw[w] += Double(gradOutput[o]) * Double(input[i]); size[w] += abs(Double(gradOutput[o]) * Double(input[i]))
        }
        return (gw, size)
    }

    func backwardBias(_ gradOutput: [Float]) -> (value: [Double], magnitude: [Double]) {
        let plane = g.outHeight * g.outWidth
        var gb = [Double](repeating: 0, count: g.outChannels), size = gb
        for (index, x) in gradOutput.enumerated() {
            gb[(index / plane) % g.outChannels] += Double(x); size[(index / plane) % g.outChannels] += abs(Double(x))
        }
        return (gb, size)
    }
}

/// The fast kernels' outputs for one geometry and data set.
private struct ConvResults: Equatable {
    var output: [Float], gradInput: [Float], gradWeight: [Float], gradBias: [Float]

    init(_ g: ConvGeometry, input: [Float], weight: [Float], bias: [Float], gradOutput: [Float],
         imagesPerProduct: Int? = nil) {
        output = [Float](repeating: .nan, count: gradOutput.count)
        gradInput = [Float](repeating: .nan, count: input.count)
        gradWeight = [Float](repeating: .nan, count: weight.count)
        gradBias = [Float](repeating: .nan, count: bias.count)
        ConvKernels.forward(g, input: input, weight: weight, bias: bias, output: &output,
                            imagesPerProduct: imagesPerProduct)
        ConvKernels.backwardInput(g, gradOutput: gradOutput, weight: weight, gradInput: &gradInput,
                                  imagesPerProduct: imagesPerProduct)
        ConvKernels.backwardWeight(g, input: input, gradOutput: gradOutput, gradWeight: &gradWeight, gradBias: &gradBias,
                                   imagesPerProduct: imagesPerProduct)
    }

    /// Every output and gradient as bit patterns.
    var bits: [[UInt32]] { [output, gradInput, gradWeight, gradBias].map { $0.map(\.bitPattern) } }
}

/// Random data sized for a geometry: input, weight, bias, output gradient.
private func convData(_ g: ConvGeometry, seed: UInt64) -> (input: [Float], weight: [Float], bias: [Float], gradOutput: [Float]) {
    var random = TestRandom(state: seed)
    return (random.array(g.batch * g.inChannels * g.height * g.width),
            random.array(g.outChannels * g.inChannelsPerGroup * g.kernelHeight * g.kernelWidth),
            random.array(g.outChannels),
            random.array(g.batch * g.outChannels * g.outHeight * g.outWidth))
}

/// Geometries covering every kernel path: im2col in one piece and in several, pointwise,
/// strided, padded, dilated, grouped and depthwise, square and not.
private let geometries: [ConvGeometry] = [
    ConvGeometry(batch: 2, inChannels: 3, height: 9, width: 7, outChannels: 5, kernelHeight: 3, kernelWidth: 3,
                 padding: (1, 1)),
    ConvGeometry(batch: 2, inChannels: 64, height: 24, width: 24, outChannels: 12, kernelHeight: 3, kernelWidth: 3,
                 padding: (1, 1)),
    ConvGeometry(batch: 3, inChannels: 4, height: 11, width: 10, outChannels: 6, kernelHeight: 3, kernelWidth: 3,
                 stride: (2, 2), padding: (1, 1)),
    ConvGeometry(batch: 2, inChannels: 3, height: 12, width: 13, outChannels: 4, kernelHeight: 3, kernelWidth: 2,
                 stride: (1, 2), padding: (2, 1), dilation: (2, 3)),
    ConvGeometry(batch: 2, inChannels: 6, height: 8, width: 8, outChannels: 9, kernelHeight: 3, kernelWidth: 3,
                 padding: (1, 1), groups: 3),
    ConvGeometry(batch: 3, inChannels: 8, height: 10, width: 9, outChannels: 8, kernelHeight: 3, kernelWidth: 3,
                 padding: (1, 1), groups: 8),
    ConvGeometry(batch: 2, inChannels: 3, height: 21, width: 37, outChannels: 3, kernelHeight: 3, kernelWidth: 3,
                 padding: (2, 2), dilation: (2, 2), groups: 3),
    ConvGeometry(batch: 2, inChannels: 4, height: 18, width: 35, outChannels: 4, kernelHeight: 3, kernelWidth: 3,
                 groups: 4),
    ConvGeometry(batch: 2, inChannels: 5, height: 9, width: 12, outChannels: 5, kernelHeight: 5, kernelWidth: 3,
                 stride: (2, 1), padding: (2, 2), dilation: (1, 2), groups: 5),
    ConvGeometry(batch: 2, inChannels: 10, height: 7, width: 6, outChannels: 7, kernelHeight: 1, kernelWidth: 1),
    ConvGeometry(batch: 2, inChannels: 6, height: 7, width: 9, outChannels: 4, kernelHeight: 1, kernelWidth: 1,
                 stride: (2, 2), groups: 2),
    ConvGeometry(batch: 1, inChannels: 2, height: 5, width: 5, outChannels: 3, kernelHeight: 5, kernelWidth: 5,
                 padding: (0, 0)),
]

/// The convolution kernels against naive loops, across thread counts and image groupings.
@Suite struct ConvKernelTests {
    @Test func convolutionForwardMatchesHandComputedCase() {
        // 1×1×3×3 input 1…9, one 2×2 kernel of ones, padding 0: sums of each 2×2 window.
        let g = ConvGeometry(batch: 1, inChannels: 1, height: 3, width: 3, outChannels: 1,
                             kernelHeight: 2, kernelWidth: 2)
        let input: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9], weight: [Float] = [1, 1, 1, 1]
        var out = [Float](repeating: 0, count: 4)
        ConvKernels.forward(g, input: input, weight: weight, bias: nil, output: &out)
        #expect(out == [12, 16, 24, 28])
    }

    @Test(arguments: geometries.indices)
    func convolutionKernelsMatchNaiveLoops(index: Int) {
        let g = geometries[index]
        let data = convData(g, seed: UInt64(100 + index))
        let fast = ConvResults(g, input: data.input, weight: data.weight, bias: data.bias, gradOutput: data.gradOutput)
        let reference = ReferenceConv(g: g)
        let forward = reference.forward(data.input, data.weight, data.bias)
        let gradInput = reference.backwardInput(data.gradOutput, data.weight)
        let gradWeight = reference.backwardWeight(data.input, data.gradOutput)
        let gradBias = reference.backwardBias(data.gradOutput)
        #expect(worstRelativeError(fast.output, forward.value, forward.magnitude) < 1e-5, "forward \(g)")
        #expect(worstRelativeError(fast.gradInput, gradInput.value, gradInput.magnitude) < 1e-5, "input \(g)")
        #expect(worstRelativeError(fast.gradWeight, gradWeight.value, gradWeight.magnitude) < 1e-5, "weight \(g)")
        #expect(worstRelativeError(fast.gradBias, gradBias.value, gradBias.magnitude) < 1e-5, "bias \(g)")
    }

    @Test func convolutionGivesTheSameBitsForOneAndTwoThreads() {
        // Batch 10 spreads the weight gradient over 8 image runs; 1 image exercises parallel GEMMs;
        // then grouped, and depthwise.
        for (batch, groups, outChannels) in [(10, 1, 32), (1, 1, 32), (4, 16, 32), (3, 16, 16)] {
            let g = ConvGeometry(batch: batch, inChannels: 16, height: 20, width: 20, outChannels: outChannels,
                                 kernelHeight: 3, kernelWidth: 3, padding: (1, 1), groups: groups)
            let data = convData(g, seed: 5)
            let results = [1, 2].map { threads in
                Parallel.withThreadCount(threads) {
                    ConvResults(g, input: data.input, weight: data.weight, bias: data.bias, gradOutput: data.gradOutput)
                }
            }
            #expect(results[0].output.map(\.bitPattern) == results[1].output.map(\.bitPattern))
            #expect(results[0].gradInput.map(\.bitPattern) == results[1].gradInput.map(\.bitPattern))
            #expect(results[0].gradWeight.map(\.bitPattern) == results[1].gradWeight.map(\.bitPattern))
            #expect(results[0].gradBias.map(\.bitPattern) == results[1].gradBias.map(\.bitPattern))
        }
    }

    /// Images that share one product (small outputs, columns side by side, the weight gradient
    /// summed image by image in segments) give the bits of one product per image: outputs of 16
    /// and 20 positions (many images to a product, runs of two or three images), strided with conv
    /// groups, and 2×2 outputs of a 1152×256 weight (its gradient summed by blocks of columns).
    @Test func imagesSharingAProductGiveTheBitsOfOneProductPerImage() {
        let cases = [
            ConvGeometry(batch: 20, inChannels: 6, height: 4, width: 4, outChannels: 10, kernelHeight: 3, kernelWidth: 3,
                         padding: (1, 1)),
            ConvGeometry(batch: 7, inChannels: 4, height: 9, width: 7, outChannels: 6, kernelHeight: 3, kernelWidth: 3,
                         stride: (2, 2), padding: (1, 1), groups: 2),
            ConvGeometry(batch: 10, inChannels: 128, height: 2, width: 2, outChannels: 256, kernelHeight: 3,
                         kernelWidth: 3, padding: (1, 1)),
        ]
        for g in cases {
            let data = convData(g, seed: 9)
            func run(_ imagesPerProduct: Int?) -> ConvResults {
                ConvResults(g, input: data.input, weight: data.weight, bias: data.bias, gradOutput: data.gradOutput,
                            imagesPerProduct: imagesPerProduct)
            }
            let alone = run(1)
            // Every entry written (the buffers start as NaN).
            #expect([alone.output, alone.gradInput, alone.gradWeight, alone.gradBias].allSatisfy { $0.allSatisfy(\.isFinite) })
            for cap in [3, nil] {
                #expect(run(cap).bits == alone.bits, "\(g), at most \(cap.map(String.init) ?? "all") images a product")
            }
        }
    }
}
