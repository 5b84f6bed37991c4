import FaceData
import Foundation
import Testing

@Suite struct RAFDBTests {
    @Test func readsTheFixture() throws {
        let root = try Fixtures.rafdb()
        let raf = try RAFDB(root: root)
        #expect(raf.classNames == ["surprise", "fear", "disgust", "happiness", "sadness", "anger", "neutral"])
        #expect(raf.count(.train) == 3 && raf.count(.test) == 2)
        let labels = try (0..<3).map { try raf.sample(.train, $0).label }
        #expect(labels == [0, 3, 6] && raf.labels(.train) == labels)
        #expect(try raf.sample(.test, 0).label == 4)
        let s = try raf.sample(.train, 1)
        #expect(s.image.width == 100 && s.image.channels == 3)
        #expect(abs(s.image.meanIntensity - Double(Fixtures.image(1).pixels[0])) < 0.01)
        #expect(s.name == "train_00002.jpg")
        #expect(s.labelAwareCaption == "a photo of a face smiling happily")
    }

    @Test(arguments: ["\r\n", "\r"]) func windowsAndOldMacLineEndingsReadAsUnix(lineEnding: String) throws {
        let unix = try RAFDB(root: try Fixtures.rafdb())
        let other = try RAFDB(root: try Fixtures.rafdb(lineEnding: lineEnding))
        #expect(other.count(.train) == 3 && other.count(.test) == 2)
        #expect(other.labels(.train) == unix.labels(.train) && other.labels(.test) == unix.labels(.test))
        #expect(try other.sample(.train, 1).name == "train_00002.jpg")
    }

    @Test func missingFoldersAreNamed() throws {
        let root = NSTemporaryDirectory() + "no-such-rafdb-" + UUID().uuidString
        #expect(throws: DataError.missing(path: root, what: "RAF-DB root folder")) { try RAFDB(root: root) }
        let empty = try Fixtures.tempDir("raf-empty")
        #expect(throws: DataError.missing(path: empty + "/EmoLabel/list_patition_label.txt", what: "RAF-DB label list")) {
            try RAFDB(root: empty)
        }
    }

    @Test func malformedLineNamesFileAndLine() throws {
        let root = try Fixtures.rafdb(lines: [("train_00001.jpg", "1"), ("train_00002.jpg", "x")], images: ["train_00001.jpg", "train_00002.jpg"])
        let list = root + "/EmoLabel/list_patition_label.txt"
        #expect(throws: DataError.malformedLine(file: list, line: 2, reason: "label 'x' is not an integer")) { try RAFDB(root: root) }
        let skipped = try RAFDB(root: root, options: ReaderOptions(skipBad: true))
        #expect(skipped.count(.train) == 1 && skipped.skipped.count == 1)
    }

    @Test func labelOutOfRangeNamesFileAndLine() throws {
        let root = try Fixtures.rafdb(lines: [("train_00001.jpg", "8"), ("test_0001.jpg", "3")])
        let list = root + "/EmoLabel/list_patition_label.txt"
        #expect(throws: DataError.labelOutOfRange(file: list, line: 1, label: 8, validRange: 1...7)) { try RAFDB(root: root) }
        let skipped = try RAFDB(root: root, options: ReaderOptions(skipBad: true))
        #expect(skipped.count(.train) == 0 && skipped.count(.test) == 1 && skipped.skipped.count == 1)
    }

    @Test func unreadableAndMissingImagesAreErrors() throws {
        let root = try Fixtures.rafdb(lines: [("train_00001.jpg", "1"), ("train_00002.jpg", "2"), ("test_0001.jpg", "3")],
                                      images: ["train_00001.jpg", "test_0001.jpg"])
        let bad = root + "/Image/aligned/test_0001_aligned.jpg"
        try Data("not a jpeg".utf8).write(to: URL(fileURLWithPath: bad))
        do {
            _ = try RAFDB(root: root)
            Issue.record("expected an error")
        } catch let error as DataError {
            #expect(error.description.contains("train_00002_aligned.jpg"))
            #expect(error.description.contains("list_patition_label.txt:2"))
        }
        let skipped = try RAFDB(root: root, options: ReaderOptions(skipBad: true))
        #expect(skipped.count(.train) == 1 && skipped.count(.test) == 0 && skipped.skipped.count == 2)
        #expect(skipped.skipped.contains { $0.description.contains("test_0001_aligned.jpg") && $0.description.contains("unreadable") })
    }
}

@Suite struct FERPlusTests {
    @Test func joinsVotesAndDropsUnknown() throws {
        let root = try Fixtures.ferplus(old: [
            "0,\(Fixtures.pixels(10)),Training", "3,\(Fixtures.pixels(20)),Training", "4,\(Fixtures.pixels(30)),PublicTest",
            "6,\(Fixtures.pixels(40)),PrivateTest", "2,\(Fixtures.pixels(50)),Training",
        ], new: [
            "Training,fer0000000.png,4,0,0,1,3,2,0,0,0,0", "Training,fer0000001.png,0,8,1,0,0,0,0,1,0,0",
            "PublicTest,fer0000002.png,0,0,6,0,0,0,4,0,0,0", "PrivateTest,fer0000003.png,0,0,0,0,0,0,0,3,0,7",
            "Training,,0,0,0,0,0,0,0,0,0,10",
        ])
        let fer = try FERPlus(root: root)
        #expect(fer.count(.train) == 2 && fer.count(.val) == 1 && fer.count(.test) == 0)
        #expect(fer.droppedUnknown == 2)
        let a = try fer.sample(.train, 0), b = try fer.sample(.train, 1), c = try fer.sample(.val, 0)
        #expect(a.label == 0 && a.votes == [4, 0, 0, 1, 3, 2, 0, 0])
        #expect(b.label == 1 && c.label == 2)
        #expect(a.image.width == 48 && a.image.channels == 1 && abs(a.image.pixels[100] - 10 / 255) < 1e-6)
        #expect(fer.classNames == ["neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt"])
    }

    @Test func crlfFilesReadAsUnix() throws {
        let old = ["0,\(Fixtures.pixels(10)),Training", "3,\(Fixtures.pixels(20)),Training", "4,\(Fixtures.pixels(30)),PublicTest"]
        let new = ["Training,fer0000000.png,4,0,0,1,3,2,0,0,0,0", "Training,fer0000001.png,0,8,1,0,0,0,0,1,0,0",
                   "PublicTest,fer0000002.png,0,0,6,0,0,0,4,0,0,0"]
        let unix = try FERPlus(root: try Fixtures.ferplus(old: old, new: new))
        let windows = try FERPlus(root: try Fixtures.ferplus(old: old, new: new, lineEnding: "\r\n"))
        #expect(windows.count(.train) == 2 && windows.count(.val) == 1)
        #expect(windows.labels(.train) == unix.labels(.train) && windows.labels(.val) == unix.labels(.val))
        #expect(try windows.sample(.train, 0).votes == [4, 0, 0, 1, 3, 2, 0, 0])
    }

    @Test func badRowsNameFileAndLine() throws {
        let short = (0..<100).map { _ in "1" }.joined(separator: " ")
        let root = try Fixtures.ferplus(old: ["0,\(short),Training", "9,\(Fixtures.pixels(1)),Training", "1,\(Fixtures.pixels(2)),Training"],
                                        new: ["Training,a.png,5,0,0,0,0,0,0,0,0,0", "Training,b.png,5,0,0,0,0,0,0,0,0,0",
                                              "Training,c.png,x,0,0,0,0,0,0,0,0,0"])
        do {
            _ = try FERPlus(root: root)
            Issue.record("expected an error")
        } catch let error as DataError {
            #expect(error.description.contains("fer2013.csv:2"))
            #expect(error.description.contains("2304"))
        }
        let skipped = try FERPlus(root: root, options: ReaderOptions(skipBad: true))
        #expect(skipped.skipped.count == 3 && skipped.count(.train) == 0)
        #expect(skipped.skipped[1] == .labelOutOfRange(file: root + "/fer2013.csv", line: 3, label: 9, validRange: 0...6))
        #expect(skipped.skipped[2].description.contains("fer2013new.csv:4"))
    }

    @Test func filesMustJoinRowByRow() throws {
        let root = try Fixtures.ferplus(old: ["0,\(Fixtures.pixels(1)),Training"], new: [])
        #expect(throws: DataError.self) { try FERPlus(root: root) }
        let missing = try Fixtures.tempDir("fer-missing")
        #expect(throws: DataError.missing(path: missing + "/fer2013.csv", what: "FER2013 pixels file")) { try FERPlus(root: missing) }
    }
}

@Suite struct KDEFTests {
    @Test func readsTheFixtureSubjectDisjoint() throws {
        let people = ["AF01", "BF01", "AM02", "BM02", "AF03", "AM04", "AF05", "AM06", "AF07", "AM08"]
        let root = try Fixtures.kdef(people: people)
        let kdef = try KDEF(root: root)
        #expect(kdef.count(.train) + kdef.count(.test) == people.count * 6)
        var trainIDs = Set<Int>(), testIDs = Set<Int>()
        for i in 0..<kdef.count(.train) { trainIDs.insert(try kdef.sample(.train, i).identity!) }
        for i in 0..<kdef.count(.test) { testIDs.insert(try kdef.sample(.test, i).identity!) }
        #expect(trainIDs.isDisjoint(with: testIDs))
        #expect(trainIDs.count + testIDs.count == 8)
        #expect(testIDs.count == 2)
        let s = try kdef.sample(.train, 0)
        #expect(s.image.width == 28 && s.image.height == 28, "cropped to a square")
        #expect(Set((0..<kdef.count(.train)).map { try! kdef.sample(.train, $0).label }) == [0, 3, 6])
        #expect(Set((0..<kdef.count(.train)).compactMap { try! kdef.sample(.train, $0).pose?.yaw }) == [0, -45])
        let random = try KDEF(root: root, mode: .randomSplit)
        #expect(random.count(.test) == 6)
    }

    @Test func badNamesAndImages() throws {
        let root = try Fixtures.kdef(people: ["AF01", "AM02"])
        try ImageIO.writeJPEG(Fixtures.image(0, width: 8, height: 8), to: root + "/AF01/AF01XXS.JPG")
        #expect(throws: DataError.badFileName(path: root + "/AF01/AF01XXS.JPG", reason: "expression code 'XX' is not one of AF AN DI HA NE SA SU")) {
            try KDEF(root: root)
        }
        try Data("broken".utf8).write(to: URL(fileURLWithPath: root + "/AM02/AM02ANS.JPG"))
        let skipped = try KDEF(root: root, options: ReaderOptions(skipBad: true))
        #expect(skipped.skipped.count == 2)
        #expect(skipped.count(.train) + skipped.count(.test) == 12)
        let none = NSTemporaryDirectory() + "no-kdef-" + UUID().uuidString
        #expect(throws: DataError.missing(path: none, what: "KDEF root folder")) { try KDEF(root: none) }
    }

    @Test func catalogOpensLowLightRealData() throws {
        let root = try Fixtures.rafdb()
        let source = try SourceCatalog.open("ll-raf-db", root: root)
        #expect(source.name == "ll-raf-db")
        let s = try source.sample(.train, 0)
        #expect(s.normalLight != nil && s.image.meanIntensity < s.normalLight!.meanIntensity)
        #expect(throws: DataError.self) { try SourceCatalog.open("raf-db") }
        #expect(throws: DataError.self) { try SourceCatalog.open("affectnet", root: root) }
    }
}
