import FaceData
import Foundation
import Testing

/// An image that goes bad after its dataset was opened is an error naming the image and the label
/// line that lists it; a pixel string with a non-number is an error naming the CSV line.
@Suite struct ListedImageErrorTests {
    @Test func anImageDamagedAfterOpeningNamesItsLabelLine() throws {
        let root = try Fixtures.rafdb()
        let raf = try RAFDB(root: root)
        let image = root + "/Image/aligned/train_00002_aligned.jpg"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: image))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: image))
        do {
            _ = try raf.sample(.train, 1)
            Issue.record("a damaged image decoded")
        } catch let error as DataError {
            #expect(error.description.contains(image))
            #expect(error.description.contains("list_patition_label.txt:2"), "\(error)")
        }
    }

    @Test func aPixelStringWithANonNumberNamesTheLine() throws {
        let bad = (0..<2304).map { $0 == 7 ? "x7" : "1" }.joined(separator: " ")
        let root = try Fixtures.ferplus(old: ["0,\(Fixtures.pixels(1)),Training", "0,\(bad),Training"],
                                        new: ["Training,a.png,5,0,0,0,0,0,0,0,0,0", "Training,b.png,5,0,0,0,0,0,0,0,0,0"])
        do {
            _ = try FERPlus(root: root)
            Issue.record("a non-number pixel was accepted")
        } catch let error as DataError {
            #expect(error.description.contains("fer2013.csv:3"), "\(error)")
        }
    }
}
