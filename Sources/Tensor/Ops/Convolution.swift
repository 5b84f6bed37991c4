// 2-D convolution over NCHW input with `[Cout, Cin/groups, KH, KW]` weights (PyTorch's layout),
// stride, zero padding, dilation and groups (groups == Cin == Cout is depthwise). Forward and
// both gradients run through ConvKernels.

extension Tensor {
    /// Cross-correlation as `torch.nn.functional.conv2d`: input `[N, Cin, H, W]`, weight
    /// `[Cout, Cin/groups, KH, KW]`, optional bias `[Cout]`, result `[N, Cout, OH, OW]`.
    public func conv2d(weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1),
                       padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1) -> Tensor {
        let x = self
        require(x.rank == 4 && weight.rank == 4, "conv2d: input \(x.shape) and weight \(weight.shape) must be 4-D")
        require(groups > 0 && x.shape[1] % groups == 0 && weight.shape[0] % groups == 0
                     && weight.shape[1] * groups == x.shape[1],
                     "conv2d: input \(x.shape) and weight \(weight.shape) disagree for groups \(groups)")
        let g = ConvGeometry(batch: x.shape[0], inChannels: x.shape[1], height: x.shape[2], width: x.shape[3],
                             outChannels: weight.shape[0], kernelHeight: weight.shape[2], kernelWidth: weight.shape[3],
                             stride: stride, padding: padding, dilation: dilation, groups: groups)
        require(g.outHeight > 0 && g.outWidth > 0,
                     "conv2d: input \(x.shape) is too small for weight \(weight.shape) with padding \(padding), dilation \(dilation)")
        if let bias { require(bias.shape == [g.outChannels], "conv2d: bias \(bias.shape) for weight \(weight.shape)") }
        let y = Tensor(uninitializedShape: [g.batch, g.outChannels, g.outHeight, g.outWidth])
        ConvKernels.forward(g, input: x.storage.pointer, weight: weight.storage.pointer,
                            bias: bias.map { UnsafePointer($0.storage.pointer) }, output: y.storage.pointer)
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        return Tensor.record("conv2d", y, inputs: inputs) { gy in
            var grads: [Tensor?] = [nil, nil]
            if x.node != nil {
                let gx = Tensor(uninitializedShape: x.shape)
                ConvKernels.backwardInput(g, gradOutput: gy.storage.pointer, weight: weight.storage.pointer,
                                          gradInput: gx.storage.pointer)
                grads[0] = gx
            }
            let wantBias = bias?.node != nil
            if weight.node != nil || wantBias {
                let gw = Tensor(uninitializedShape: weight.shape)
                let gb = Tensor(uninitializedShape: [g.outChannels])
                ConvKernels.backwardWeight(g, input: x.storage.pointer, gradOutput: gy.storage.pointer,
                                           gradWeight: gw.storage.pointer, gradBias: wantBias ? gb.storage.pointer : nil)
                if weight.node != nil { grads[1] = gw }
                if wantBias { grads.append(gb) }
            }
            if bias != nil && grads.count == 2 { grads.append(nil) }
            return grads
        }
    }
}
