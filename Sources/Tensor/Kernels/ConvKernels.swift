/// Convolution kernels on raw NCHW buffers: forward, gradient of the input, gradient of the
/// weights. Reference loops, correct for every geometry; the fast paths keep these signatures.
public enum ConvKernels {
    /// `output[N, Cout, OH, OW] = conv(input, weight) + bias` (overwrites `output`).
    public static func forward(_ g: ConvGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                               bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>) {
        let (oh, ow, cinG, coutG) = (g.outHeight, g.outWidth, g.inChannelsPerGroup, g.outChannelsPerGroup)
        for n in 0..<g.batch {
            for co in 0..<g.outChannels {
                let group = co / coutG
                for y in 0..<oh {
                    for x in 0..<ow {
                        var sum: Float = bias?[co] ?? 0
                        for ci in 0..<cinG {
                            let c = group * cinG + ci
                            for ky in 0..<g.kernelHeight {
                                let iy = y * g.strideH - g.padH + ky * g.dilationH
                                if iy < 0 || iy >= g.height { continue }
                                for kx in 0..<g.kernelWidth {
                                    let ix = x * g.strideW - g.padW + kx * g.dilationW
                                    if ix < 0 || ix >= g.width { continue }
                                    let w = weight[((co * cinG + ci) * g.kernelHeight + ky) * g.kernelWidth + kx]
                                    sum += w * input[((n * g.inChannels + c) * g.height + iy) * g.width + ix]
                                }
                            }
                        }
                        output[((n * g.outChannels + co) * oh + y) * ow + x] = sum
                    }
                }
            }
        }
    }

    /// `gradInput[N, Cin, H, W]` from `gradOutput` (overwrites `gradInput`).
    public static func backwardInput(_ g: ConvGeometry, gradOutput: UnsafePointer<Float>,
                                     weight: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>) {
        let (oh, ow, cinG, coutG) = (g.outHeight, g.outWidth, g.inChannelsPerGroup, g.outChannelsPerGroup)
        gradInput.update(repeating: 0, count: g.batch * g.inChannels * g.height * g.width)
        for n in 0..<g.batch {
            for co in 0..<g.outChannels {
                let group = co / coutG
                for y in 0..<oh {
                    for x in 0..<ow {
                        let go = gradOutput[((n * g.outChannels + co) * oh + y) * ow + x]
                        for ci in 0..<cinG {
                            let c = group * cinG + ci
                            for ky in 0..<g.kernelHeight {
                                let iy = y * g.strideH - g.padH + ky * g.dilationH
                                if iy < 0 || iy >= g.height { continue }
                                for kx in 0..<g.kernelWidth {
                                    let ix = x * g.strideW - g.padW + kx * g.dilationW
                                    if ix < 0 || ix >= g.width { continue }
                                    let w = weight[((co * cinG + ci) * g.kernelHeight + ky) * g.kernelWidth + kx]
                                    gradInput[((n * g.inChannels + c) * g.height + iy) * g.width + ix] += w * go
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `gradWeight` (and `gradBias` when given) from `input` and `gradOutput` (overwrites both).
    public static func backwardWeight(_ g: ConvGeometry, input: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>,
                                      gradWeight: UnsafeMutablePointer<Float>, gradBias: UnsafeMutablePointer<Float>?) {
        let (oh, ow, cinG, coutG) = (g.outHeight, g.outWidth, g.inChannelsPerGroup, g.outChannelsPerGroup)
        gradWeight.update(repeating: 0, count: g.outChannels * cinG * g.kernelHeight * g.kernelWidth)
        gradBias?.update(repeating: 0, count: g.outChannels)
        for n in 0..<g.batch {
            for co in 0..<g.outChannels {
                let group = co / coutG
                for y in 0..<oh {
                    for x in 0..<ow {
                        let go = gradOutput[((n * g.outChannels + co) * oh + y) * ow + x]
                        gradBias?[co] += go
                        for ci in 0..<cinG {
                            let c = group * cinG + ci
                            for ky in 0..<g.kernelHeight {
                                let iy = y * g.strideH - g.padH + ky * g.dilationH
                                if iy < 0 || iy >= g.height { continue }
                                for kx in 0..<g.kernelWidth {
                                    let ix = x * g.strideW - g.padW + kx * g.dilationW
                                    if ix < 0 || ix >= g.width { continue }
                                    gradWeight[((co * cinG + ci) * g.kernelHeight + ky) * g.kernelWidth + kx] +=
                                        go * input[((n * g.inChannels + c) * g.height + iy) * g.width + ix]
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
