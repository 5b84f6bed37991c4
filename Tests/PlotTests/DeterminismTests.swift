import Foundation
import Testing
import Plot
import PlotGallery

/// Same figure, same bytes: twice in one process (with other figures rendered in between, which
/// moves Cairo's process-wide id counters) and across processes (the gallery executable).
@Suite struct DeterminismTests {
    let formats: [OutputFormat] = [.png(dpi: 200), .svg, .pdf]

    @Test func twoRendersInOneProcessAreByteIdentical() throws {
        let figures = try Gallery.figures()
        let first = try figures.map { f in try formats.map { try f.figure.render($0) } }
        let second = try figures.reversed().map { f in try formats.map { try f.figure.render($0) } }.reversed()
        for ((name, _), (a, b)) in zip(figures, zip(first, second)) {
            for (format, (x, y)) in zip(formats, zip(a, b)) {
                #expect(x == y, "\(name).\(format.fileExtension) differs between two renders")
            }
        }
    }

    @Test func pdfCarriesTheFixedCreationDate() throws {
        let pdf = try Gallery.figures()[0].figure.render(.pdf)
        let text = String(decoding: pdf, as: UTF8.self)
        // Cairo 1.16 writes the date without the "D:" prefix.
        #expect(text.contains("/CreationDate (20240101000000Z)"))
        #expect(!text.contains("/ModDate"))
    }

    @Test func galleryProcessWritesTheSameBytesAsThisProcess() throws {
        let binary = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("plot-gallery")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path),
                     "plot-gallery not built next to the tests: run swift build -c release --build-tests")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plot-gallery-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--output", folder.path, "--dpi", "200"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        // Rendered here in reverse order, so that Cairo's counters differ from the other process's.
        for (name, figure) in try Gallery.figures().reversed() {
            for format in formats {
                let file = folder.appendingPathComponent("\(name).\(format.fileExtension)")
                let theirs = try [UInt8](Data(contentsOf: file))
                #expect(try figure.render(format) == theirs, "\(name).\(format.fileExtension) differs across processes")
            }
        }
    }
}
