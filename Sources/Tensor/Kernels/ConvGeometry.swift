/// The shape arithmetic of one 2-D convolution over NCHW input and
/// `[outChannels, inChannels/groups, kernelHeight, kernelWidth]` weights.
public struct ConvGeometry: Hashable, Sendable {
    public var batch: Int
    public var inChannels: Int
    public var height: Int
    public var width: Int
    public var outChannels: Int
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var strideH = 1, strideW = 1
    public var padH = 0, padW = 0
    public var dilationH = 1, dilationW = 1
    public var groups = 1

    public init(batch: Int, inChannels: Int, height: Int, width: Int, outChannels: Int,
                kernelHeight: Int, kernelWidth: Int, stride: (Int, Int) = (1, 1),
                padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1) {
        self.batch = batch; self.inChannels = inChannels; self.height = height; self.width = width
        self.outChannels = outChannels; self.kernelHeight = kernelHeight; self.kernelWidth = kernelWidth
        (strideH, strideW) = stride; (padH, padW) = padding; (dilationH, dilationW) = dilation
        self.groups = groups
    }

    public var outHeight: Int { (height + 2 * padH - dilationH * (kernelHeight - 1) - 1) / strideH + 1 }
    public var outWidth: Int { (width + 2 * padW - dilationW * (kernelWidth - 1) - 1) / strideW + 1 }
    public var inChannelsPerGroup: Int { inChannels / groups }
    public var outChannelsPerGroup: Int { outChannels / groups }
}
