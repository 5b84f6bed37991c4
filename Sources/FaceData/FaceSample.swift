import Foundation

/// A dataset split.
public enum Split: String, CaseIterable, Sendable {
    case train, val, test
}

/// One labelled face, as every source (SynFER or a real dataset) hands it over.
public struct FaceSample: Sendable {
    /// The image (normal light, or low light in an `ll-` dataset).
    public var image: FaceImage
    /// The paired normal-light image when `image` is a low-light version of it.
    public var normalLight: FaceImage?
    /// Class index in the source's class order.
    public var label: Int
    /// Annotator votes per class (FERPlus-style soft labels), when the source has them.
    public var votes: [Int]?
    /// Landmarks in image pixels (empty when the source has none).
    public var landmarks: [Landmark]
    /// Identity (person) id, when known.
    public var identity: Int?
    /// Head pose, when known.
    public var pose: Pose?
    /// Attributes a caption can name, when known.
    public var attributes: FaceAttributes?
    /// A caption that does not name the emotion.
    public var caption: String
    /// A caption that names the emotion (LA-CLIP's label-aware text).
    public var labelAwareCaption: String
    /// A name that identifies the sample (file name, or flavour/split/index).
    public var name: String

    /// A sample from its parts.
    public init(image: FaceImage, normalLight: FaceImage? = nil, label: Int, votes: [Int]? = nil,
                landmarks: [Landmark] = [], identity: Int? = nil, pose: Pose? = nil,
                attributes: FaceAttributes? = nil, caption: String, labelAwareCaption: String, name: String) {
        self.image = image
        self.normalLight = normalLight
        self.label = label
        self.votes = votes
        self.landmarks = landmarks
        self.identity = identity
        self.pose = pose
        self.attributes = attributes
        self.caption = caption
        self.labelAwareCaption = labelAwareCaption
        self.name = name
    }
}
