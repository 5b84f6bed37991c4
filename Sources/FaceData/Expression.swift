import Foundation

/// The basic emotions the three datasets label, under one canonical name each. A flavour or a real
/// dataset lists its classes as Emotions in its own published order.
public enum Emotion: String, CaseIterable, Sendable, Codable {
    case neutral, happiness, surprise, sadness, anger, disgust, fear, contempt

    /// The word a caption uses for a face showing this emotion ("smiling", "looking sad", ...).
    public var captionPhrase: String {
        switch self {
        case .neutral: return "with a neutral expression"
        case .happiness: return "smiling happily"
        case .surprise: return "looking surprised"
        case .sadness: return "looking sad"
        case .anger: return "looking angry"
        case .disgust: return "looking disgusted"
        case .fear: return "looking afraid"
        case .contempt: return "looking contemptuous"
        }
    }

    /// The adjective KDEF's class names use ("afraid", "happy", ...).
    public var adjective: String {
        switch self {
        case .neutral: return "neutral"
        case .happiness: return "happy"
        case .surprise: return "surprised"
        case .sadness: return "sad"
        case .anger: return "angry"
        case .disgust: return "disgusted"
        case .fear: return "afraid"
        case .contempt: return "contemptuous"
        }
    }

    /// The emotion a dataset's class name stands for: its canonical name ("happiness", as RAF-DB's
    /// and FERPlus's names read) or its adjective ("happy", as KDEF's do); nil for anything else.
    public init?(className: String) {
        guard let emotion = Emotion(rawValue: className) ?? Emotion.allCases.first(where: { $0.adjective == className }) else { return nil }
        self = emotion
    }
}

/// The facial Action Units (FACS) that SynFER renders, plus `unilateral`, the one-sided lip-corner
/// pull and dimple (AU12 + AU14 on one side only) that marks contempt.
public enum ActionUnit: Int, CaseIterable, Sendable {
    /// Inner brow raiser.
    case au1
    /// Outer brow raiser.
    case au2
    /// Brow lowerer (brows down and together).
    case au4
    /// Upper lid raiser (eyes wide).
    case au5
    /// Cheek raiser (eyes narrowed from below).
    case au6
    /// Lid tightener.
    case au7
    /// Nose wrinkler.
    case au9
    /// Upper lip raiser.
    case au10
    /// Lip corner puller (smile).
    case au12
    /// Dimpler.
    case au14
    /// Lip corner depressor.
    case au15
    /// Lip stretcher.
    case au20
    /// Lip tightener (pressed lips).
    case au23
    /// Jaw drop.
    case au26
    /// One-sided AU12 + AU14 (contempt).
    case unilateral
}

/// Intensities in 0...1 for every rendered Action Unit.
public struct ActionUnits: Sendable, Equatable {
    /// One intensity per ActionUnit, indexed by its raw value.
    public var values: [Double]

    /// All units at zero (a neutral face).
    public init() { values = [Double](repeating: 0, count: ActionUnit.allCases.count) }

    /// Units from a dictionary; absent units are zero.
    public init(_ intensities: [ActionUnit: Double]) {
        self.init()
        for (unit, v) in intensities { values[unit.rawValue] = v }
    }

    /// The intensity of one unit.
    public subscript(_ unit: ActionUnit) -> Double {
        get { values[unit.rawValue] }
        set { values[unit.rawValue] = newValue }
    }

    /// The EMFACS-style prototype of an emotion at full intensity.
    public static func prototype(_ emotion: Emotion) -> ActionUnits {
        switch emotion {
        case .neutral: return ActionUnits()
        case .happiness: return ActionUnits([.au6: 0.8, .au12: 1.0, .au26: 0.25])
        case .sadness: return ActionUnits([.au1: 0.9, .au4: 0.6, .au15: 0.9])
        case .surprise: return ActionUnits([.au1: 0.9, .au2: 0.9, .au5: 0.9, .au26: 0.9])
        case .fear: return ActionUnits([.au1: 0.8, .au2: 0.5, .au4: 0.6, .au5: 0.9, .au7: 0.3, .au20: 0.9, .au26: 0.5])
        case .anger: return ActionUnits([.au4: 1.0, .au5: 0.45, .au7: 0.8, .au23: 0.9])
        case .disgust: return ActionUnits([.au9: 1.0, .au10: 0.9, .au15: 0.5])
        case .contempt: return ActionUnits([.unilateral: 1.0])
        }
    }

    /// Euclidean distance to another set of units.
    public func distance(to other: ActionUnits) -> Double {
        var s = 0.0
        for i in values.indices { let d = values[i] - other.values[i]; s += d * d }
        return s.squareRoot()
    }
}

/// Knobs of the expression model: how strongly faces show their emotion, how often they blend two
/// emotions, and how noisy the simulated annotators are. The defaults per flavour live in
/// `SynFERFlavour.defaultConfig`.
public struct ExpressionConfig: Sendable, Equatable {
    /// Range of the overall intensity an expressive face shows its prototype at.
    public var intensity: ClosedRange<Double>
    /// Relative standard deviation of each AU around the prototype (per image).
    public var auJitter: Double
    /// Chance that a unit of the prototype is left out of a given face.
    public var auDropout: Double
    /// Largest idle intensity of each unit on any face (neutral faces are never perfectly still).
    public var idleAU: Double
    /// Chance that a face blends a second emotion in.
    public var blendProbability: Double
    /// Weight range of the blended emotion.
    public var blendWeight: ClosedRange<Double>
    /// Chance that a face was meant as a confusable emotion but read by the annotators as its label.
    public var confusionProbability: Double
    /// Standard deviation of each annotator's perception noise on every AU.
    public var annotatorNoise: Double
    /// Standard deviation of a per-image log-gain on every AU that all annotators share (context that
    /// makes the whole crowd over- or under-read some units): label noise the pixels cannot explain.
    public var sharedNoise: Double
    /// Chance that an annotator votes at random (lapses).
    public var annotatorLapse: Double
    /// Number of simulated annotators.
    public var annotators: Int
    /// Smallest projection onto a prototype that an annotator calls expressive; weaker is neutral.
    public var neutralThreshold: Double

    /// Creates a configuration; see the properties for meanings.
    public init(intensity: ClosedRange<Double>, auJitter: Double, auDropout: Double, idleAU: Double,
                blendProbability: Double, blendWeight: ClosedRange<Double>, confusionProbability: Double,
                annotatorNoise: Double, sharedNoise: Double = 0, annotatorLapse: Double, annotators: Int = 10,
                neutralThreshold: Double = 0.3) {
        self.intensity = intensity
        self.auJitter = auJitter
        self.auDropout = auDropout
        self.idleAU = idleAU
        self.blendProbability = blendProbability
        self.blendWeight = blendWeight
        self.confusionProbability = confusionProbability
        self.annotatorNoise = annotatorNoise
        self.sharedNoise = sharedNoise
        self.annotatorLapse = annotatorLapse
        self.annotators = annotators
        self.neutralThreshold = neutralThreshold
    }
}

/// The expression model: samples a face's AU intensities for an intended emotion and simulates the
/// annotators who label it.
public enum ExpressionModel {
    /// Emotions a face meant as `emotion` is most often mistaken for.
    public static func confusable(with emotion: Emotion) -> [Emotion] {
        switch emotion {
        case .neutral: return [.sadness, .contempt, .anger]
        case .happiness: return [.neutral, .surprise, .contempt]
        case .surprise: return [.fear, .happiness]
        case .sadness: return [.neutral, .fear, .disgust]
        case .anger: return [.disgust, .sadness, .neutral]
        case .disgust: return [.anger, .sadness]
        case .fear: return [.surprise, .sadness]
        case .contempt: return [.neutral, .happiness]
        }
    }

    /// AU intensities of a face meant to show `emotion`, with blends among `classes`.
    public static func sampleUnits(for emotion: Emotion, classes: [Emotion], config: ExpressionConfig,
                                   rng: inout SeededRandom) -> ActionUnits {
        var units = ActionUnits()
        let strength = rng.uniform(in: config.intensity)
        let proto = ActionUnits.prototype(emotion)
        for i in units.values.indices where proto.values[i] > 0 {
            if rng.bernoulli(config.auDropout) { continue }
            units.values[i] = proto.values[i] * strength * max(0, 1 + config.auJitter * rng.normal())
        }
        if emotion == .happiness { units[.au26] *= rng.uniform(0, 2.5) }
        if rng.bernoulli(config.blendProbability) {
            let others = classes.filter { $0 != emotion && $0 != .neutral }
            if !others.isEmpty {
                let second = ActionUnits.prototype(others[rng.int(below: others.count)])
                let w = rng.uniform(in: config.blendWeight)
                for i in units.values.indices {
                    units.values[i] = (1 - w) * units.values[i] + w * second.values[i] * rng.uniform(0.5, 1)
                }
            }
        }
        for i in units.values.indices {
            units.values[i] = min(1, units.values[i] + rng.uniform(0, config.idleAU))
        }
        return units
    }

    /// The emotion one annotator perceives: noisy AUs, nearest prototype (a prototype only counts
    /// when the face shows it at `neutralThreshold` or more), or a random class on a lapse.
    public static func perceive(_ units: ActionUnits, classes: [Emotion], config: ExpressionConfig,
                                rng: inout SeededRandom) -> Int {
        if rng.bernoulli(config.annotatorLapse) { return rng.int(below: classes.count) }
        var seen = units
        for i in seen.values.indices { seen.values[i] = max(0, seen.values[i] + config.annotatorNoise * rng.normal()) }
        var best = 0
        var bestDistance = Double.infinity
        for (k, emotion) in classes.enumerated() {
            let proto = ActionUnits.prototype(emotion)
            var d: Double
            if emotion == .neutral {
                d = seen.distance(to: ActionUnits())
            } else {
                var dot = 0.0, norm = 0.0
                for i in proto.values.indices { dot += seen.values[i] * proto.values[i]; norm += proto.values[i] * proto.values[i] }
                let t = min(1.3, max(config.neutralThreshold, dot / norm))
                var scaled = proto
                for i in scaled.values.indices { scaled.values[i] *= t }
                d = seen.distance(to: scaled)
            }
            if d < bestDistance { bestDistance = d; best = k }
        }
        return best
    }

    /// Votes of `config.annotators` simulated annotators, one count per class.
    public static func votes(_ units: ActionUnits, classes: [Emotion], config: ExpressionConfig,
                             rng: inout SeededRandom) -> [Int] {
        var votes = [Int](repeating: 0, count: classes.count)
        var shared = units
        if config.sharedNoise > 0 {
            for i in shared.values.indices { shared.values[i] *= exp(config.sharedNoise * rng.normal()) }
        }
        for _ in 0..<config.annotators { votes[perceive(shared, classes: classes, config: config, rng: &rng)] += 1 }
        return votes
    }

    /// The majority class of a vote count (the lowest index wins a tie).
    public static func majority(_ votes: [Int]) -> Int {
        var best = 0
        for k in votes.indices where votes[k] > votes[best] { best = k }
        return best
    }
}
