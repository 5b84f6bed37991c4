import FaceData
import Foundation
import Testing

@Suite("The face-pretraining corpus (syn-faces)")
struct FacePretrainingCorpusTests {
    let corpus = FacePretrainingCorpus()

    @Test("its splits have the sizes it states, every sixth face held out, and it opens by name")
    func sizes() throws {
        let total = FacePretrainingCorpus.people * FacePretrainingCorpus.facesPerPerson
        #expect(corpus.count(.train) == FacePretrainingCorpus.count(.train))
        #expect(corpus.count(.test) == FacePretrainingCorpus.count(.test))
        #expect(corpus.count(.train) + corpus.count(.test) == total)
        #expect(corpus.count(.test) == total / FacePretrainingCorpus.heldOutStride)
        #expect(corpus.classNames.count == FacePretrainingCorpus.people && corpus.classNames.first == "person-0")
        #expect(try SourceCatalog.open("syn-faces").count(.train) == corpus.count(.train))
        #expect(throws: DataError.self) { try corpus.sample(.test, corpus.count(.test)) }
    }

    @Test("labels are identities: many people with several faces each, the held-out people seen in training")
    func identities() throws {
        let train = corpus.labels(.train), test = corpus.labels(.test)
        #expect(train.allSatisfy { (0..<FacePretrainingCorpus.people).contains($0) })
        let perPerson = Dictionary(grouping: train, by: { $0 }).mapValues(\.count)
        #expect(perPerson.count >= 500, "\(perPerson.count) people in the training split")
        #expect(Double(perPerson.values.filter { $0 >= 3 }.count) >= 0.9 * Double(perPerson.count))
        let seen = Set(train)
        #expect(Double(test.filter { seen.contains($0) }.count) >= 0.99 * Double(test.count))
        let face = try corpus.sample(.train, 5)
        #expect(face.label == train[5] && face.identity == train[5])
    }

    @Test("a face carries no expression information, keeps its 31 landmarks and is the same on every draw")
    func noExpressionLabels() throws {
        let first = try corpus.sample(.test, 3), again = try corpus.sample(.test, 3)
        #expect(first.votes == nil)
        #expect(first.labelAwareCaption == first.caption)
        #expect(first.landmarks.count == 31)
        #expect(first.image.pixels == again.image.pixels && first.name == "syn-faces/test/3")
    }

    @Test("its people are not a FER split's: its seed is no data.seed a run would use, and faces differ")
    func disjointFromFERSplits() throws {
        #expect(FacePretrainingCorpus.seed > 1 << 32)
        let fer = SynFER(flavour: .synRAF, seed: 0)
        let face = try corpus.sample(.train, 0), ferFace = fer.sample(.train, 0)
        #expect(face.image.pixels != ferFace.image.pixels)
        // Identity k of the corpus and identity k of a FER draw (data.seed 0, 1, 2) are different people.
        for k in 0..<50 {
            let person = Identity(id: k, seed: FacePretrainingCorpus.seed)
            for seed: UInt64 in 0..<3 {
                let other = Identity(id: k, seed: seed)
                #expect((person.faceHeight, person.eyeSpacing, person.noseLength) != (other.faceHeight, other.eyeSpacing, other.noseLength))
            }
        }
    }
}
