import FaceData

/// LA-CLIP's word tokenizer: lower-cased words over a fixed vocabulary built from the words the
/// caption generator (FaceData's `Caption`) can write. Index 0 pads, 1 stands for any unknown word.
/// A fixed word list is enough because every caption in the kit comes from that generator; a
/// pretrained text encoder would need its own BPE tokenizer instead.
public struct CaptionTokenizer: Sendable, Equatable {
    /// The words, in index order (`words[0]` is the padding token, `words[1]` the unknown token).
    public let words: [String]
    /// Tokens per caption (longer captions are cut, shorter ones padded).
    public let length: Int
    private let index: [String: Int]

    /// The padding token's index.
    public static let padding = 0
    /// The unknown word's index.
    public static let unknown = 1

    /// The tokenizer over the caption generator's words, `length` tokens per caption.
    public init(length: Int = 20) {
        var vocabulary = Set("a person with and no hair glasses beard short fringed long curly photo of face".split(separator: " ").map(String.init))
        for colour in HairColour.allCases { vocabulary.insert(colour.rawValue) }
        for style in HairStyle.allCases { vocabulary.insert(style.rawValue) }
        for emotion in Emotion.allCases {
            for word in CaptionTokenizer.split(emotion.captionPhrase) { vocabulary.insert(word) }
        }
        words = ["<pad>", "<unk>"] + vocabulary.sorted()
        index = Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, $0) })
        self.length = length
    }

    /// Number of tokens in the vocabulary.
    public var vocabularySize: Int { words.count }

    /// The token indices of `caption`, padded or cut to `length`.
    public func encode(_ caption: String) -> [Int] {
        var tokens = CaptionTokenizer.split(caption).prefix(length).map { index[$0] ?? CaptionTokenizer.unknown }
        tokens += [Int](repeating: CaptionTokenizer.padding, count: length - tokens.count)
        return tokens
    }

    /// Lower-cased runs of letters.
    static func split(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
    }
}
