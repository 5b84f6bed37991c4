import Foundation

/// `syn-faces`: SynFER's face-pretraining corpus, the kit's stand-in for MS-Celeb-1M (identities)
/// and a landmark set such as 300W. Normal-light faces of `people` identities, drawn by syn-raf's
/// generator (its expressions, poses, occluders, blur and clutter) under a seed of the corpus's own,
/// so no face, identity or degradation of any FER split (every `data.seed`) appears in it.
///
/// Each sample's label is its **identity** (classes `person-0` …), and it keeps SynFER's 31
/// landmarks. It carries no expression information: no votes, and its label-aware caption is the
/// plain attribute caption. The test split holds every sixth face out, so its people are the
/// training split's (identity accuracy on unseen images of known people).
public struct FacePretrainingCorpus: FaceSource {
    /// The source's name.
    public static let sourceName = "syn-faces"
    /// Identities in the corpus (each with `facesPerPerson` faces on average).
    public static let people = 600
    /// Faces drawn per identity on average (the generator assigns each face an identity at random).
    public static let facesPerPerson = 12
    /// Every `heldOutStride`-th face is in the test split.
    public static let heldOutStride = 6
    /// The generator seed: a namespace of its own, not a `data.seed` a FER run uses.
    public static let seed = SeededRandom.key("syn-faces pretraining corpus")

    /// The generator the faces come from (syn-raf's looks, the corpus's people and seed).
    public let synfer: SynFER
    private let indices: [Split: [Int]]
    private let identities: [Int]

    /// The corpus (a pure function of the kit's code: it has no settings).
    public init() {
        var config = SynFERFlavour.synRAF.defaultConfig
        config.identities = FacePretrainingCorpus.people
        let total = FacePretrainingCorpus.people * FacePretrainingCorpus.facesPerPerson
        config.splitSizes = [.train: total]
        let synfer = SynFER(flavour: .synRAF, seed: FacePretrainingCorpus.seed, config: config)
        self.synfer = synfer
        let stride = FacePretrainingCorpus.heldOutStride
        indices = [.train: (0..<total).filter { $0 % stride != 0 }, .test: (0..<total).filter { $0 % stride == 0 }]
        identities = Parallel.map(total) { synfer.plan(.train, $0).spec.identity.id }
    }

    /// Faces in a split of the corpus, known without drawing any.
    public static func count(_ split: Split) -> Int {
        let total = people * facesPerPerson
        let heldOut = (total + heldOutStride - 1) / heldOutStride
        switch split {
        case .train: return total - heldOut
        case .test: return heldOut
        case .val: return 0
        }
    }

    /// `syn-faces`.
    public var name: String { FacePretrainingCorpus.sourceName }
    /// `person-0` … `person-(people − 1)`.
    public var classNames: [String] { (0..<FacePretrainingCorpus.people).map { "person-\($0)" } }
    /// Training and held-out faces.
    public var splits: [Split] { [.train, .test] }
    /// Faces in a split.
    public func count(_ split: Split) -> Int { indices[split]?.count ?? 0 }
    /// The identities of a split's faces, in order.
    public func labels(_ split: Split) -> [Int] { (indices[split] ?? []).map { identities[$0] } }

    /// Face `index` of `split`: SynFER's image, landmarks and attributes, labelled with its identity.
    public func sample(_ split: Split, _ index: Int) throws -> FaceSample {
        guard let kept = indices[split], index >= 0, index < kept.count else {
            throw DataError.invalidRequest("\(name): no face \(index) in the \(split.rawValue) split of \(count(split))")
        }
        let face = synfer.sample(.train, kept[index])
        return FaceSample(image: face.image, label: identities[kept[index]], landmarks: face.landmarks,
                          identity: face.identity, pose: face.pose, attributes: face.attributes,
                          caption: face.caption, labelAwareCaption: face.caption,
                          name: "\(name)/\(split.rawValue)/\(index)")
    }
}
