import Foundation

/// Captions that describe a face: the attribute caption ("a person with glasses and short dark
/// hair") and the label-aware caption LA-CLIP trains on, which also names the emotion.
public enum Caption {
    /// A caption naming the face's attributes only.
    public static func attributes(_ a: FaceAttributes) -> String {
        "a person " + details(a)
    }

    /// A caption naming the attributes and the emotion ("a person with glasses and short dark hair,
    /// smiling happily").
    public static func labelAware(_ a: FaceAttributes, emotion: Emotion) -> String {
        "a person " + details(a) + ", " + emotion.captionPhrase
    }

    /// A caption naming only the emotion, for sources with no attributes ("a photo of a face
    /// looking sad").
    public static func emotionOnly(_ emotion: Emotion) -> String {
        "a photo of a face " + emotion.captionPhrase
    }

    /// "with glasses, a beard and short dark hair".
    static func details(_ a: FaceAttributes) -> String {
        var parts: [String] = []
        if a.glasses { parts.append("glasses") }
        if a.beard { parts.append("a beard") }
        if a.hairStyle == .bald {
            parts.append("no hair")
        } else {
            parts.append("\(a.hairStyle.captionWord) \(a.hairColour.rawValue) hair")
        }
        let list: String
        if parts.count == 1 {
            list = parts[0]
        } else {
            list = parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        }
        return "with " + list
    }
}
