import FaceData
import Foundation
import Testing

@Suite struct SynFERTests {
    @Test func sameTripleGivesSameBytes() {
        for flavour in SynFERFlavour.allCases {
            let a = SynFER(flavour: flavour, seed: 7).sample(.train, 123)
            let b = SynFER(flavour: flavour, seed: 7).sample(.train, 123)
            #expect(a.image.pixels == b.image.pixels)
            #expect(a.landmarks == b.landmarks)
            #expect(a.votes == b.votes && a.label == b.label && a.caption == b.caption)
            let other = SynFER(flavour: flavour, seed: 8).sample(.train, 123)
            #expect(other.image.pixels != a.image.pixels)
        }
    }

    @Test func generationDoesNotDependOnThreadCount() {
        let synfer = SynFER(flavour: .synRAF, seed: 3)
        let one = Parallel.map(24, threads: 1) { synfer.sample(.test, $0).image.pixels }
        let four = Parallel.map(24, threads: 4) { synfer.sample(.test, $0).image.pixels }
        #expect(one == four)
        #expect(Set(one.map { $0.hashValue }).count == 24)
    }

    @Test func shapesAndColourModesFollowTheFlavour() {
        let raf = SynFER(flavour: .synRAF).sample(.train, 0)
        #expect(raf.image.width == 64 && raf.image.height == 64 && raf.image.channels == 3)
        let fer = SynFER(flavour: .synFERPlus).sample(.val, 0)
        #expect(fer.image.width == 48 && fer.image.channels == 1)
        #expect(fer.votes?.count == 8 && fer.votes?.reduce(0, +) == 10)
        #expect(raf.landmarks.count == Landmarks.count && Landmarks.count >= 30)
    }

    @Test func rafClassSharesMatchTheRealSet() {
        let synfer = SynFER(flavour: .synRAF, seed: 11)
        for split in [Split.train, .test] {
            let n = synfer.count(split)
            var counts = [Int](repeating: 0, count: 7)
            for i in 0..<n { counts[synfer.plan(split, i).label] += 1 }
            let real = SynFERFlavour.synRAF.classWeights(split)
            let total = real.reduce(0, +)
            #expect(n == Int(total))
            for k in 0..<7 {
                #expect(abs(Double(counts[k]) / Double(n) - real[k] / total) < 0.005, "class \(k) in \(split)")
            }
        }
    }

    @Test func ferplusSharesAndSplits() {
        let synfer = SynFER(flavour: .synFERPlus, seed: 2)
        #expect(synfer.splits == [.train, .val, .test])
        let n = 6000
        var counts = [Int](repeating: 0, count: 8)
        for i in 0..<n { counts[synfer.plan(.train, i).label] += 1 }
        let real = SynFERFlavour.synFERPlus.classWeights(.train)
        let total = real.reduce(0, +)
        for k in 0..<8 { #expect(abs(Double(counts[k]) / Double(n) - real[k] / total) < 0.005, "class \(k)") }
    }

    @Test func kdefIsBalancedAndSubjectDisjoint() {
        let synfer = SynFER(flavour: .synKDEF, seed: 5)
        #expect(synfer.count(.train) + synfer.count(.test) == 4900)
        #expect(synfer.count(.train) == 56 * 70)
        var trainPeople = Set<Int>(), testPeople = Set<Int>()
        var counts = [Int](repeating: 0, count: 7)
        var yaws = Set<Double>()
        for i in 0..<synfer.count(.train) {
            let p = synfer.plan(.train, i)
            trainPeople.insert(p.spec.identity.id)
            counts[p.label] += 1
            yaws.insert((p.spec.pose.yaw / 45).rounded() * 45)
        }
        for i in 0..<synfer.count(.test) { testPeople.insert(synfer.plan(.test, i).spec.identity.id) }
        #expect(trainPeople.isDisjoint(with: testPeople))
        #expect(trainPeople.count == 56 && testPeople.count == 14)
        #expect(counts == [Int](repeating: 560, count: 7))
        #expect(yaws == [-90, -45, 0, 45, 90])
    }

    @Test func labelsAreTheAnnotatorMajorityAndKdefIsCleaner() {
        let raf = SynFER(flavour: .synRAF, seed: 1), kdef = SynFER(flavour: .synKDEF, seed: 1)
        var rafAgree = 0.0, kdefAgree = 0.0, majority = 0
        let n = 400
        for i in 0..<n {
            let p = raf.plan(.train, i)
            if ExpressionModel.majority(p.votes) == p.label { majority += 1 }
            rafAgree += Double(p.votes[p.label]) / 10
            let q = kdef.plan(.train, i * 9)
            kdefAgree += Double(q.votes[q.label]) / 10
        }
        #expect(majority >= n * 98 / 100)
        #expect(kdefAgree / Double(n) > 0.95)
        #expect(rafAgree / Double(n) < 0.9 && rafAgree / Double(n) > 0.6)
    }

    @Test func captionsNameAttributesAndEmotion() {
        let synfer = SynFER(flavour: .synRAF, seed: 4)
        var sawGlasses = false
        for i in 0..<200 {
            let s = synfer.sample(.train, i)
            let a = s.attributes!
            #expect(s.caption.hasPrefix("a person with"))
            #expect(s.caption.contains("glasses") == a.glasses)
            #expect(s.caption.contains("beard") == a.beard)
            #expect(s.labelAwareCaption.hasPrefix(s.caption))
            #expect(s.labelAwareCaption.hasSuffix(SynFERFlavour.synRAF.classes[s.label].captionPhrase))
            sawGlasses = sawGlasses || a.glasses
            if i > 40 { break }
        }
        #expect(sawGlasses)
        let a = FaceAttributes(hairStyle: .short, hairColour: .dark, glasses: true, beard: false, skinTone: "light", eyeColour: "brown")
        #expect(Caption.labelAware(a, emotion: .happiness) == "a person with glasses and short dark hair, smiling happily")
    }

    @Test func unknownFlavourIsATypedError() {
        #expect(throws: DataError.self) { try SynFERFlavour.named("syn-affectnet") }
    }

    @Test("a contact sheet's picks: the asked number per class, each face of its row's class and within the yaw bound")
    func gridPicksFollowTheRequest() throws {
        let synfer = SynFER(flavour: .synKDEF, seed: 1)
        let picks = try synfer.gridPicks(perClass: 3, maxYaw: 10)
        #expect(picks.count == SynFERFlavour.synKDEF.classes.count)
        for (row, indices) in picks.enumerated() {
            #expect(indices.count == 3)
            for index in indices {
                let plan = synfer.plan(.train, index)
                #expect(plan.label == row && abs(plan.spec.pose.yaw) <= 10)
            }
        }
        #expect(try synfer.gridPicks(perClass: 3, maxYaw: 10) == picks)
    }

    @Test("a contact sheet that would have an empty row, or asks for no face, is an error naming why")
    func gridPicksRefuseEmptyRows() {
        // syn-kdef's faces lie near its five capture angles, never exactly at 0°.
        #expect(throws: DataError.invalidRequest("no syn-kdef training face with |yaw| ≤ 0.0° in class afraid, angry, disgusted, happy, neutral, sad, surprised; raise the largest yaw")) {
            try SynFER(flavour: .synKDEF, seed: 1).gridPicks(perClass: 2, maxYaw: 0)
        }
        #expect(throws: DataError.invalidRequest("faces per class must be positive, not 0")) {
            try SynFER(flavour: .synRAF).gridPicks(perClass: 0, maxYaw: 30)
        }
        #expect(throws: DataError.invalidRequest("the largest |yaw| must be at least 0°, not -1.0°")) {
            try SynFER(flavour: .synRAF).gridPicks(perClass: 1, maxYaw: -1)
        }
    }
}
