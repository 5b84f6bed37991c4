import Foundation

/// The three SynFER flavours, each mirroring one real dataset's classes (in its order), class
/// frequencies, image size, colour mode, pose range and label-noise profile (see data.md).
public enum SynFERFlavour: String, CaseIterable, Sendable {
    case synRAF = "syn-raf"
    case synFERPlus = "syn-ferplus"
    case synKDEF = "syn-kdef"

    /// Classes in the mirrored dataset's order.
    public var classes: [Emotion] {
        switch self {
        case .synRAF: return [.surprise, .fear, .disgust, .happiness, .sadness, .anger, .neutral]
        case .synFERPlus: return [.neutral, .happiness, .surprise, .sadness, .anger, .disgust, .fear, .contempt]
        case .synKDEF: return [.fear, .anger, .disgust, .happiness, .neutral, .sadness, .surprise]
        }
    }

    /// Class names as the mirrored dataset spells them.
    public var classNames: [String] {
        switch self {
        case .synRAF, .synFERPlus: return classes.map(\.rawValue)
        case .synKDEF: return classes.map(\.adjective)
        }
    }

    /// The folder of the real dataset this flavour mirrors, under `data.root`.
    public var realFolder: String {
        switch self {
        case .synRAF: return "raf-db"
        case .synFERPlus: return "ferplus"
        case .synKDEF: return "kdef"
        }
    }

    /// The real dataset's name as the paper writes it.
    public var realName: String {
        switch self {
        case .synRAF: return "RAF-DB"
        case .synFERPlus: return "FERPlus"
        case .synKDEF: return "KDEF"
        }
    }

    /// The real dataset this flavour mirrors.
    public var mirrors: String {
        switch self {
        case .synRAF: return "RAF-DB basic"
        case .synFERPlus: return "FERPlus"
        case .synKDEF: return "KDEF"
        }
    }

    /// Class frequencies of the real set per split (counts or shares; only ratios matter).
    public func classWeights(_ split: Split) -> [Double] {
        switch self {
        case .synRAF:
            return split == .train ? [1290, 281, 717, 4772, 1982, 705, 2524] : [329, 74, 160, 1185, 478, 162, 680]
        case .synFERPlus:
            return [36, 27, 13, 12, 9, 0.7, 2.3, 0.6]
        case .synKDEF:
            return [Double](repeating: 1, count: 7)
        }
    }

    /// The revision of the generator that draws this flavour. Bumped whenever a change to the
    /// generator, the flavour's configuration or the low-light synthesis changes the pixels or labels
    /// it produces, so that cached data, chapters and training runs made from older faces are
    /// redone; a change to one flavour bumps that flavour alone, and the others' runs keep their names.
    /// - 2 (all): draws come from Philox (KitSupport's one generator) instead of SplitMix64.
    /// - 3 (syn-kdef): posed expressions vary more in strength and form (session 23's study B,
    ///   bench/pretraining/FINDINGS.md): normal-light ResNet-18 reached 93.9 % before.
    public var generatorRevision: Int {
        switch self {
        case .synRAF, .synFERPlus: return 2
        case .synKDEF: return 3
        }
    }

    /// Splits the flavour has.
    public var splits: [Split] {
        self == .synFERPlus ? [.train, .val, .test] : [.train, .test]
    }

    /// The calibrated default configuration.
    public var defaultConfig: SynFERConfig {
        switch self {
        case .synRAF:
            return SynFERConfig(
                expression: ExpressionConfig(intensity: 0.35...1.0, auJitter: 0.25, auDropout: 0.1, idleAU: 0.1,
                                             blendProbability: 0.25, blendWeight: 0.15...0.45, confusionProbability: 0.12,
                                             annotatorNoise: 0.1, sharedNoise: 0.9, annotatorLapse: 0.05, neutralThreshold: 0.35),
                nuisance: NuisanceConfig(yawStd: 18, yawLimit: 60, rollStd: 8, scale: 0.88...1.1, translationStd: 0.03,
                                         clutterProbability: 0.85, shadingProbability: 0.7, shading: 0.05...0.5,
                                         occluderProbability: 0.08, blurProbability: 0.3, blur: 0.05...0.25,
                                         exposure: 0.85...1.12),
                size: 64, channels: 3, identities: 6000, splitSizes: [.train: 12271, .test: 3068])
        case .synFERPlus:
            return SynFERConfig(
                expression: ExpressionConfig(intensity: 0.3...1.0, auJitter: 0.25, auDropout: 0.1, idleAU: 0.1,
                                             blendProbability: 0.25, blendWeight: 0.15...0.45, confusionProbability: 0.12,
                                             annotatorNoise: 0.11, sharedNoise: 1.0, annotatorLapse: 0.06, neutralThreshold: 0.35),
                nuisance: NuisanceConfig(yawStd: 15, yawLimit: 50, rollStd: 6, scale: 0.9...1.1, translationStd: 0.03,
                                         clutterProbability: 0.6, shadingProbability: 0.6, shading: 0.05...0.45,
                                         occluderProbability: 0.08, blurProbability: 0.35, blur: 0.05...0.25,
                                         exposure: 0.8...1.15),
                size: 48, channels: 1, identities: 8000, splitSizes: [.train: 28709, .val: 3589, .test: 3589])
        case .synKDEF:
            return SynFERConfig(
                // Posed, so the label is the posed expression (no annotator noise, no blends), but
                // actors pose it at varying strength and form: intensity 0.4...1, AU jitter 0.2 and
                // idle AUs 0.08 since generator revision 3 (0.7...1, 0.1 and 0.04 before, when
                // normal-light ResNet-18 reached 90.7 % on the validation draw; session 23's study B).
                expression: ExpressionConfig(intensity: 0.4...1.0, auJitter: 0.2, auDropout: 0, idleAU: 0.08,
                                             blendProbability: 0, blendWeight: 0...0, confusionProbability: 0,
                                             annotatorNoise: 0.06, annotatorLapse: 0.01, neutralThreshold: 0.35),
                nuisance: NuisanceConfig(yawStd: 3, yawLimit: 95, rollStd: 2, scale: 0.97...1.03, translationStd: 0.01,
                                         clutterProbability: 0, shadingProbability: 0.2, shading: 0...0.15,
                                         occluderProbability: 0, blurProbability: 0, blur: 0...0,
                                         exposure: 0.97...1.03),
                size: 64, channels: 3, identities: 70, splitSizes: [:], glassesRate: 0.1)
        }
    }

    /// The flavour with the given name ("syn-raf", ...).
    public static func named(_ name: String) throws -> SynFERFlavour {
        guard let f = SynFERFlavour(rawValue: name) else {
            throw DataError.unknownName(kind: "SynFER flavour", name: name, known: allCases.map(\.rawValue))
        }
        return f
    }
}
