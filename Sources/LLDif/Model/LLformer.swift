import NN
import Tensor

/// What the LLformer computes for a batch: the class logits and the penultimate features.
public struct LLformerOutput {
    /// `[N, classes]`.
    public var logits: Tensor
    /// The normalised class token `[N, E]` (used for t-SNE).
    public var features: Tensor
}

/// The LLformer, LLDif's classifier: DTNet (modulated by the EPD Z), DLNet at each of the three
/// scales (landmark-feature queries against DTNet's features), then the fusion transformer and head.
/// With `usesDLNet` false the fusion sees DTNet's features alone; with `priorModulation` false it is
/// the plain LLformer (and POSTER-lite's backbone).
public final class LLformer: Module {
    /// The prior-modulated multi-scale transformer.
    public let dtnet: DTNet
    /// One DLNet per scale, or empty without DLNet.
    public let dlnets: [DLNet]
    /// The fusion transformer and head.
    public let fusion: Fusion

    /// An LLformer for the sizes and switches of `config`.
    public init(config: LLDifConfig, using stream: inout RandomStream) {
        dtnet = DTNet(config: config, using: &stream)
        let widths = config.levelWidths
        dlnets = config.usesDLNet
            ? (0..<3).map { DLNet(channels: widths[$0], heads: config.fusionHeads, window: config.window(atLevel: $0), using: &stream) }
            : []
        fusion = Fusion(scaleChannels: widths.map { config.usesDLNet ? 2 * $0 : $0 }, grid: config.fusionGrid,
                        width: config.fusionWidth, heads: config.fusionHeads, depth: config.fusionDepth,
                        classes: config.classes, using: &stream)
    }

    /// Classifies images `x [N, channels, S, S]` given the prior `[N, D]` (ignored when DTNet is
    /// unmodulated) and LandmarkNet's feature maps at the three scales (unused without DLNet).
    public func callAsFunction(_ x: Tensor, prior: Tensor?, landmarkFeatures: [Tensor]) -> LLformerOutput {
        let image = dtnet(x, prior: prior)
        let scales = dlnets.isEmpty ? image : LLformer.crossAttended(image, landmarkFeatures: landmarkFeatures, dlnets: dlnets)
        let features = fusion.features(scales)
        return LLformerOutput(logits: fusion.head(features), features: features)
    }

    /// Each scale's image features concatenated (on channels) with its DLNet's attention from the
    /// landmark features at that scale: what the fusion reads (LLDif's LLformer and POSTER-lite).
    public static func crossAttended(_ image: [Tensor], landmarkFeatures: [Tensor], dlnets: [DLNet]) -> [Tensor] {
        zip(image, zip(landmarkFeatures, dlnets)).map { map, pair in
            Tensor.concat([map, pair.1(landmarkFeatures: pair.0, imageFeatures: map)], axis: 1)
        }
    }
}
