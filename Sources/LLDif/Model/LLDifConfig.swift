import Configuration
import FaceData

/// Every size and switch of an LLDif model, so that each ablation of shared/spec/method.md is a
/// change of value, not of code. The sizes and switches that are settings come from an
/// `ExperimentConfig` (`model.width`, `lldif.model.*`, `diffusion.*`, `ablation.*`), which
/// holds their defaults; the rest are fixed parts of the architecture, declared here.
public struct LLDifConfig: Sendable, Equatable, Codable {
    /// Input channels (3 for colour faces).
    public var imageChannels: Int
    /// Input side in pixels S.
    public var imageSize: Int
    /// Stride of DTNet's stem, of LandmarkNet's first stage and of a ResNet-18 E_I's stem
    /// (`model.stem_stride`, every network's): the first scale has side S / stride. 2 (a
    /// patch-embedding-like stem) makes the model some four times cheaper than 1 at a small cost in
    /// detail; our CPU budget needs it.
    public var stemStride: Int
    /// Number of emotion classes.
    public var classes: Int
    /// DTNet width C of the first level (levels have C, 2C, 4C channels).
    public var width: Int
    /// DTNet blocks per level.
    public var blocksPerLevel: [Int] = [1, 1, 1]
    /// Attention heads per level (each must divide the level's width).
    public var headsPerLevel: [Int] = [1, 2, 4]
    /// DGNet expansion γ: the gated feed-forward's hidden width is γ · C.
    public var feedForwardExpansion: Int = 2
    /// Landmarks K predicted by LandmarkNet.
    public var landmarks: Int
    /// Side of DLNet's square attention windows (clamped to each scale's side).
    public var windowSize: Int
    /// Side of each scale's token grid in the fusion transformer.
    public var fusionGrid: Int
    /// Token width of the fusion transformer.
    public var fusionWidth: Int
    /// Heads of the fusion transformer (and of DLNet's window attention).
    public var fusionHeads: Int = 2
    /// Depth of the fusion transformer.
    public var fusionDepth: Int
    /// Embedding width of LA-CLIP's image and text encoders.
    public var clipWidth: Int
    /// Transformer blocks of LA-CLIP's text encoder.
    public var textDepth: Int = 1
    /// Hidden width of the denoiser MLP (default 2·D when 0).
    public var denoiserHidden: Int = 0
    /// Linear layers of the denoiser MLP (≥ 2).
    public var denoiserLayers: Int
    /// Diffusion steps T (0: no diffusion, c = PNET_S2(E_I(x)) is the EPD).
    public var diffusionSteps: Int
    /// How the noise schedule depends on T.
    public var diffusionSchedule: DiffusionSchedule
    /// The denoiser's step input.
    public var timeInput: DenoiserTimeInput
    /// The prior modulation has biases (false: DiffIR's bias-free modulation).
    public var modulationBias: Bool
    /// Standardise each input image per channel (`ImageStandardisation`) before LA-CLIP's E_I, DTNet
    /// and LandmarkNet (`model.standardise_input`, the switch every method's trunk reads).
    public var standardisesInput: Bool
    /// Batch norm after each convolution of LA-CLIP's image encoder E_I (`lldif.model.clip_batch_norm`).
    public var clipBatchNorm: Bool
    /// LA-CLIP's image encoder E_I is residual (a stem and three residual blocks) rather than three
    /// plain strided convolutions (`lldif.model.clip_residual`).
    public var clipResidual: Bool
    /// E_I's trunk: the small encoder or the baselines' ResNet-18 (`lldif.model.image_encoder`).
    public var imageEncoder: LLDifImageEncoder
    /// LandmarkNet is the face pretraining's landmark detector, loaded before stage 0 and never
    /// trained (`pretrain.backbone = face`), instead of being trained on the training split's
    /// landmarks in stage 0.
    public var landmarkNetIsPretrained: Bool

    /// Whether `settings` make LandmarkNet the face pretraining's detector (`pretrain.backbone = face`):
    /// the one place this is decided, for the model and for what reports its budget.
    public static func landmarkNetIsPretrained(_ settings: ExperimentConfig) -> Bool {
        settings.pretrain.backbone == .face
    }
    /// Ablation: modulate DTNet by the prior Z (false gives the plain LLformer).
    public var priorModulation: Bool
    /// Ablation: use DLNet's landmark cross-attention (false feeds the fusion DTNet features only).
    public var usesDLNet: Bool
    /// Ablation: PNET_S1 sees the caption (false: the image embedding only).
    public var usesCaption: Bool

    /// Whether Z is estimated by the diffusion (T ≥ 1) rather than taken as c = PNET_S2(E_I(x)) (T = 0).
    public var usesDiffusion: Bool { diffusionSteps > 0 }

    /// The model of `settings` for `imageChannels`-channel images of side `imageSize`, `classes`
    /// classes and `landmarks` landmarks.
    public init(settings: ExperimentConfig, imageChannels: Int, imageSize: Int, classes: Int, landmarks: Int) {
        let model = settings.lldif.model
        self.imageChannels = imageChannels
        self.imageSize = imageSize
        self.classes = classes
        self.landmarks = landmarks
        width = settings.model.width
        stemStride = settings.model.stemStride
        windowSize = model.window
        fusionGrid = model.fusionGrid
        fusionWidth = model.fusionWidth
        fusionDepth = model.fusionDepth
        clipWidth = model.clipWidth
        denoiserLayers = model.denoiserLayers
        standardisesInput = settings.model.standardiseInput
        clipBatchNorm = model.clipBatchNorm
        clipResidual = model.clipResidual
        imageEncoder = model.imageEncoder
        landmarkNetIsPretrained = LLDifConfig.landmarkNetIsPretrained(settings)
        diffusionSteps = settings.diffusion.steps
        diffusionSchedule = settings.diffusion.schedule
        timeInput = settings.diffusion.timeInput
        modulationBias = model.modulationBias
        priorModulation = settings.ablation.priorModulation
        usesDLNet = settings.ablation.dlnet
        usesCaption = settings.ablation.caption
    }

    /// The default settings' model for 32-pixel colour images of 7 classes (a small size for tests).
    public init() {
        self.init(settings: ExperimentConfig(), imageChannels: 3, imageSize: 32, classes: 7, landmarks: Landmarks.count)
    }

    /// The EPD dimension D = 4·C.
    public var priorDimension: Int { 4 * width }

    /// The widths of DTNet's three levels: C, 2C, 4C.
    public var levelWidths: [Int] { [width, 2 * width, 4 * width] }

    /// The sides of the three scales: S/s, S/2s, S/4s for the stem stride s.
    public var levelSides: [Int] { [imageSize / stemStride, imageSize / (2 * stemStride), imageSize / (4 * stemStride)] }

    /// The window side DLNet uses at `level`.
    public func window(atLevel level: Int) -> Int { min(windowSize, levelSides[level]) }

    /// Checks that the sizes fit together; throws a `ModelError` naming the field at fault.
    public func validate() throws {
        func check(_ ok: Bool, _ field: String, _ why: String) throws {
            if !ok { throw ModelError.invalidConfig(field: field, reason: why) }
        }
        try check(imageChannels > 0, "imageChannels", "must be positive, got \(imageChannels)")
        try check(classes > 1, "classes", "must be at least 2, got \(classes)")
        try check(width > 0, "width", "must be positive, got \(width)")
        try check(blocksPerLevel.count == 3 && blocksPerLevel.allSatisfy { $0 > 0 }, "blocksPerLevel",
                  "needs three positive counts, got \(blocksPerLevel)")
        try check(headsPerLevel.count == 3, "headsPerLevel", "needs three counts, got \(headsPerLevel)")
        for (heads, channels) in zip(headsPerLevel, levelWidths) {
            try check(heads > 0 && channels % heads == 0, "headsPerLevel", "\(heads) heads do not divide \(channels) channels")
        }
        try check(stemStride == 1 || stemStride == 2, "stemStride", "must be 1 or 2, got \(stemStride)")
        try check(imageSize >= 4 * stemStride && imageSize % (4 * stemStride) == 0, "imageSize",
                  "must be a multiple of \(4 * stemStride) (three scales after a stem of stride \(stemStride)), got \(imageSize)")
        for level in 0..<3 {
            try check(levelSides[level] % window(atLevel: level) == 0, "windowSize",
                      "\(windowSize) does not tile the side \(levelSides[level]) of scale \(level + 1)")
            try check(levelSides[level] >= fusionGrid, "fusionGrid",
                      "\(fusionGrid) exceeds the side \(levelSides[level]) of scale \(level + 1)")
        }
        for (heads, channels) in zip([fusionHeads, fusionHeads, fusionHeads], levelWidths) {
            try check(heads > 0 && channels % heads == 0, "fusionHeads", "\(heads) heads do not divide \(channels) channels")
        }
        try check(fusionWidth % fusionHeads == 0, "fusionWidth", "\(fusionWidth) is not divisible by \(fusionHeads) heads")
        try check(landmarks > 0, "landmarks", "must be positive, got \(landmarks)")
        try check(clipWidth > 0 && clipWidth % 2 == 0, "clipWidth", "must be positive and even, got \(clipWidth)")
        try check(denoiserLayers >= 2, "denoiserLayers", "must be at least 2, got \(denoiserLayers)")
        try check(diffusionSteps >= 0, "diffusionSteps", "must be non-negative (0: no diffusion), got \(diffusionSteps)")
    }
}

/// A failure of an LLDif model or stage, naming the field, shape or file at fault.
public enum ModelError: Error, CustomStringConvertible, Equatable {
    /// A configuration field holds a value the model cannot be built with.
    case invalidConfig(field: String, reason: String)
    /// An input has the wrong shape.
    case shapeMismatch(input: String, expected: [Int], found: [Int])
    /// A batch lacks something a stage needs (landmarks, captions).
    case missingInput(String)

    /// The message, naming the field, input or file at fault.
    public var description: String {
        switch self {
        case let .invalidConfig(field, reason): return "LLDif config: \(field) \(reason)"
        case let .shapeMismatch(input, expected, found): return "LLDif: \(input) has shape \(found), expected \(expected)"
        case let .missingInput(what): return "LLDif: \(what)"
        }
    }
}
