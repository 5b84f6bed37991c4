import Foundation

/// SynFER, the embedded procedural face-expression dataset. Sample `index` of `split` is a pure
/// function of (flavour, seed, split, index): it can be regenerated alone, on any thread, bit-identically.
public struct SynFER: Sendable {
    /// The flavour (which real dataset it mirrors).
    public let flavour: SynFERFlavour
    /// The seed every sample derives from.
    public let seed: UInt64
    /// The generator's knobs.
    public let config: SynFERConfig
    /// syn-kdef only: people in the training split and in the test split (subject-disjoint 80/20).
    public let kdefPeople: [Split: [Int]]

    /// The KDEF capture angles (full left, half left, straight, half right, full right) in degrees.
    public static let kdefAngles: [Double] = [-90, -45, 0, 45, 90]

    /// A generator of `flavour` under `seed`, with the flavour's default configuration unless given.
    public init(flavour: SynFERFlavour, seed: UInt64 = 0, config: SynFERConfig? = nil) {
        self.flavour = flavour
        self.seed = seed
        self.config = config ?? flavour.defaultConfig
        if flavour == .synKDEF {
            var rng = SeededRandom(seed: seed, keys: [SeededRandom.key("kdef-subject-split")])
            let people = rng.permutation(self.config.identities)
            let nTrain = Int((Double(people.count) * 0.8).rounded())
            kdefPeople = [.train: people[..<nTrain].sorted(), .test: people[nTrain...].sorted()]
        } else {
            kdefPeople = [:]
        }
    }

    /// Class names in the mirrored dataset's order.
    public var classNames: [String] { flavour.classNames }

    /// Number of samples in a split (0 for a split the flavour lacks).
    public func count(_ split: Split) -> Int {
        if flavour == .synKDEF { return (kdefPeople[split]?.count ?? 0) * 70 }
        return config.splitSizes[split] ?? 0
    }

    /// Everything about one sample except its pixels: the spec to render and its labels.
    public struct Plan: Sendable {
        /// What the renderer draws.
        public var spec: FaceSpec
        /// Class index (the annotators' majority; for syn-kdef the posed expression).
        public var label: Int
        /// Annotator votes per class.
        public var votes: [Int]
        /// The emotion the face was generated from (can differ from the label: ambiguity).
        public var intended: Emotion
    }

    /// The plan of sample `index` of `split`.
    public func plan(_ split: Split, _ index: Int) -> Plan {
        precondition(index >= 0 && index < count(split), "SynFER: index \(index) outside \(split) split of \(count(split))")
        var rng = SeededRandom(seed: seed, keys: [SeededRandom.key(flavour.rawValue), SeededRandom.key(split.rawValue), UInt64(index)])
        let classes = flavour.classes
        let cfg = config.expression
        let label: Int, identityID: Int
        var yaw: Double
        if flavour == .synKDEF {
            let person = kdefPeople[split]![index / 70]
            let rest = index % 70
            label = (rest % 35) / 5
            identityID = person
            yaw = SynFER.kdefAngles[rest % 5] + config.nuisance.yawStd * rng.normal()
        } else {
            label = classLabel(split, index)
            var identity = SeededRandom(seed: seed, keys: [SeededRandom.key(flavour.rawValue), SeededRandom.key("identity"), UInt64(index)])
            identityID = identity.int(below: config.identities) + (split == .train ? 0 : config.identities)
            yaw = max(-config.nuisance.yawLimit, min(config.nuisance.yawLimit, config.nuisance.yawStd * rng.normal()))
        }
        let target = classes[label]
        var units = ActionUnits(), votes = [Int](repeating: 0, count: classes.count), intended = target
        for attempt in 0..<config.maxAttempts {
            intended = target
            if flavour != .synKDEF, attempt < config.maxAttempts - 1, rng.bernoulli(cfg.confusionProbability) {
                let others = ExpressionModel.confusable(with: target).filter { classes.contains($0) }
                if !others.isEmpty { intended = others[rng.int(below: others.count)] }
            }
            units = ExpressionModel.sampleUnits(for: intended, classes: classes, config: cfg, rng: &rng)
            votes = ExpressionModel.votes(units, classes: classes, config: cfg, rng: &rng)
            if flavour == .synKDEF || ExpressionModel.majority(votes) == label { break }
        }
        let identity = Identity(id: identityID, seed: seed, glassesRate: config.glassesRate, beardRate: config.beardRate)
        let nz = config.nuisance
        let pose = Pose(yaw: yaw, roll: max(-25, min(25, nz.rollStd * rng.normal())), scale: rng.uniform(in: nz.scale),
                        dx: nz.translationStd * rng.normal(), dy: nz.translationStd * rng.normal())
        let background: Background
        if rng.bernoulli(nz.clutterProbability) {
            background = .clutter(seed: rng.next())
        } else if flavour == .synKDEF {
            let v = rng.uniform(0.55, 0.6)
            background = .flat(RGB(v, v + 0.01, v + 0.03))
        } else {
            background = .flat(RGB(rng.uniform(0.2, 0.9), rng.uniform(0.2, 0.9), rng.uniform(0.2, 0.9)))
        }
        let shading = rng.bernoulli(nz.shadingProbability) ? rng.uniform(in: nz.shading) : 0
        let lightAngle = rng.uniform(0, 2 * .pi)
        var occluder: Occluder? = nil
        if rng.bernoulli(nz.occluderProbability) {
            let side: Double = rng.bernoulli(0.5) ? -1 : 1
            occluder = rng.bernoulli(0.6)
                ? .hand(x: side * rng.uniform(0.5, 0.9), y: rng.uniform(0.6, 1.2), angle: side * rng.uniform(0.2, 0.8))
                : .hairPatch(side: side)
        }
        let blur = rng.bernoulli(nz.blurProbability) ? rng.uniform(in: nz.blur) : 0
        let spec = FaceSpec(identity: identity, units: units, unilateralSide: rng.bernoulli(0.5) ? -1 : 1, pose: pose,
                            background: background, lightAngle: lightAngle, shading: shading,
                            exposure: rng.uniform(in: nz.exposure), occluder: occluder, blur: blur,
                            size: config.size, channels: config.channels, oversample: config.oversample)
        return Plan(spec: spec, label: label, votes: votes, intended: intended)
    }

    /// Sample `index` of `split`: image, labels, votes, landmarks, identity, pose and captions.
    public func sample(_ split: Split, _ index: Int) -> FaceSample {
        let p = plan(split, index)
        let (image, landmarks) = FaceRenderer.render(p.spec)
        let attributes = p.spec.identity.attributes
        return FaceSample(image: image, label: p.label, votes: p.votes, landmarks: landmarks,
                          identity: p.spec.identity.id, pose: p.spec.pose, attributes: attributes,
                          caption: Caption.attributes(attributes),
                          labelAwareCaption: Caption.labelAware(attributes, emotion: flavour.classes[p.label]),
                          name: "\(flavour.rawValue)/\(split.rawValue)/\(index)")
    }

    /// The label of sample `index` in a split: a seeded golden-ratio (Weyl) sequence through the
    /// cumulative class shares, so every prefix of a split matches the real class frequencies closely.
    func classLabel(_ split: Split, _ index: Int) -> Int {
        var rng = SeededRandom(seed: seed, keys: [SeededRandom.key(flavour.rawValue), SeededRandom.key("labels"),
                                                  SeededRandom.key(split.rawValue)])
        let offset = rng.uniform()
        let u = (offset + Double(index) * 0.618_033_988_749_894_9).truncatingRemainder(dividingBy: 1)
        let weights = flavour.classWeights(split)
        let total = weights.reduce(0, +)
        var acc = 0.0
        for (k, w) in weights.enumerated() {
            acc += w / total
            if u < acc { return k }
        }
        return weights.count - 1
    }
}
